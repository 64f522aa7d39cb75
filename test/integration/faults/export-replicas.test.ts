import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { UNIT_RISK_LIST_COLUMNS } from '@pirm/domain';
import { exportWorkflowId } from '@pirm/contracts';
import { issueToken } from '../../../apps/gateway/src/tokens';
import { campaignIdFor } from '../../support/campaign';
import { graphqlAt } from '../../support/cluster';
import { TestDistrict } from '../../support/district';
import { startService, type ServiceProcess } from '../../support/processes';
import { createTestDatabase, temporalAddress, uniqueName, type TestDatabase } from '../../support/stack';
import { until } from '../../support/wait';

const CAMPAIGN = campaignIdFor();
const WORKER_SCRIPT = join(__dirname, '../../../apps/worker/dist/main.js');
const GATEWAY_SCRIPT = join(__dirname, '../../support/gateway-process.cjs');
const JOB = `id status rowsDone rowsTotal error downloadUrl`;
const START = `mutation($i: StartExportInput!) { startExport(input: $i) { ${JOB} } }`;
const GET = `query($id: ID!) { exportJob(id: $id) { ${JOB} } }`;

interface Job {
  id: string;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  rowsDone: number;
  rowsTotal: number | null;
  error: string | null;
  downloadUrl: string | null;
}

/**
 * Issue 16, several replicas: an export is a workflow whose activity renders the file on a worker into the
 * shared export storage (PostgreSQL), so it does not belong to the gateway that started it. Real processes
 * (the built worker and gateway, as `npm start` runs them) on one database and the test's Temporal server,
 * each gateway with a data folder of its own, as on separate hosts; the test kills them with SIGKILL.
 */
