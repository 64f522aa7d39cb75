import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { CHINA_HOLIDAYS, DEFAULT_LADDER, addDays, dateOf, defaultCalendar, type PhaseWindow } from '@pirm/domain';
import {
  UNIT_CAMPAIGN_WORKFLOW_TYPE,
  recordMobilisationUpdate,
  searchAttributeRegistrations,
  unitCampaignStateQuery,
  unitWorkflowId,
  type UnitCampaignWorkflow,
} from '@pirm/contracts';
import { EscalationEntity } from '@pirm/persistence';
import { campaignYear } from '../../support/campaign';
import { TestDistrict } from '../../support/district';
import { createTestDatabase, createTestWorker, uniqueName, type TestDatabase } from '../../support/stack';
import { until } from '../../support/wait';

// The same launcher `npm start` uses; the binary the global setup provisioned.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startTemporalDevServer } = require('../../../infra/temporal-server.cjs') as {
  startTemporalDevServer(o: object): Promise<Server>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../../infra/ports.cjs') as { freePort(): Promise<number> };
type Server = { address: string; stop(): Promise<void> };

/**
 * Issue 8 fault 2 and the brief's "exactly once across restarts": the Temporal dev server (persistent SQLite
 * file) is stopped and started again in the middle of a campaign with open timers. Every workflow is back,
 * recorded work is kept, rungs that fired do not fire again, and work goes on.
 */
describe('brief: a Temporal server restart in the middle of a campaign loses nothing and repeats nothing', () => {
  let db: TestDatabase;
  let dir: string;
  let server: Server;
  let port: number;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let connection: NativeConnection | undefined;
  const taskQueue = uniqueName('restart');
  const year = campaignYear();
  const campaignId = String(year);

  const startServer = async () => {
    server = await startTemporalDevServer({
      cli: process.env.PIRM_TEST_TEMPORAL_CLI,
      port,
      dbFile: join(dir, 'temporal.db'),
      searchAttributes: searchAttributeRegistrations(),
      logFile: join(dir, 'temporal.log'),
    });
    connection = await NativeConnection.connect({ address: server.address });
    worker = await createTestWorker(connection, db.dataSource, taskQueue);
    running = worker.run();
  };
  const stopServer = async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await server.stop();
  };
  const client = async () => new Client({ connection: await Connection.connect({ address: server.address }) });

  beforeAll(async () => {
    db = await createTestDatabase();
    await TestDistrict.create(db.dataSource, campaignId);
    dir = mkdtempSync(join(tmpdir(), 'pirm-restart-'));
    port = await freePort();
    await startServer();
  });
  afterAll(async () => {
    await stopServer().catch(() => undefined);
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every workflow, record and fired rung across the restart, and goes on afterwards', async () => {
    // Mobilisation ends tomorrow: its reminder has fired, its deadline timer is open.
    const today = dateOf(Date.now());
    const calendar: PhaseWindow[] = defaultCalendar(year).map((w) => ({ ...w }));
    calendar[0] = { phase: 'MOBILISATION', startsOn: addDays(today, -20), endsOn: addDays(today, 1) };
    for (const w of calendar.slice(1)) Object.assign(w, { startsOn: addDays(today, 30), endsOn: addDays(today, 60) });
    let c = await client();
    const handle = await c.workflow.start<UnitCampaignWorkflow>(UNIT_CAMPAIGN_WORKFLOW_TYPE, {
      workflowId: unitWorkflowId(campaignId, 's001'),
      taskQueue,
      args: [
        {
          campaignId,
          unitId: 's001',
          calendar,
          ladder: { ...DEFAULT_LADDER, reminderBefore: 5 },
          holidays: [...CHINA_HOLIDAYS],
          noticeWorkingDays: 5,
          startAtPhase: 'MOBILISATION',
        },
      ],
    });
    await until(
      'mobilisation in progress',
      async () => (await handle.query(unitCampaignStateQuery)).phases[0]!.status === 'IN_PROGRESS',
    );
    await handle.executeUpdate(recordMobilisationUpdate, {
      args: [{ key: 'wb', item: 'WORKING_BODY', evidence: '领导小组', attendance: null, by: 'p' }],
      updateId: 'wb',
    });
    await until(
      'the mobilisation reminder to fire',
      async () => (await handle.query(unitCampaignStateQuery)).phases[0]!.rungs.length > 0,
    );
    const before = await handle.query(unitCampaignStateQuery);
    expect(before.phases[0]!.rungs).toEqual(['REMINDER']);

    await stopServer();
    await startServer();
    c = await client();
    const again = c.workflow.getHandle(unitWorkflowId(campaignId, 's001'));

    const after = await again.query(unitCampaignStateQuery);
    expect(after.mobilisation.WORKING_BODY).toMatchObject({ evidence: '领导小组' });
    expect(after.phases[0]!.rungs).toEqual(['REMINDER']);
    const history = await again.fetchHistory();
    const started = history.events!.filter((e) => e.timerStartedEventAttributes).length;
    const fired = history.events!.filter((e) => e.timerFiredEventAttributes || e.timerCanceledEventAttributes).length;
    expect(started - fired).toBeGreaterThanOrEqual(1); // the deadline timer is still armed

    // Work goes on: the last two records complete mobilisation and open screening.
    await again.executeUpdate(recordMobilisationUpdate, {
      args: [{ key: 'plan', item: 'IMPLEMENTATION_PLAN', evidence: '方案', attendance: null, by: 'p' }],
      updateId: 'plan',
    });
    const done = await again.executeUpdate(recordMobilisationUpdate, {
      args: [{ key: 'meet', item: 'MOBILISATION_MEETING', evidence: '大会', attendance: 30, by: 'p' }],
      updateId: 'meet',
    });
    expect(done.phases.slice(0, 2).map((p) => p.status)).toEqual(['COMPLETE', 'IN_PROGRESS']);
    expect(await db.dataSource.getRepository(EscalationEntity).countBy({ unitId: 's001', phase: 'MOBILISATION' })).toBe(
      1,
    );
  });
});
