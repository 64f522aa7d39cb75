import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ConsoleBuild {
  CONSOLE_BUILD_FILES: string[];
  missingConsoleFiles(root: string): string[];
  ensureConsoleBuilt(root: string, o: { say?: (m: string) => void; build?: (root: string) => number | null }): boolean;
}
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher module without types */
const { CONSOLE_BUILD_FILES, ensureConsoleBuilt, missingConsoleFiles } =
  require('../../../infra/console-build.cjs') as ConsoleBuild;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Issue 14: `npm start` builds the console when it is missing, and only then (infra/console-build.cjs). */
describe('npm start builds the web console if apps/web/dist is missing (issue 14)', () => {
  let root: string;
  const dist = () => join(root, 'apps/web/dist');
  /** A build that writes what the real one writes, counting its runs. */
  const fakeBuild = (status = 0) => {
    const runs: string[] = [];
    const build = (at: string) => {
      runs.push(at);
      if (status === 0) {
        mkdirSync(dist(), { recursive: true });
        for (const f of CONSOLE_BUILD_FILES) writeFileSync(join(dist(), f), 'x');
      }
      return status;
    };
    return { runs, build };
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pirm-console-build-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds a fresh clone’s console once, saying so, and not again on the next start', () => {
    const said: string[] = [];
    const { runs, build } = fakeBuild();
    expect(missingConsoleFiles(root)).toEqual(['index.html', 'persisted-documents.json']);
    expect(ensureConsoleBuilt(root, { say: (m) => said.push(m), build })).toBe(true);
    expect(runs).toEqual([root]);
    expect(said).toEqual(['building the web console (apps/web/dist has no index.html, persisted-documents.json)']);
    expect(ensureConsoleBuilt(root, { say: (m) => said.push(m), build })).toBe(false);
    expect(runs).toHaveLength(1);
  });

  it('rebuilds a build that lacks a file the gateway reads (the trusted documents)', () => {
    mkdirSync(dist(), { recursive: true });
    writeFileSync(join(dist(), 'index.html'), '<!doctype html>');
    expect(missingConsoleFiles(root)).toEqual(['persisted-documents.json']);
    const { runs, build } = fakeBuild();
    expect(ensureConsoleBuilt(root, { build })).toBe(true);
    expect(runs).toHaveLength(1);
  });

  it('stops the start when the build fails', () => {
    const { build } = fakeBuild(1);
    expect(() => ensureConsoleBuilt(root, { build })).toThrow('building the web console failed');
  });

  it('is what npm start runs, before it starts the gateway', () => {
    const start = readFileSync(join(__dirname, '../../../infra/start.mjs'), 'utf8');
    const call = start.indexOf('ensureConsoleBuilt(root');
    expect(call).toBeGreaterThan(0);
    expect(call).toBeLessThan(start.indexOf("spawnService('gateway'"));
  });
});
