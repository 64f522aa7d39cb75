import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { temporalConnectionOptions } from '@pirm/contracts';
import { loadWorkerConfig } from '@pirm/worker';
import { TestCluster, graphqlAt } from '../support/cluster';
import { createTestPki, type TestPki } from '../support/tls-proxy';

const SERVER_NAME = 'temporal-frontend.test';

/**
 * Issue 16: mTLS against the real Temporal server. `npm run start:cluster` runs the server with a frontend that
 * serves a certificate of the test's CA and demands a client certificate of it; the gateways and workers connect
 * with nothing but their TEMPORAL_TLS_* settings (libs/contracts' readTemporalConfig → temporalConnectionOptions,
 * the code both use). A client without a certificate, or with one of another CA, is refused by the server itself.
 */
describe('issue 16: the real Temporal server demands client certificates; the services connect by TEMPORAL_TLS_*', () => {
  const cluster = new TestCluster();
  let pki: TestPki;
  let foreign: TestPki;
  let tlsEnv: Record<string, string>;

  beforeAll(async () => {
    pki = createTestPki(SERVER_NAME);
    foreign = createTestPki(SERVER_NAME);
    // 127.0.0.1 is not in the server's certificate: every client must verify it as SERVER_NAME.
    tlsEnv = {
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.ca,
      TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: pki.clientKey,
      TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    };
    await cluster.boot({
      ...tlsEnv,
      TEMPORAL_SERVER_TLS_CERT_PATH: pki.serverCert,
      TEMPORAL_SERVER_TLS_KEY_PATH: pki.serverKey,
      TEMPORAL_SERVER_TLS_CLIENT_CA_PATH: pki.ca,
    });
  }, 300_000);
  afterAll(async () => {
    await cluster.stop();
    pki?.remove();
    foreign?.remove();
  }, 60_000);

  it('a campaign launched through nginx runs on the workers, gateways and workers all over mTLS', async () => {
    const office = cluster.token('office-admin');
    const year = 2072;
    const launched = await graphqlAt(
      cluster.url,
      `mutation ($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }`,
      { i: { year } },
      office,
    );
    expect(launched.data).toEqual({ launchCampaign: { id: String(year) } });
    // LIVE: the gateway's query answered by a worker, each reaching the server only with its client certificate.
    for (const gateway of cluster.gateways) {
      const read = await graphqlAt(
        gateway,
        `query ($id: ID!) { campaign(id: $id) { id source } }`,
        { id: String(year) },
        office,
      );
      expect(read).toMatchObject({ data: { campaign: { id: String(year), source: 'LIVE' } } });
      expect(await (await fetch(`${gateway}/health/ready`)).json()).toMatchObject({ temporal: 'up' });
    }
  });

  it('without a client certificate, or with one of another CA, the server refuses the connection', async () => {
    const address = cluster.temporalAddress;
    const options = (env: Record<string, string>) =>
      temporalConnectionOptions(
        loadWorkerConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1/unused', TEMPORAL_ADDRESS: address, ...env })
          .temporal,
      );
    // Both SDK connections: the gateway's (@temporalio/client) and the worker's (Rust core); a call must succeed,
    // because a TLS 1.3 server rejects a client certificate only after the handshake.
    const connect = async (env: Record<string, string>) => {
      const client = await Connection.connect({ ...options(env), connectTimeout: 5_000 });
      try {
        await client.workflowService.getSystemInfo({});
      } finally {
        await client.close();
      }
      const native = await NativeConnection.connect(options(env));
      try {
        await native.workflowService.getSystemInfo({});
      } finally {
        await native.close();
      }
      return 'connected';
    };
    const { TEMPORAL_TLS_CLIENT_CERT_PATH: _c, TEMPORAL_TLS_CLIENT_KEY_PATH: _k, ...noClientCert } = tlsEnv;
    const otherCa = {
      ...tlsEnv,
      TEMPORAL_TLS_CLIENT_CERT_PATH: foreign.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: foreign.clientKey,
    };
    await expect(connect(noClientCert)).rejects.toThrow();
    await expect(connect(otherCa)).rejects.toThrow();
    await expect(connect({})).rejects.toThrow(); // plaintext
    await expect(connect(tlsEnv)).resolves.toBe('connected');
  }, 60_000);
});
