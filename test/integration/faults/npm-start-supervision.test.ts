import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '@pirm/persistence';
import { issueToken } from '../../../apps/gateway/src/tokens';
import { startService, type ServiceProcess } from '../../support/processes';
import { submitToFirstStep } from '../../support/district';
import type { GraphQLResponse, StackLike } from '../../support/gateway';
import { launchWithScreeningOpen } from '../../support/screening';
import { until } from '../../support/wait';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../../infra/ports.cjs') as { freePort: () => Promise<number> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { afterCrash, RESTART_POLICY } = require('../../../infra/supervise.cjs') as {
  afterCrash: (crashes: number[], now: number) => { giveUp: boolean; delayMs?: number; recent: number[] };
  RESTART_POLICY: { maxCrashes: number; windowMs: number };
};

const YEAR = 2077;
const DECIDE = `mutation($i: DecideInput!) { decideReviewTask(input: $i) { formVersion } }`;

describe('issue 16: npm start keeps its parts running', () => {
  it('restarts after 1, 2, 4 … s, and gives up only after repeated crashes within the window', () => {
    expect(afterCrash([], 0)).toMatchObject({ giveUp: false, delayMs: 1_000 });
    expect(afterCrash([0, 1_000], 3_000)).toMatchObject({ giveUp: false, delayMs: 4_000 });
    const often = Array.from({ length: RESTART_POLICY.maxCrashes - 1 }, (_, i) => i * 1_000);
    expect(afterCrash(often, 10_000).giveUp).toBe(true);
    // Crashes older than the window are forgiven.
    expect(afterCrash(often, RESTART_POLICY.windowMs + 10_000)).toMatchObject({ giveUp: false, delayMs: 1_000 });
  });

  /**
   * R09 under `npm start` itself: the worker is SIGKILLed while a form waits in a reviewer's inbox; `npm start`
   * restarts it, and the reviewer's decision succeeds again within 60 s, with the gateway up all along.
   */
  describe('a killed worker under npm start', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pirm-start-'));
    let start: ServiceProcess;
    let ds: ReturnType<typeof createDataSource>;
    let gateway: string;
    let token: (code: string) => string;

    const graphql = async <T = Record<string, unknown>>(
      query: string,
      variables: Record<string, unknown> = {},
      bearer?: string,
    ): Promise<GraphQLResponse<T>> => {
      const res = await fetch(`${gateway}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as Omit<GraphQLResponse<T>, 'status'>) };
    };

    const stack = (): StackLike => ({ graphql, db: { dataSource: ds } });

    beforeAll(async () => {
      const [port, temporalPort, uiPort, pgPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
      start = await startService({
        script: join(__dirname, '../../../infra/start.mjs'),
        env: {
          PIRM_DATA_DIR: dataDir,
          NODE_ENV: 'development',
          PORT: String(port),
          TEMPORAL_PORT: String(temporalPort),
          TEMPORAL_UI_PORT: String(uiPort),
          PG_PORT: String(pgPort),
        },
        ready: /is running/,
        timeoutMs: 180_000,
      });
      const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as Record<string, string>;
      gateway = runtime.GATEWAY_URL!;
      ds = createDataSource({ url: runtime.DATABASE_URL!, applicationName: 'pirm-test', poolSize: 2 });
      await ds.initialize();
      const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
      token = (code) => issueToken({ jwtSecret: secret, issuer: 'pirm', audience: 'pirm-gateway' }, code);
    }, 240_000);
    afterAll(async () => {
      await ds?.destroy();
      await start?.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('issue 16 R09: npm start restarts the worker and a decision succeeds within 60 s', async () => {
      await launchWithScreeningOpen(stack(), YEAR, ['s001'], token('office-admin'));
      const task = await submitToFirstStep(stack(), String(YEAR), 's001-0011', token);

      const pid = Number([...start.output().matchAll(/worker started \(pid (\d+)\)/g)].at(-1)![1]);
      process.kill(pid, 'SIGKILL');
      const killedAt = Date.now();
      await until('npm start to notice the crash', () =>
        /worker exited \(SIGKILL\); restarting it/.test(start.output()),
      );

      const decided = await until(
        'a decision through the restarted worker',
        async () => {
          const res = await graphql<{ decideReviewTask: { formVersion: number } }>(
            DECIDE,
            {
              i: {
                taskId: task.taskId,
                idempotencyKey: 'after-restart',
                decision: 'APPROVE',
                opinion: '同意',
                formVersion: task.formVersion,
              },
            },
            token(task.reviewer),
          );
          return res.data?.decideReviewTask ?? undefined;
        },
        60_000,
        1_000,
      );
      expect(decided.formVersion).toBeGreaterThan(task.formVersion);
      expect(Date.now() - killedAt).toBeLessThan(60_000);
      expect(start.proc.exitCode).toBeNull(); // npm start is still up
    });
  });
});
