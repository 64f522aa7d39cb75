import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { TestStack } from '../support/gateway';

const run = promisify(execFile);
const CLI = join(__dirname, '../../infra/roster-import.mjs');

/**
 * R01 issue 12.4: `npm run roster:import` is a client of the gateway's importRoster, so an import from the
 * command line takes the same path as the console's (audit, the move of open review steps, leavers, dry runs).
 */
describe('R01 issue 12.4 npm run roster:import goes through the gateway', () => {
  const stack = new TestStack();
  const rows = generateDistrictRows({ units: 2, people: 30, seed: 21 });
  const header = rows[0]!;
  const code = (r: string[]): string => r[header.indexOf('工号')]!;
  const unit = (r: string[]): string => r[header.indexOf('单位编码')]!;
  const dir = mkdtempSync(join(tmpdir(), 'pirm-roster-cli-'));
  let token: string;

  /** Runs the CLI on `rows` written as CSV; resolves with its exit code, the report (JSON on stdout) and stderr. */
  async function cli(name: string, fileRows: string[][], ...flags: string[]) {
    const file = join(dir, `${name}.csv`);
    writeFileSync(file, toCsv(fileRows));
    const env = { ...process.env, GATEWAY_URL: stack.url, PIRM_TOKEN: token };
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...flags, file], { env });
      return { status: 0, report: JSON.parse(stdout) as Record<string, unknown>, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return {
        status: e.code,
        report: e.stdout ? (JSON.parse(e.stdout) as Record<string, unknown>) : null,
        stderr: e.stderr,
      };
    }
  }
  const leftAt = async (personCode: string): Promise<string | null> =>
    (
      (await stack.db.dataSource.query('SELECT left_at FROM person WHERE code = $1', [personCode])) as {
        left_at: string | null;
      }[]
    )[0]!.left_at;

  beforeAll(async () => {
    await stack.start();
    token = await stack.person('cli-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
  });
  afterAll(() => stack.stop());

  it('imports a file, then a full-units dry run lists the leaver and changes nothing, and the real run makes them leave', async () => {
    const first = await cli('all', rows);
    expect(first).toMatchObject({ status: 0, report: { mode: 'MERGE', dryRun: false, errors: [] } });
    expect((first.report!.newPeople as string[]).length).toBe(rows.length - 1);

    const leaver = code(rows.find((r) => r !== header && unit(r) === 's001' && !code(r).endsWith('0001'))!);
    const s001 = rows.filter((r) => r === header || (unit(r) === 's001' && code(r) !== leaver));
    const dry = await cli('s001-dry', s001, '--mode', 'FULL_UNITS', '--dry-run');
    expect(dry).toMatchObject({ status: 0, report: { dryRun: true, leavers: [{ code: leaver, unitId: 's001' }] } });
    expect(await leftAt(leaver)).toBeNull();

    const done = await cli('s001', s001, '--mode', 'FULL_UNITS');
    expect(done).toMatchObject({ status: 0, report: { dryRun: false, leavers: [{ code: leaver, unitId: 's001' }] } });
    expect(await leftAt(leaver)).not.toBeNull();
  });

  it('refuses a bad file with its row errors, a bad mode with the usage, and a caller who is not the office', async () => {
    const bad = rows
      .slice(0, 3)
      .map((r, i) => (i === 2 ? r.map((v, j) => (j === header.indexOf('填表类型') ? 'NOPE' : v)) : r));
    const refused = await cli('bad', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('nothing was imported');
    expect(refused.stderr).toContain('填表类型');

    expect((await cli('mode', rows, '--mode', 'EVERYTHING')).stderr).toContain('usage: npm run roster:import');

    token = stack.token(code(rows.find((r) => r !== header && !r[header.indexOf('角色')])!));
    const forbidden = await cli('staff', rows);
    expect(forbidden.status).toBe(1);
    expect(forbidden.stderr).toContain('nothing was imported');
  });
});
