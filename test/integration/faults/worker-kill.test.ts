import { temporal } from '@temporalio/proto';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { CHINA_HOLIDAYS, Role } from '@pirm/domain';
import {
  FORM_REVIEW_WORKFLOW_TYPE,
  decideUpdate,
  formReviewInput,
  formReviewStateQuery,
  formReviewWorkflowId,
  submitFormUpdate,
  type DecideResult,
  type FormReviewWorkflow,
} from '@pirm/contracts';
import { verifyAuditChain } from '@pirm/persistence';
import { campaignIdFor } from '../../support/campaign';
import { TestDistrict } from '../../support/district';
import { startService, type ServiceProcess } from '../../support/processes';
import { createTestDatabase, temporalAddress, uniqueName, type TestDatabase } from '../../support/stack';
import { until, within } from '../../support/wait';
import { approval } from '../../support/workflow-inputs';

const CAMPAIGN = campaignIdFor();
const WORKER_SCRIPT = join(__dirname, '../../../apps/worker/dist/main.js');

/**
 * Issue 8 fault 1: the worker process is SIGKILLed while the activity that records a decision (decision row,
 * form, task, audit record in one transaction) is inside its write. The test holds the audit chain's advisory
 * lock, so the activity blocks there deterministically and the test sees it waiting in pg_locks. The write is
 * a local activity: after the kill the workflow task times out (10 s) and a new worker process runs it again
 * from history: the decision is written exactly once and the review workflow completes.
 */
describe('brief: a worker process killed inside a projection write', () => {
  let db: TestDatabase;
  let district: TestDistrict;
  let client: Client;
  let worker: ServiceProcess | undefined;
  const taskQueue = uniqueName('kill');
  const startWorker = () =>
    startService({
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

  beforeAll(async () => {
    db = await createTestDatabase();
    district = await TestDistrict.create(db.dataSource, CAMPAIGN);
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.kill();
    await client?.connection.close();
    await db?.drop();
  });

  /** A staff form of unit s001 in review with a one-step chain (the discipline team), so one approval completes it. */
  async function inReview(
    code: string,
  ): Promise<{ handle: WorkflowHandle<FormReviewWorkflow>; formId: string; decide: () => Promise<DecideResult> }> {
    const form = await district.completeForm(code);
    const input = formReviewInput(
      form,
      { steps: [Role.DISCIPLINE_TEAM], stepDeadlineWorkingDays: 5, reminderWorkingDays: 2 },
      CHINA_HOLIDAYS,
    );
    const handle = await client.workflow.start<FormReviewWorkflow>(FORM_REVIEW_WORKFLOW_TYPE, {
      workflowId: formReviewWorkflowId(CAMPAIGN, form.personId),
      taskQueue,
      args: [input],
    });
    const submitKey = `submit:${form.id}:1`;
    await handle.executeUpdate(submitFormUpdate, {
      args: [{ key: submitKey, submittedBy: form.personId, revision: 1, formVersion: form.version }],
      updateId: submitKey,
    });
    const state = await handle.query(formReviewStateQuery);
    const reviewerId = await district.personId('discipline-1');
    const key = `approve-${form.id}`;
    const decide = () =>
      handle.executeUpdate(decideUpdate, {
        args: [approval({ key, step: 0, revision: 1, reviewerId, formVersion: state.formVersion })],
        updateId: key,
      });
    return { handle, formId: form.id, decide };
  }

  /** The steady state: one decision row, one audit record for it, the task done, the form approved, the run completed. */
  async function expectDecidedOnce(handle: WorkflowHandle<FormReviewWorkflow>, formId: string): Promise<void> {
    expect((await within('the review workflow', handle.result(), 30_000)).status).toBe('APPROVED');
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const q = async (sql: string) => ((await db.dataSource.query(sql, [formId])) as [{ n: number }])[0].n;
    expect({
      decisions: await q(`SELECT count(*)::int AS n FROM review_decision WHERE form_id = $1`),
      audit: await q(`SELECT count(*)::int AS n FROM audit_record WHERE idem_key LIKE 'decision:' || $1 || ':%'`),
      openTasks: await q(`SELECT count(*)::int AS n FROM review_task WHERE form_id = $1 AND status <> 'DONE'`),
      approved: await q(`SELECT count(*)::int AS n FROM risk_form WHERE id = $1 AND status = 'APPROVED'`),
    }).toEqual({ decisions: 1, audit: 1, openTasks: 0, approved: 1 });
    expect((await verifyAuditChain(db.dataSource, CAMPAIGN)).broken).toBeNull();
  }

  it('writes the decision once and completes the workflow after a SIGKILL and a restart', async () => {
    const staff: { code: string }[] = await db.dataSource.query(
      `SELECT p.code FROM person p JOIN post po ON po.id = p.post_id WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF' ORDER BY p.code LIMIT 2`,
    );

    // Steady state, no fault.
    const calm = await inReview(staff[0]!.code);
    expect((await calm.decide()).status).toBe('APPROVED');
    await expectDecidedOnce(calm.handle, calm.formId);

    // Fault: the activity blocks on the audit chain's lock inside its transaction; the worker dies there.
    const target = await inReview(staff[1]!.code);
    const holder = new PgClient({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext('pirm:audit:' || $1))`, [CAMPAIGN]);
      const decided = target.decide();
      decided.catch(() => undefined); // awaited below, after the restart
      const blocked = await until('the worker’s decision write to wait on the audit lock', async () => {
        const rows: { pid: number }[] = await holder
          .query(
            `SELECT a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name = 'pirm-worker' AND a.datname = current_database()`,
          )
          .then((r) => r.rows);
        return rows[0]?.pid;
      });
      expect(await worker!.kill('SIGKILL')).toBe('SIGKILL');
      worker = undefined;
      // The dead worker's transaction never committed: nothing of the decision is visible yet.
      expect(
        (await holder.query(`SELECT count(*)::int AS n FROM review_decision WHERE form_id = $1`, [target.formId]))
          .rows[0].n,
      ).toBe(0);
      await holder.query(`SELECT pg_advisory_unlock(hashtext('pirm:audit:' || $1))`, [CAMPAIGN]);
      // The orphaned backend takes the lock, finds its client gone and rolls back.
      await until(
        'the killed worker’s backend to end',
        async () => (await holder.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [blocked])).rowCount === 0,
        10_000,
      );

      worker = await startWorker();
      expect((await within('the decision after the restart', decided, 60_000)).status).toBe('APPROVED');
    } finally {
      await holder.end();
    }
    await expectDecidedOnce(target.handle, target.formId);
    // The write did run twice: the killed worker's workflow task timed out, the new worker's wrote; one marker records
    // it (the decision's one-transaction local activity, issue 17).
    const history = await target.handle.fetchHistory();
    const type = (e: temporal.api.history.v1.IHistoryEvent) => temporal.api.enums.v1.EventType[e.eventType ?? 0];
    expect(history.events!.some((e) => type(e) === 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT')).toBe(true);
    const markerText = (e: temporal.api.history.v1.IHistoryEvent) =>
      Object.values(e.markerRecordedEventAttributes?.details ?? {})
        .flatMap((p: temporal.api.common.v1.IPayloads) => p.payloads ?? [])
        .map((p) => Buffer.from(p.data ?? []).toString());
    const writes = history.events!.filter(
      (e) =>
        type(e) === 'EVENT_TYPE_MARKER_RECORDED' && markerText(e).some((t) => t.includes('"activity_type":"decide"')),
    );
    expect(writes).toHaveLength(1);
  });
});
