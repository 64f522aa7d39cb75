import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { decideUpdate, formReviewStateQuery, formReviewWorkflowId, type FormReviewWorkflow } from '@pirm/contracts';
import { createDataSource, runMigrations, verifyAuditChain } from '@pirm/persistence';
import type { RiskFormView } from '../../../apps/gateway/src/forms/forms.service';
import { TestDistrict } from '../../support/district';
import { TestStack, type GraphQLResponse } from '../../support/gateway';
import { startService, type ServiceProcess } from '../../support/processes';
import { campaignIdFor } from '../../support/campaign';
import { onWorkerLog, temporalAddress } from '../../support/stack';
import { approval } from '../../support/workflow-inputs';
import { until, within } from '../../support/wait';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../../infra/ports.cjs') as { freePort(): Promise<number> };

const CAMPAIGN = campaignIdFor();
const SUBMIT = `mutation($c: ID!, $v: Int!) { submitRiskForm(campaignId: $c, expectedVersion: $v) { status } }`;
const DECIDE = `mutation($i: DecideInput!) { decideReviewTask(input: $i) { status currentStep } }`;
const DB_ERROR = /ECONNREFUSED|terminat|postgres|SQL|select|insert|\bat \w+ \(/i;

/**
 * Issue 8 fault 4: PostgreSQL (a cluster of this test's own, not the shared one) is stopped with a fast
 * shutdown while submissions and decisions are in flight, and started again on the same folder and port.
 * `/health` goes red then green, requests fail meanwhile with a coded error (never a stack or SQL),
 * activities retry until the database is back, and once the clients have retried with the same keys every
 * submission and decision is recorded exactly once.
 */
describe('brief: a PostgreSQL restart under load', () => {
  let dir: string;
  let port: number;
  let cluster: ServiceProcess | undefined;
  const stack = new TestStack();
  let district: TestDistrict;
  let temporal: Client;

  const startCluster = async (): Promise<string> => {
    cluster = await startService({
      script: join(__dirname, '../../support/pg-cluster.mjs'),
      args: [join(dir, 'pg'), String(port)],
      ready: /^ready /m,
    });
    return /^ready (\S+)/m.exec(cluster.output())![1]!;
  };
  const health = async () => {
    const res = await fetch(`${stack.url}/health`);
    const { database, temporal } = (await res.json()) as { database: string; temporal: string };
    return { status: res.status, database, temporal };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pirm-pg-restart-'));
    chmodSync(dir, 0o755);
    port = await freePort();
    const adminUrl = await startCluster();
    const admin = new PgClient({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE pirm');
    await admin.end();
    const url = adminUrl.replace(/\/postgres$/, '/pirm');
    const dataSource = createDataSource({ url, applicationName: 'pirm-test', poolSize: 5 });
    await dataSource.initialize();
    await runMigrations(dataSource);
    await stack.start(
      { TEMPORAL_RPC_TIMEOUT_MS: '4000' },
      { url, ownerUrl: url, dataSource, drop: () => dataSource.destroy() },
    );
    district = await TestDistrict.create(dataSource, CAMPAIGN);
    await district.openScreening();
    temporal = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
  });
  afterAll(async () => {
    await stack.stop();
    await temporal?.connection.close();
    await cluster?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  const submit = (f: RiskFormView) =>
    stack.graphql(SUBMIT, { c: CAMPAIGN, v: f.version }, stack.token(codes.get(f.personId)!));
  const codes = new Map<string, string>();
  /** The open first-step task of a form and one of its assignees. */
  async function taskOf(
    f: RiskFormView,
  ): Promise<{ taskId: string; reviewerId: string; reviewer: string; formVersion: number }> {
    const [t] = (await stack.db.dataSource.query(
      `SELECT t.id, t.assignees[1] AS reviewer_id, p.code, f.version FROM review_task t JOIN risk_form f ON f.id = t.form_id JOIN person p ON p.id = t.assignees[1]
       WHERE t.form_id = $1 AND t.step = 0`,
      [f.id],
    )) as [{ id: string; reviewer_id: string; code: string; version: number }];
    return { taskId: t.id, reviewerId: t.reviewer_id, reviewer: t.code, formVersion: t.version };
  }
  async function decide(f: RiskFormView): Promise<() => Promise<GraphQLResponse>> {
    const t = await taskOf(f);
    return () =>
      stack.graphql(
        DECIDE,
        {
          i: {
            taskId: t.taskId,
            decision: 'APPROVE',
            opinion: '同意',
            formVersion: t.formVersion,
            idempotencyKey: `pg-${f.id}`,
          },
        },
        stack.token(t.reviewer),
      );
  }
  /** A client that retries with the same request until it is answered without error (bounded). */
  const retried = (send: () => Promise<GraphQLResponse>) =>
    until(
      'a retried request to succeed',
      async () => {
        const r = await send();
        return !r.errors && r;
      },
      40_000,
      500,
    );

  /** Every form submitted once; decided forms decided once; the audit chain whole. */
  async function expectExactlyOnce(submitted: RiskFormView[], decided: RiskFormView[]): Promise<void> {
    const ds = stack.db.dataSource;
    const count = async (sql: string, ids: string[]) =>
      (
        (await ds.query(`SELECT f.id, (${sql})::int AS n FROM risk_form f WHERE f.id = ANY($1::uuid[]) ORDER BY f.id`, [
          ids,
        ])) as { n: number }[]
      ).map((r) => r.n);
    const ids = submitted.map((f) => f.id);
    const ones = ids.map(() => 1);
    expect(await count(`SELECT count(*) FROM risk_form_snapshot s WHERE s.form_id = f.id`, ids)).toEqual(ones);
    expect(
      await count(`SELECT count(*) FROM audit_record a WHERE a.idem_key = 'submit:' || f.id || ':1'`, ids),
    ).toEqual(ones);
    expect(await count(`SELECT count(*) FROM review_task t WHERE t.form_id = f.id AND t.step = 0`, ids)).toEqual(ones);
    const decidedIds = decided.map((f) => f.id);
    expect(await count(`SELECT count(*) FROM review_decision d WHERE d.form_id = f.id`, decidedIds)).toEqual(
      decidedIds.map(() => 1),
    );
    expect(
      await count(`SELECT count(*) FROM audit_record a WHERE a.idem_key LIKE 'decision:' || f.id || ':%'`, decidedIds),
    ).toEqual(decidedIds.map(() => 1));
    for (const f of submitted) {
      const state = await temporal.workflow
        .getHandle<FormReviewWorkflow>(formReviewWorkflowId(CAMPAIGN, f.personId))
        .query(formReviewStateQuery);
      expect({ revision: state.revision, decisions: state.decisions.length }).toEqual({
        revision: 1,
        decisions: decided.includes(f) ? 1 : 0,
      });
    }
    expect((await verifyAuditChain(ds, CAMPAIGN)).broken).toBeNull();
  }

  it('goes red then green, retries its activities, and loses or repeats nothing', async () => {
    const staff: { id: string; code: string }[] = await stack.db.dataSource.query(
      `SELECT p.id, p.code FROM person p JOIN post po ON po.id = p.post_id
       WHERE po.form_type = 'GENERAL_STAFF' AND p.department_id IS NOT NULL ORDER BY p.code LIMIT 13`,
    );
    const forms: RiskFormView[] = [];
    for (const s of staff) {
      codes.set(s.id, s.code);
      forms.push(await district.completeForm(s.code));
    }
    const [calm, ...rest] = forms;
    const inReview = rest.slice(0, 4);
    const load = rest.slice(4);

    // Steady state.
    expect(await health()).toEqual({ status: 200, database: 'up', temporal: 'up' });
    for (const f of [calm!, ...inReview]) expect((await submit(f)).errors).toBeUndefined();
    expect((await (await decide(calm!))()).errors).toBeUndefined();
    await expectExactlyOnce([calm!, ...inReview], [calm!]);

    // Load in flight: eight submissions and two decisions through the gateway, then a fast shutdown.
    const viaGateway = [...load.map((f) => () => submit(f)), ...(await Promise.all(inReview.slice(0, 2).map(decide)))];
    const inFlight = viaGateway.map((send) => send());
    /** The attempts of a workflow's local activities that failed, by workflow id (the worker logs each one). */
    const failedAttempts = new Map<string, number>();
    const stopListening = onWorkerLog((_level, message, meta) => {
      if (message === 'Activity failed' && meta?.isLocal === true && typeof meta.workflowId === 'string')
        failedAttempts.set(meta.workflowId, Math.max(failedAttempts.get(meta.workflowId) ?? 0, Number(meta.attempt)));
    });
    const direct = await Promise.all(
      inReview.slice(2).map(async (f) => ({
        handle: temporal.workflow.getHandle<FormReviewWorkflow>(formReviewWorkflowId(CAMPAIGN, f.personId)),
        task: await taskOf(f),
        f,
      })),
    );
    await within('the PostgreSQL fast shutdown', cluster!.kill('SIGTERM'), 30_000);
    cluster = undefined;

    // Red: /health says which part is down, requests fail with a code and no internals.
    await until('/health to go red', async () => (await health()).status === 503 && true, 10_000);
    expect(await health()).toEqual({ status: 503, database: 'down', temporal: 'up' });
    const outage = await submit(load[0]!);
    expect(outage.errors).toHaveLength(1);
    expect(outage.errors![0]!.extensions?.code).toBe('UNAVAILABLE');
    expect(outage.errors![0]!.message).not.toMatch(DB_ERROR);
    expect(JSON.stringify(outage.errors![0]!.extensions)).not.toMatch(DB_ERROR);
    // Decisions that reach Temporal while the database is down (the gateway read it just before): their
    // write (a local activity) fails and is retried; the update waits, neither failing nor answering.
    const pending = direct.map(({ handle, task, f }) =>
      handle.executeUpdate(decideUpdate, {
        args: [
          approval({
            key: `${task.reviewerId}:pg-${f.id}`,
            step: 0,
            revision: 1,
            reviewerId: task.reviewerId,
            formVersion: task.formVersion,
          }),
        ],
        updateId: `${task.reviewerId}:pg-${f.id}`,
      }),
    );
    for (const p of pending) p.catch(() => undefined); // awaited below
    const settled = pending.map((p) =>
      p.then(
        () => true,
        () => true,
      ),
    );
    await until(
      'each decision write to fail three times against the stopped database (1 s, 2 s backoff)',
      () => direct.every(({ handle }) => (failedAttempts.get(handle.workflowId) ?? 0) >= 3),
      30_000,
    );
    stopListening();
    const none = Symbol('none settled');
    expect(await Promise.race([...settled, Promise.resolve(none)])).toBe(none);
    const answered = await Promise.all(inFlight);

    // Green again: the same cluster, folder and port.
    await startCluster();
    await until('/health to go green', async () => (await health()).status === 200, 30_000);
    expect(await health()).toEqual({ status: 200, database: 'up', temporal: 'up' });

    // The clients retry what failed, with the same versions and keys.
    for (const [i, r] of answered.entries()) {
      if (r.errors) {
        expect(r.errors[0]!.message).not.toMatch(DB_ERROR);
        await retried(viaGateway[i]!);
      }
    }
    for (const p of pending)
      expect((await within('a decision sent during the outage', p, 60_000)).status).toBe('IN_REVIEW');
    await expectExactlyOnce(forms, [calm!, ...inReview]);
  });
});
