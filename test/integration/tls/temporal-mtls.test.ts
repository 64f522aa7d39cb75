import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NativeConnection } from '@temporalio/worker';
import { Role } from '@pirm/domain';
import { temporalConnectionOptions } from '@pirm/contracts';
import { PersonEntity, RoleAssignmentEntity } from '@pirm/persistence';
import { loadWorkerConfig } from '@pirm/worker';
import { createGateway } from '../../../apps/gateway/src/main';
import { issueToken } from '../../../apps/gateway/src/tokens';
import { startService, type ServiceProcess } from '../../support/processes';
import { createTestDatabase, temporalAddress, uniqueName, type TestDatabase } from '../../support/stack';
import { createTestPki, startMtlsProxy, type TestPki } from '../../support/tls-proxy';
import { campaignYear } from '../../support/campaign';

const WORKER_SCRIPT = join(__dirname, '../../../apps/worker/dist/main.js');
const SERVER_NAME = 'temporal-frontend.test';
const SECRET = 'a-test-secret-of-at-least-32-characters';
// Workflow ids (`campaign:{year}`) are shared by every test on the one dev server: a year no other test launches.
// Derived and claimed for the run: the campaign's workflow id lives on the shared dev server.
const YEAR = campaignYear('mtls');

/**
 * Issue 16: the gateway and the worker reach Temporal over mutual TLS from their configuration alone. The Temporal
 * CLI's dev server has no TLS settings (`temporal server start-dev --help`), so a TLS front that demands a client
 * certificate of the test's CA (startMtlsProxy) stands before it, as a TLS-terminating balancer would.
 */
describe('issue 16: Temporal over mTLS, configured by TEMPORAL_TLS_* variables', () => {
  let pki: TestPki;
  let proxy: Awaited<ReturnType<typeof startMtlsProxy>>;
  let db: TestDatabase;
  let gateway: NestExpressApplication;
  let worker: ServiceProcess | undefined;
  let tlsEnv: Record<string, string>;
  const taskQueue = uniqueName('mtls');

  beforeAll(async () => {
    pki = createTestPki(SERVER_NAME);
    proxy = await startMtlsProxy(pki, temporalAddress());
    db = await createTestDatabase();
    // 127.0.0.1 is not in the server's certificate: the connection must verify it as SERVER_NAME.
    tlsEnv = {
      TEMPORAL_ADDRESS: proxy.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.ca,
      TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: pki.clientKey,
      TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    };
    worker = await startService({
      script: WORKER_SCRIPT,
      env: { DATABASE_URL: db.url, ...tlsEnv },
      ready: /polling task queue/,
    });
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      AUTH_JWT_SECRET: SECRET,
      AUTH_JWKS_URL: '',
      TEMPORAL_RPC_TIMEOUT_MS: '5000',
      ...tlsEnv,
    });
    gateway = await createGateway({ logger: ['error', 'warn'] });
    await gateway.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    for (const name of Object.keys(tlsEnv ?? {})) delete process.env[name];
    await gateway?.close();
    await worker?.kill('SIGTERM');
    await proxy?.stop();
    await db?.drop();
    pki?.remove();
  });

  it('a campaign launched through the gateway runs on the worker, both over mTLS', async () => {
    const ds = db.dataSource;
    const admin = await ds.getRepository(PersonEntity).save({ code: 'office-admin', name: 'admin', unitId: null });
    await ds.getRepository(RoleAssignmentEntity).insert({ personId: admin.id, role: Role.OFFICE_ADMIN, unitId: null });
    const token = issueToken({ jwtSecret: SECRET, issuer: 'pirm', audience: 'pirm-gateway' }, 'office-admin');
    const graphql = async (query: string, variables: Record<string, unknown>) =>
      (await fetch(`${await gateway.getUrl()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json())) as { data?: Record<string, { id: string; source: string }>; errors?: unknown };

    const launched = await graphql(
      `
        mutation ($input: LaunchCampaignInput!) {
          launchCampaign(input: $input) {
            id
          }
        }
      `,
      {
        input: { year: YEAR },
      },
    );
    expect(launched).toEqual({ data: { launchCampaign: { id: String(YEAR) } } });
    // LIVE: answered by the workflow's query, i.e. by the worker, which only reaches Temporal through the front.
    const read = await graphql(
      `
        query ($id: ID!) {
          campaign(id: $id) {
            id
            source
          }
        }
      `,
      { id: String(YEAR) },
    );
    expect(read).toEqual({ data: { campaign: { id: String(YEAR), source: 'LIVE' } } });
    expect(await (await fetch(`${await gateway.getUrl()}/health/ready`)).json()).toMatchObject({ temporal: 'up' });
    expect(proxy.authorized()).toBeGreaterThanOrEqual(2);
  });

  it('without the client certificate, or without the server name, the connection is refused', async () => {
    const connect = (env: Record<string, string>) =>
      NativeConnection.connect(
        temporalConnectionOptions(loadWorkerConfig({ DATABASE_URL: db.url, ...env }).temporal),
      ).then(async (c) => {
        await c.close();
        return 'connected';
      });
    const { TEMPORAL_TLS_CLIENT_CERT_PATH: _c, TEMPORAL_TLS_CLIENT_KEY_PATH: _k, ...noClientCert } = tlsEnv;
    const { TEMPORAL_TLS_SERVER_NAME: _n, ...noServerName } = tlsEnv;
    await expect(connect(noClientCert)).rejects.toThrow();
    await expect(connect(noServerName)).rejects.toThrow();
    await expect(connect(tlsEnv)).resolves.toBe('connected');
  });
});
