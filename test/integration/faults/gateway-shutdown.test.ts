import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { Role, defaultCalendar } from '@pirm/domain';
import { PersonEntity, RoleAssignmentEntity, upsertCampaignProjection } from '@pirm/persistence';
import { issueToken } from '../../../apps/gateway/src/tokens';
import { campaignYear } from '../../support/campaign';
import { startService, type ServiceProcess } from '../../support/processes';
import { createTestDatabase, temporalAddress, type TestDatabase } from '../../support/stack';
import { until, within } from '../../support/wait';

const MAIN = join(__dirname, '../../../apps/gateway/dist/main.js');
const SECRET = randomBytes(32).toString('hex');

/**
 * Issue 13 points 8 and 11 with the production entry point as a process of its own: it listens on loopback
 * unless HOST says otherwise, and after SIGTERM it exits within SHUTDOWN_DEADLINE_MS even when the graceful
 * shutdown cannot finish (here: it waits for an export that waits on a lock).
 */
describe('issue 13: the gateway process binds HOST and exits within its shutdown deadline', () => {
  let db: TestDatabase;
  let gateway: ServiceProcess | undefined;
  const env = () => ({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporalAddress(),
    AUTH_JWT_SECRET: SECRET,
    AUTH_JWKS_URL: '',
    PORT: '0',
  });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await gateway?.kill();
    await db?.drop();
  });

  it('issue 13.8 issue 13.11 listens on 127.0.0.1 by default; a hung shutdown still ends within the deadline after SIGTERM', async () => {
    const admin = await db.dataSource
      .getRepository(PersonEntity)
      .save({ code: 'office-admin', name: 'office-admin', unitId: null });
    await db.dataSource
      .getRepository(RoleAssignmentEntity)
      .insert({ personId: admin.id, role: Role.OFFICE_ADMIN, unitId: null });
    const year = campaignYear();
    await upsertCampaignProjection(db.dataSource, {
      campaignId: String(year),
      year,
      status: 'RUNNING',
      currentPhase: 'EXECUTION',
      calendar: defaultCalendar(year),
      rulesVersion: 1,
      launchedBy: 'office-admin',
      revision: 1,
    });
    gateway = await startService({
      script: MAIN,
      env: { ...env(), SHUTDOWN_DEADLINE_MS: '2000' },
      ready: /gateway listening on /,
      timeoutMs: 60_000,
    });
    const url = new URL(/gateway listening on (\S+)/.exec(gateway.output())![1]!);
    expect(url.hostname).toBe('127.0.0.1');

    // A request whose query waits on a table the owner holds locked: the gateway's shutdown waits for the
    // database pool's busy connection, so without a deadline it would wait as long as the lock is held.
    const owner = new PgClient({ connectionString: db.ownerUrl });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query('LOCK TABLE risk_form IN ACCESS EXCLUSIVE MODE');
      void fetch(`${url.origin}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${issueToken({ jwtSecret: SECRET, issuer: 'pirm', audience: 'pirm-gateway' }, 'office-admin')}`,
        },
        body: JSON.stringify({
          query: 'query($c: ID!) { campaignDashboard(campaignId: $c) { gradeDistribution { grade } } }',
          variables: { c: String(year) },
        }),
      }).catch(() => undefined);
      await until(
        'the dashboard to wait on the lock',
        async () =>
          (await owner.query(`SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'risk_form'::regclass`))
            .rowCount! > 0,
      );

      const t0 = Date.now();
      gateway.proc.kill('SIGTERM');
      const exit = await within('the gateway to exit after SIGTERM', gateway.exited, 15_000);
      gateway = undefined;
      expect(exit).toBe(1);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await owner.query('ROLLBACK');
      await owner.end();
    }
  });

  it('issue 13.11 the shutdown deadline and HOST are validated at boot', () => {
    const boot = spawnSync(process.execPath, [MAIN], {
      env: { ...process.env, ...env(), SHUTDOWN_DEADLINE_MS: 'soon', HOST: 'every-interface' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(boot.status).toBe(1);
    expect(boot.stdout + boot.stderr).toMatch(/SHUTDOWN_DEADLINE_MS .*HOST must be an IP address/s);
  });
});
