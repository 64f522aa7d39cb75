import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

interface Probe {
  path?: string;
  text?: string;
  files?: { path: string; text: string }[];
}
type Message = { ruleId: string | null; message: string };

/** Every probe linted in one ESLint run with the project's config (test/support/lint-probes.mjs). */
function lint(probes: Probe[]): Message[][] {
  const out = execFileSync(process.execPath, [join(root, 'test/support/lint-probes.mjs')], {
    cwd: root,
    input: JSON.stringify(probes),
    encoding: 'utf8',
  });
  return JSON.parse(out) as Message[][];
}

const ARCHITECTURE_RULES = [
  'no-restricted-imports',
  'no-restricted-syntax',
  'no-restricted-globals',
  'import-x/no-cycle',
];
const imports = (what: string, from: string) => `import { ${what} } from '${from}';\nexport const probe = ${what};\n`;

/**
 * One or more forbidden imports and one allowed import per zone of eslint.config.mjs: each forbidden probe
 * stops being reported when its zone's rule is removed, and the allowed one shows the zone does not simply
 * refuse everything.
 */
const ZONES: { zone: string; forbidden: string[]; allowed: string }[] = [
  {
    zone: 'libs/domain/src',
    forbidden: [imports('Client', 'pg'), imports('readFileSync', 'node:fs'), imports('Injectable', '@nestjs/common')],
    allowed: imports('Role', './roles'),
  },
  {
    zone: 'libs/contracts/src',
    forbidden: [imports('DataSource', 'typeorm'), imports('Client', '@temporalio/client')],
    allowed: imports('Role', '@pirm/domain'),
  },
  {
    zone: 'workflows/src',
    forbidden: [
      imports('DataSource', 'typeorm'),
      imports('readFileSync', 'node:fs'),
      imports('createActivities', '@pirm/activities'),
    ],
    allowed: "import type { Activities } from '@pirm/activities';\nexport type A = Activities;\n",
  },
  {
    zone: 'libs/persistence/src',
    forbidden: [imports('Client', '@temporalio/client'), imports('Injectable', '@nestjs/common')],
    allowed: "import type { DataSource } from 'typeorm';\nexport type D = DataSource;\n",
  },
  {
    zone: 'activities/src',
    forbidden: [imports('proxyActivities', '@temporalio/workflow'), imports('Injectable', '@nestjs/common')],
    allowed: imports('Role', '@pirm/domain'),
  },
  {
    zone: 'apps/worker/src',
    forbidden: [imports('serve', '@pirm/gateway'), imports('GraphQLModule', '@nestjs/graphql')],
    allowed: imports('createActivities', '@pirm/activities'),
  },
  {
    zone: 'apps/gateway/src',
    forbidden: [
      imports('Worker', '@temporalio/worker'),
      imports('DataSource', 'typeorm'),
      imports('Client', 'pg'),
      "import type { DataSource } from 'typeorm';\nexport type D = DataSource;\n",
    ],
    allowed: imports('Client', '@temporalio/client'),
  },
  {
    zone: 'apps/web/src',
    forbidden: [
      imports('Role', '@pirm/domain'),
      imports('issueToken', '../../gateway/src/tokens'),
      imports('readFileSync', 'node:fs'),
    ],
    allowed: imports('useState', 'react'),
  },
];

describe('the dependency rules of docs/architecture.md are enforced by lint (issue 17)', () => {
  jest.setTimeout(60_000);

  const probes: Probe[] = ZONES.flatMap(({ zone, forbidden, allowed }) => [
    ...forbidden.map((text) => ({ path: `${zone}/probe.ts`, text })),
    { path: `${zone}/probe.ts`, text: allowed },
  ]);
  const syntax: Probe = {
    path: 'workflows/src/probe.ts',
    text: 'export const t = new Date();\nexport const r = Math.random();\n',
  };
  const cycle: Probe = {
    files: [
      { path: 'libs/domain/src/__cycle_probe__/a.ts', text: "import { b } from './b';\nexport const a = () => b;\n" },
      { path: 'libs/domain/src/__cycle_probe__/b.ts', text: "import { a } from './a';\nexport const b = () => a;\n" },
    ],
  };
  const committed: Probe = {
    path: 'workflows/src/form-review.workflow.ts',
    text: readFileSync(join(root, 'workflows/src/form-review.workflow.ts'), 'utf8'),
  };
  let results: Message[][];
  beforeAll(() => {
    results = lint([...probes, syntax, cycle, committed]).map((ms) =>
      ms.filter((m) => ARCHITECTURE_RULES.includes(m.ruleId ?? '')),
    );
  });

  it.each(ZONES.map((z) => [z.zone, z] as const))('zone %s refuses what it must and allows its own', (_, zone) => {
    const at = probes.findIndex((p) => p.path === `${zone.zone}/probe.ts`);
    for (let i = 0; i < zone.forbidden.length; i++) expect(results[at + i]).toHaveLength(1);
    expect(results[at + zone.forbidden.length]).toEqual([]);
  });

  it('keeps workflow code deterministic: no new Date() and no Math.random()', () => {
    expect(results[probes.length]).toHaveLength(2);
  });

  it('refuses an import cycle', () => {
    expect(results[probes.length + 1].map((m) => m.ruleId)).toEqual(['import-x/no-cycle', 'import-x/no-cycle']);
  });

  it('accepts the workflow code as committed', () => {
    expect(results[probes.length + 2]).toEqual([]);
  });
});
