import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { CHINA_HOLIDAYS } from '@pirm/domain';
import {
  FORM_REVIEW_WORKFLOW_TYPE,
  formReviewInput,
  formReviewWorkflowId,
  submitFormUpdate,
  type FormReviewWorkflow,
} from '@pirm/contracts';
import { findReviewChain } from '@pirm/persistence';
import { issueToken } from '../../../apps/gateway/src/tokens';
import { campaignIdFor } from '../../support/campaign';
import { TestDistrict } from '../../support/district';
import { startService, type ServiceProcess } from '../../support/processes';
import {
  createTestDatabase,
  createTestWorker,
  temporalAddress,
  uniqueName,
  type TestDatabase,
} from '../../support/stack';
import { until, within } from '../../support/wait';

const CAMPAIGN = campaignIdFor();
const DECIDE = `mutation($i: DecideInput!) { decideReviewTask(input: $i) { currentStep formVersion } }`;

/**
 * Issue 8 fault 3 with a real process: the gateway process is SIGKILLed after Temporal accepted a decision
 * (its update handler is inside the decision's write, held there by the test on the audit chain's lock) and
 * before the HTTP reply. The client's request dies with the connection; its retry with the same idempotency
 * key, through a new gateway process, returns the decision, which is recorded exactly once.
 */
describe('brief: a gateway process killed between the decision’s acceptance and the reply', () => {
  let db: TestDatabase;
  let district: TestDistrict;
  let client: Client;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let gateway: ServiceProcess | undefined;
  const taskQueue = uniqueName('gw-kill');
  const secret = randomBytes(32).toString('hex');

  const startGateway = async (): Promise<string> => {
    gateway = await startService({
      script: join(__dirname, '../../support/gateway-process.cjs'),
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: taskQueue,
        AUTH_JWT_SECRET: secret,
        TEMPORAL_RPC_TIMEOUT_MS: '10000',
        AUTH_JWKS_URL: '',
      },
      ready: /gateway listening on /,
    });
    return /gateway listening on (\S+)/.exec(gateway.output())![1]!;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    district = await TestDistrict.create(db.dataSource, CAMPAIGN);
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
    connection = await NativeConnection.connect({ address: temporalAddress() });
    worker = await createTestWorker(connection, db.dataSource, taskQueue);
    running = worker.run();
  });
  afterAll(async () => {
    await gateway?.kill();
    worker?.shutdown();
    await running;
    await connection?.close();
    await client?.connection.close();
    await db?.drop();
  });

  /** A staff form of unit s001 in review at its first step (科室负责人); the decision request its head would send. */
  async function inReview(code: string): Promise<{ formId: string; body: string; token: string }> {
    const form = await district.completeForm(code);
    const input = formReviewInput(form, (await findReviewChain(db.dataSource, form.formType))!, CHINA_HOLIDAYS);
    const key = `submit:${form.id}:1`;
    const handle = await client.workflow.start<FormReviewWorkflow>(FORM_REVIEW_WORKFLOW_TYPE, {
      workflowId: formReviewWorkflowId(CAMPAIGN, form.personId),
      taskQueue,
      args: [input],
    });
    await handle.executeUpdate(submitFormUpdate, {
      args: [{ key, submittedBy: form.personId, revision: 1, formVersion: form.version }],
      updateId: key,
    });
    const [task] = (await db.dataSource.query(
      `SELECT t.id, f.version, p.code FROM review_task t JOIN risk_form f ON f.id = t.form_id JOIN person p ON p.id = t.assignees[1] WHERE t.form_id = $1`,
      [form.id],
    )) as [{ id: string; version: number; code: string }];
    const body = JSON.stringify({
      query: DECIDE,
      variables: {
        i: {
          taskId: task.id,
          decision: 'APPROVE',
          opinion: '同意',
          formVersion: task.version,
          idempotencyKey: `gw-${form.id}`,
        },
      },
    });
    return {
      formId: form.id,
      body,
      token: issueToken({ jwtSecret: secret, issuer: 'pirm', audience: 'pirm-gateway' }, task.code),
    };
  }
  const send = (url: string, r: { body: string; token: string }) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${r.token}` },
      body: r.body,
    }).then(
      async (res) => (await res.json()) as { data?: { decideReviewTask: { currentStep: number } }; errors?: unknown[] },
    );
  const decisions = async (formId: string) => {
    const q = async (sql: string) => ((await db.dataSource.query(sql, [formId])) as [{ n: number }])[0].n;
    return {
      decisions: await q(`SELECT count(*)::int AS n FROM review_decision WHERE form_id = $1`),
      audit: await q(`SELECT count(*)::int AS n FROM audit_record WHERE idem_key LIKE 'decision:' || $1 || ':%'`),
      doneTasks: await q(`SELECT count(*)::int AS n FROM review_task WHERE form_id = $1 AND status = 'DONE'`),
    };
  };

  it('records the decision once; the retry through a new gateway process returns it', async () => {
    const staff: { code: string }[] = await db.dataSource.query(
      `SELECT p.code FROM person p JOIN post po ON po.id = p.post_id JOIN department d ON d.id = p.department_id
       WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF' AND d.head_person_id IS NOT NULL AND d.head_person_id <> p.id ORDER BY p.code LIMIT 2`,
    );
    let url = await startGateway();

    // Steady state.
    const calm = await inReview(staff[0]!.code);
    expect((await send(url, calm)).data?.decideReviewTask.currentStep).toBe(1);
    expect(await decisions(calm.formId)).toEqual({ decisions: 1, audit: 1, doneTasks: 1 });

    // Fault: the update is accepted and its handler is writing (held on the audit lock) when the gateway dies.
    const target = await inReview(staff[1]!.code);
    const holder = new PgClient({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext('pirm:audit:' || $1))`, [CAMPAIGN]);
      const lost = send(url, target).then(
        () => 'answered',
        () => 'connection lost',
      );
      await until('the decision’s write to wait on the audit lock', async () => {
        const r = await holder.query(
          `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name = 'pirm-test' AND a.datname = current_database()`,
        );
        return r.rowCount! > 0;
      });
      expect(await gateway!.kill('SIGKILL')).toBe('SIGKILL');
      gateway = undefined;
      expect(await within('the client’s request', lost, 10_000)).toBe('connection lost');
      await holder.query(`SELECT pg_advisory_unlock(hashtext('pirm:audit:' || $1))`, [CAMPAIGN]);
    } finally {
      await holder.end();
    }
    // The workflow finishes the decision on its own; nobody has been told.
    await until(
      'the accepted decision to be recorded',
      async () => (await decisions(target.formId)).decisions === 1,
      20_000,
    );

    url = await startGateway();
    const retried = await send(url, target);
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.decideReviewTask.currentStep).toBe(1);
    expect(await decisions(target.formId)).toEqual({ decisions: 1, audit: 1, doneTasks: 1 });
  });
});
