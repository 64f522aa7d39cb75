import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

/** The no-restricted-imports messages ESLint gives `text` as a new file at `path` (import rules need no types). */
function restrictedImports(text: string, path: string): string[] {
  const args = ['eslint', '--format', 'json', '--stdin', '--stdin-filename', join(root, path), '--parser-options=project:false'];
  for (const rule of ['no-floating-promises', 'no-misused-promises', 'await-thenable']) args.push('--rule', `@typescript-eslint/${rule}: off`);
  let out: string;
  try {
    out = execFileSync('npx', args, { cwd: root, input: text, encoding: 'utf8' });
  } catch (err) {
    // ESLint exits 1 when it reports errors; its JSON report is still on stdout.
    out = (err as { stdout: string }).stdout;
  }
  const [result] = JSON.parse(out) as { messages: { ruleId: string | null; message: string }[] }[];
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('issue 17: SQL and TypeORM stay in libs/persistence', () => {
  jest.setTimeout(60_000);

  it('refuses typeorm and pg in the gateway, still refusing worker internals there', () => {
    expect(restrictedImports("import type { DataSource } from 'typeorm';\nexport type D = DataSource;", 'apps/gateway/src/campaign/probe.ts')).toHaveLength(1);
    expect(restrictedImports("import { Client } from 'pg';\nexport const c = Client;", 'apps/gateway/src/probe.ts')).toHaveLength(1);
    expect(restrictedImports("import { Worker } from '@temporalio/worker';\nexport const w = Worker;", 'apps/gateway/src/probe.ts')).toHaveLength(1);
  });

  it('lets libs/persistence use them', () => {
    expect(restrictedImports("import type { DataSource } from 'typeorm';\nexport type D = DataSource;", 'libs/persistence/src/probe.ts')).toEqual([]);
  });
});