describe('issue 16: exports across gateways and workers that die', () => {
  let db: TestDatabase;
  let district: TestDistrict;
  let temporalClient: Client;
  const taskQueue = uniqueName('exports');
  const secret = randomBytes(32).toString('hex');
  const office = issueToken({ jwtSecret: secret, issuer: 'pirm', audience: 'pirm-gateway' }, 'office-admin');
  const processes: ServiceProcess[] = [];
  /** The one worker on the test's task queue (the last test kills it and starts another). */
  let worker: ServiceProcess;
  /** Risk points of unit s001's one form: enough for an XLSX of a few MB, written in several stored chunks. */
  let rows: number;

  const startWorker = async () => {
    const worker = await startService({
      script: WORKER_SCRIPT,
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: '4',
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: taskQueue,
      },
      ready: /polling task queue/,
    });
    processes.push(worker);
    return worker;
  };

  const startGateway = async (): Promise<{ proc: ServiceProcess; url: string }> => {
    const proc = await startService({
      script: GATEWAY_SCRIPT,
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: taskQueue,
        AUTH_JWT_SECRET: secret,
        AUTH_JWKS_URL: '',
        // A folder of its own, as a gateway on another host has: nothing on one gateway's disk reaches another.
        PIRM_DATA_DIR: mkdtempSync(join(tmpdir(), 'pirm-gw-')),
      },
      ready: /gateway listening on /,
    });
    processes.push(proc);
    return { proc, url: /gateway listening on (\S+)/.exec(proc.output())![1]! };
  };

  const start = async (gateway: string): Promise<Job> => {
    const res = await graphqlAt<{ startExport: Job }>(
      gateway,
      START,
      { i: { campaignId: CAMPAIGN, kind: 'UNIT_RISK_LIST', unitId: 's001' } },
      office,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.startExport;
  };

  const job = async (gateway: string, id: string): Promise<Job> => {
    const res = await graphqlAt<{ exportJob: Job }>(gateway, GET, { id }, office);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.exportJob;
  };

  const finished = (gateway: string, id: string, timeoutMs = 60_000): Promise<Job> =>
    until(
      `export ${id} to finish, read through ${gateway}`,
      async () => {
        const j = await job(gateway, id);
        return j.status !== 'RUNNING' && j;
      },
      timeoutMs,
      250,
    );

  /** Downloads the file behind the link and checks it is the whole risk list: its header and every row once, in order. */
  const expectWholeFile = async (url: string): Promise<void> => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const numbers: unknown[] = [];
    wb.worksheets[0]!.eachRow((row, i) => {
      if (i === 1) expect((row.values as unknown[]).slice(1)).toEqual(UNIT_RISK_LIST_COLUMNS.map((c) => c.header));
      else numbers.push((row.values as unknown[])[1]);
    });
    expect(numbers).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
  };

  /** The objects the export storage holds for a job, and its recorded file. */
  const stored = async (id: string) => ({
    objects: (
      (await db.dataSource.query(
        `SELECT DISTINCT object_key FROM export_chunk WHERE object_key LIKE $1 || '/%' ORDER BY 1`,
        [id],
      )) as { object_key: string }[]
    ).map((r) => r.object_key),
    file: (
      (await db.dataSource.query(`SELECT file_path FROM export_job WHERE id = $1`, [id])) as [
        { file_path: string | null },
      ]
    )[0].file_path,
  });

  /**
   * Holds every read of the review decisions (each page of the risk list joins them) until `release`: the
   * export stops mid-file, deterministically. Taken once `ready` holds, so the file may already be partly stored.
   */
  const holdRendering = async (): Promise<{ release: () => Promise<void> }> => {
    const pg = new PgClient({ connectionString: db.ownerUrl });
    await pg.connect();
    await pg.query('BEGIN');
    await pg.query('LOCK TABLE review_decision IN ACCESS EXCLUSIVE MODE');
    return {
      release: async () => {
        await pg.query('COMMIT');
        await pg.end();
      },
    };
  };

  /** Attempts and completions of the rendering activity, from the workflow's history. */
  const renderHistory = async (id: string) => {
    const events = (await temporalClient.workflow.getHandle(exportWorkflowId(id)).fetchHistory()).events ?? [];
    const type = (e: (typeof events)[number]) => temporal.api.enums.v1.EventType[e.eventType ?? 0];
    return {
      started: events
        .filter((e) => type(e) === 'EVENT_TYPE_ACTIVITY_TASK_STARTED')
        .map((e) => e.activityTaskStartedEventAttributes!.attempt),
      completed: events.filter((e) => type(e) === 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED').length,
      workflow: type(events.at(-1)!),
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    district = await TestDistrict.create(db.dataSource, CAMPAIGN);
    const [{ code }] = (await db.dataSource.query(
      `SELECT code FROM person WHERE unit_id = 's001' AND post_id IS NOT NULL ORDER BY code LIMIT 1`,
    )) as [{ code: string }];
    const form = await district.completeForm(code);
    const extra = 40_000;
    await db.dataSource.query(
      `INSERT INTO risk_point (form_id, ordinal, description, category, causes, likelihood, harm, computed_level, level, finding_method, direction, control_measures)
       SELECT $1, 100 + g, '批量风险点' || g || '：' || md5(g::text), 'BUSINESS_PROCESS', ARRAY['BUSINESS_PROCESS'], 1, 1, 'LEVEL_3', 'LEVEL_3', 'SELF', 'FORWARD', '按制度办理' || md5((g * 7)::text)
       FROM generate_series(1, $2) g`,
      [form.id, extra],
    );
    rows = form.riskPoints.length + extra;
    temporalClient = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
    worker = await startWorker();
  }, 120_000);
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await temporalClient?.connection.close();
    await db?.drop();
  });

  it('an export started on gateway A is followed and downloaded through gateway B', async () => {
    const [a, b] = await Promise.all([startGateway(), startGateway()]);
    const started = await start(a.url);
    const done = await finished(b.url, started.id);
    expect(done).toMatchObject({ status: 'DONE', error: null, rowsDone: rows, rowsTotal: rows });
    expect(new URL(done.downloadUrl!).origin).toBe(new URL(b.url).origin);
    await expectWholeFile(done.downloadUrl!);
    for (const g of [a, b]) await g.proc.kill();
  }, 180_000);

  it('a gateway killed (SIGKILL) while its export renders: the export completes and another gateway serves it', async () => {
    const [a, b] = await Promise.all([startGateway(), startGateway()]);
    const hold = await holdRendering();
    try {
      const started = await start(a.url);
      // Counted and stuck on its first page: mid-export.
      await until('the export to be counted', async () => (await job(b.url, started.id)).rowsTotal === rows);
      await a.proc.kill('SIGKILL');
      await hold.release();
      const done = await finished(b.url, started.id);
      expect(done).toMatchObject({ status: 'DONE', error: null, rowsDone: rows });
      await expectWholeFile(done.downloadUrl!);
    } finally {
      await hold.release().catch(() => undefined);
    }
    await b.proc.kill();
  }, 180_000);

  it('a worker killed (SIGKILL) mid-file: another worker completes the export once, and one file is stored', async () => {
    const gateway = await startGateway();
    const started = await start(gateway.url);
    // Part of the file is stored by the first attempt; then the rendering is held there and its worker killed.
    await until(
      'the first attempt to store part of the file',
      async () => (await stored(started.id)).objects.includes(`${started.id}/1`),
      60_000,
      20,
    );
    const hold = await holdRendering();
    try {
      expect((await job(gateway.url, started.id)).status).toBe('RUNNING');
      await worker.kill('SIGKILL');
      worker = await startWorker();
      await hold.release();
      // The lost attempt is noticed by its missing heartbeat (15 s) and retried on the new worker.
      const done = await finished(gateway.url, started.id, 90_000);
      expect(done).toMatchObject({ status: 'DONE', error: null, rowsDone: rows });
      await expectWholeFile(done.downloadUrl!);
    } finally {
      await hold.release().catch(() => undefined);
    }
    // One file: the finishing attempt's; the killed attempt's part was removed.
    const { objects, file } = await stored(started.id);
    expect(objects).toEqual([file]);
    expect(file).not.toBe(`${started.id}/1`);
    const history = await renderHistory(started.id);
    // Temporal records the attempt that ended the activity: a later one, completed once.
    expect(history.started).toHaveLength(1);
    expect(history.started[0]).toBeGreaterThan(1);
    expect(history).toMatchObject({ completed: 1, workflow: 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED' });
    // Its audit record once.
    const [{ n }] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_record WHERE idem_key = $1`, [
      `export:${started.id}`,
    ])) as [{ n: number }];
    expect(n).toBe(1);
    await gateway.proc.kill();
  }, 240_000);
});
