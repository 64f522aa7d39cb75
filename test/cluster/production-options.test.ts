import ExcelJS from 'exceljs';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { DISTRICT_SUMMARY_COLUMNS } from '@pirm/domain';
import { temporalConnectionOptions } from '@pirm/contracts';
import { loadWorkerConfig } from '@pirm/worker';
import { TestCluster, exportAcrossGateways, graphqlAt } from '../support/cluster';
import { createTestPki, type TestPki } from '../support/tls-proxy';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../infra/ports.cjs') as { freePort: () => Promise<number> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startS3Server } = require('../../infra/s3-server.cjs') as {
  startS3Server(o: { bin: string; port: number }): Promise<{ endpoint: string; stop(): Promise<void> }>;
};

const SERVER_NAME = 'temporal-frontend.test';
const BUCKET = 'pirm-exports';
const YEAR = 2072;

/**
 * Issue 16: the production options of the cluster, against real servers. `npm run start:cluster` runs the Temporal
 * server with a frontend that serves a certificate of the test's CA and demands a client certificate of it; the
 * gateways and workers connect with nothing but their TEMPORAL_TLS_* settings (libs/contracts' readTemporalConfig →
 * temporalConnectionOptions, the code both use), and a client without a certificate, or with one of another CA, is
 * refused by the server itself. Export files go to an S3-compatible server (moto) by EXPORT_STORAGE=s3.
 */
describe('issue 16: start:cluster with mTLS to the real Temporal server and exports in an S3-compatible store', () => {
  const cluster = new TestCluster();
  let pki: TestPki;
  let foreign: TestPki;
  let tlsEnv: Record<string, string>;
  let s3Server: Awaited<ReturnType<typeof startS3Server>>;
  let s3: S3Client;
  let office: string;

  beforeAll(async () => {
    s3Server = await startS3Server({ bin: process.env.PIRM_TEST_S3_SERVER!, port: await freePort() });
    const credentials = { accessKeyId: 'test-key', secretAccessKey: 'test-secret' };
    s3 = new S3Client({ region: 'us-east-1', endpoint: s3Server.endpoint, forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
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
      EXPORT_STORAGE: 's3',
      EXPORT_S3_BUCKET: BUCKET,
      EXPORT_S3_ENDPOINT: s3Server.endpoint,
      EXPORT_S3_FORCE_PATH_STYLE: 'true',
      EXPORT_S3_ACCESS_KEY_ID: credentials.accessKeyId,
      EXPORT_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
    office = cluster.token('office-admin');
  }, 300_000);
  afterAll(async () => {
    await cluster.stop();
    s3?.destroy();
    await s3Server?.stop();
    pki?.remove();
    foreign?.remove();
  }, 60_000);

  it('a campaign launched through nginx runs on the workers, gateways and workers all over mTLS', async () => {
    const year = YEAR;
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

  it('R21: an export rendered by a worker is an object of the bucket, downloaded through the other gateway', async () => {
    const { job, file } = await exportAcrossGateways(cluster.gateways, office, {
      kind: 'DISTRICT_SUMMARY',
      campaignId: String(YEAR), // launched by the first test
    });
    expect(job).toMatchObject({ status: 'DONE', error: null });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file!.arrayBuffer()) as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(
      DISTRICT_SUMMARY_COLUMNS.map((c) => c.header),
    );
    // The file is in the bucket, and no byte of it in PostgreSQL.
    const objects = (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? [];
    expect(objects).toHaveLength(1);
    expect(objects[0]!.Size).toBeGreaterThan(0);
    expect(await cluster.ds.query(`SELECT count(*)::int AS n FROM export_chunk`)).toEqual([{ n: 0 }]);
  });
});
