import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

interface LintResult {
  messages: { ruleId: string | null; message: string }[];
}

/**
 * Runs the project's ESLint CLI (its config is an ES module) on text standing in for a new file of a layer.
 * The import rules need no type information, so the type-aware rules are off for the probe.
 */
function lint(text: string, filePath: string): LintResult[] {
  const args = ['eslint', '--format', 'json', '--stdin', '--stdin-filename', filePath, '--parser-options=project:false'];
  for (const rule of ['no-floating-promises', 'no-misused-promises', 'await-thenable']) args.push('--rule', `@typescript-eslint/${rule}: off`);
  try {
    return JSON.parse(execFileSync('npx', args, { cwd: root, input: text, encoding: 'utf8' })) as LintResult[];
  } catch (err) {
    // ESLint exits 1 when it reports errors; its JSON report is still on stdout.
    return JSON.parse((err as { stdout: string }).stdout) as LintResult[];
  }
}

/** Lints `text` as if it were a new file in `folder` and returns the messages of the architecture rules. */
async function violations(folder: string, text: string): Promise<string[]> {
  const [result] = lint(text, join(root, folder, 'probe.ts'));
  return (result?.messages ?? [])
    .filter((m) => ['no-restricted-imports', 'no-restricted-syntax', 'no-restricted-globals'].includes(m.ruleId ?? ''))
    .map((m) => m.message);
}

describe('the dependency rules are enforced by lint', () => {
  jest.setTimeout(60_000);

  it('keeps workflow code deterministic', async () => {
    expect(await violations('workflows/src', "import { DataSource } from 'typeorm';\nexport const x = DataSource;")).toHaveLength(1);
    expect(await violations('workflows/src', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;")).toHaveLength(1);
    expect(await violations('workflows/src', "import { createActivities } from '@pirm/activities';\nexport const z = createActivities;")).toHaveLength(1);
    expect(await violations('workflows/src', "import type { Activities } from '@pirm/activities';\nexport type A = Activities;")).toEqual([]);
    expect(await violations('workflows/src', 'export const t = new Date();\nexport const r = Math.random();')).toHaveLength(2);
  });

  it('keeps the domain pure and the gateway off worker internals', async () => {
    expect(await violations('libs/domain/src', "import { Client } from 'pg';\nexport const c = Client;")).toHaveLength(1);
    expect(await violations('apps/gateway/src', "import { Worker } from '@temporalio/worker';\nexport const w = Worker;")).toHaveLength(1);
  });

  it('accepts the workflow code as committed', async () => {
    expect(await violations('workflows/src', readFileSync(join(root, 'workflows/src/campaign.workflow.ts'), 'utf8'))).toEqual([]);
  });
});
