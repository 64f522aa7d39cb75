import { createClient, type Client as WsClient } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import ExcelJS from 'exceljs';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import {
  CHINA_HOLIDAYS,
  DISTRICT_SUMMARY_COLUMNS,
  PHASES,
  defaultCalendar,
  phaseDeadline,
  type UnitCampaignState,
} from '@pirm/domain';
import {
  UNIT_CAMPAIGN_WORKFLOW_TYPE,
  unitCampaignStateQuery,
  unitWorkflowId,
  type UnitCampaignWorkflow,
} from '@pirm/contracts';
import { verifyAuditChain } from '@pirm/persistence';
import { TestCluster, exportAcrossGateways, graphqlAt } from '../support/cluster';
import { submitToFirstStep } from '../support/district';
import { calendarOpenNow, launchWithScreeningOpen } from '../support/screening';
import { until } from '../support/wait';

const DECIDE = `mutation($i: DecideInput!) { decideReviewTask(input: $i) { formVersion } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Pushed {
  kind: string;
  message: string;
}

/**
 * Issue 16: the production-like topology, started by `npm run start:cluster` itself — the real Temporal server
 * (go.temporal.io/server v1.30.4) on PostgreSQL, two workers, two gateways and nginx in front of them — and
 * checked the way the issue asks: pushes and exports cross gateways, a killed worker and gateway lose and repeat nothing
 * while the load goes on, and a restarted Temporal server keeps its timers and fires each rung once.
 */
describe('issue 16: npm run start:cluster (real Temporal server, two gateways, two workers, nginx)', () => {
  const cluster = new TestCluster();
  const YEAR = 2071;
  const campaignId = String(YEAR);
  const UNITS = ['s001', 's002', 's003', 's004'];
  const sockets: WsClient[] = [];
  let office: string;

  beforeAll(async () => {
    await cluster.boot();
    office = cluster.token('office-admin');
    await launchWithScreeningOpen(cluster.via(), YEAR, UNITS, office);
  }, 420_000);
  afterAll(async () => {
    for (const s of sockets) await s.dispose();
    await cluster.stop();
  }, 60_000);

  const subscribe = (base: string, code: string) => {
    const received: Pushed[] = [];
    const errors: unknown[] = [];
    const client = createClient({
      url: base.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${cluster.token(code)}` },
      retryAttempts: 0,
    });
    sockets.push(client);
    client.subscribe<{ notificationAdded: Pushed }>(
      { query: 'subscription { notificationAdded { kind message } }' },
      {
        next: (r) => (r.data ? received.push(r.data.notificationAdded) : errors.push(r.errors)),
        error: (e) => errors.push(e),
        complete: () => undefined,
      },
    );
    return { received, errors };
  };

  /** Staff of the demo district whose department head reviews their form first (never themselves). */
  const staff = async (): Promise<string[]> =>
    (
      (await cluster.ds.query(
        `SELECT p.code FROM person p JOIN post po ON po.id = p.post_id JOIN department d ON d.id = p.department_id
         WHERE p.unit_id = ANY($1) AND po.form_type = 'GENERAL_STAFF' AND d.head_person_id IS NOT NULL
           AND d.head_person_id <> p.id ORDER BY p.code`,
        [UNITS],
      )) as { code: string }[]
    ).map((r) => r.code);

  it('R09: a decision through gateway A is pushed to the form’s owner subscribed on gateway B, and through nginx', async () => {
    const [gatewayA, gatewayB] = cluster.gateways as [string, string];
    const [owner] = await staff();
    const task = await submitToFirstStep(cluster.via(gatewayA), campaignId, owner!, (c) => cluster.token(c));
    const onB = subscribe(gatewayB, owner!);
    const onNginx = subscribe(cluster.url, owner!); // graphql-ws through nginx's WebSocket upgrade

    // Both subscriptions are live once a row inserted in PostgreSQL (its trigger NOTIFYs every gateway) reaches them.
    const [{ id: personId }] = (await cluster.ds.query(`SELECT id FROM person WHERE code = $1`, [owner])) as [
      { id: string },
    ];
    await until(
      'both subscriptions to be live',
      async () => {
        await cluster.ds.query(
          `INSERT INTO notification (id, person_id, kind, message) VALUES ($1, $2, 'TASK', 'probe')`,
          [randomUUID(), personId],
        );
        await sleep(300);
        return onB.received.length > 0 && onNginx.received.length > 0;
      },
      30_000,
      0,
    );
    const probes = { b: onB.received.length, nginx: onNginx.received.length };

    const decided = await graphqlAt(
      gatewayA,
      DECIDE,
      {
        i: {
          taskId: task.taskId,
          idempotencyKey: `return-${task.taskId}`,
          decision: 'RETURN',
          opinion: '请补充风险点',
          formVersion: task.formVersion,
        },
      },
      cluster.token(task.reviewer),
    );
    expect(decided.errors).toBeUndefined();
    await until(
      'the return to reach the owner on gateway B and through nginx',
      () =>
        onB.received.slice(probes.b).some((n) => n.kind === 'RETURNED') &&
        onNginx.received.slice(probes.nginx).some((n) => n.kind === 'RETURNED'),
    );
    expect(onB.errors).toEqual([]);
    expect(onNginx.errors).toEqual([]);
  });

  it('R21: an export started through gateway A is followed and downloaded through gateway B', async () => {
    const { job, file } = await exportAcrossGateways(cluster.gateways, office, {
      kind: 'DISTRICT_SUMMARY',
      campaignId,
    });
    expect(job).toMatchObject({ status: 'DONE', error: null });
    expect(new URL(job.downloadUrl!).origin).toBe(new URL(cluster.gateways[1]!).origin);
    expect(file!.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file!.arrayBuffer()) as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(DISTRICT_SUMMARY_COLUMNS.map((c) => c.header));
  });

  it('R09: kill -9 of a worker and a gateway under load loses no decision, records none twice, and the load goes on', async () => {
    const codes = (await staff()).slice(1, 17);
    expect(codes.length).toBeGreaterThanOrEqual(8);
    const tasks: Awaited<ReturnType<typeof submitToFirstStep>>[] = [];
    for (const code of codes)
      tasks.push(await submitToFirstStep(cluster.via(), campaignId, code, (c) => cluster.token(c)));
    const transient: string[] = [];
    const done: { taskId: string; at: number }[] = [];

    /** A client that retries with the same idempotency key until it has an answer, as the console does. */
    const decide = async (task: (typeof tasks)[number]) => {
      const giveUpAt = Date.now() + 90_000;
      for (;;) {
        try {
          const res = await graphqlAt(
            cluster.url,
            DECIDE,
            {
              i: {
                taskId: task.taskId,
                idempotencyKey: `load-${task.taskId}`,
                decision: 'APPROVE',
                opinion: '同意',
                formVersion: task.formVersion,
              },
            },
            cluster.token(task.reviewer),
          );
          if (res.data?.decideReviewTask) return done.push({ taskId: task.taskId, at: Date.now() });
          const code = res.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}`;
          // Only a dependency that is away may be retried; anything else is a failure of the test.
          if (!['UNAVAILABLE', 'DEADLINE_EXCEEDED'].includes(code)) throw new Error(JSON.stringify(res.errors));
          transient.push(code);
        } catch (err) {
          if (!/HTTP 50[234]|fetch failed|socket|ECONN/.test(String(err))) throw err;
          transient.push(String(err).slice(0, 60));
        }
        if (Date.now() > giveUpAt) throw new Error(`no answer for task ${task.taskId} within 90 s`);
        await sleep(250);
      }
    };

    const queue = [...tasks];
    const client = async () => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        await decide(t);
        await sleep(200);
      }
    };
    const load = Promise.all([client(), client(), client()]);
    await until('the first decisions', () => done.length >= 3, 60_000);
    const [worker, gateway] = [cluster.pid('worker-1'), cluster.pid('gateway-1')];
    process.kill(worker, 'SIGKILL');
    process.kill(gateway, 'SIGKILL');
    const killedAt = Date.now();
    const answeredBefore = done.length;
    await until('gateway-1 to be gone', () =>
      fetch(`${cluster.gateways[0]}/health/live`).then(
        () => false,
        () => true,
      ),
    );
    // While gateway-1 is down (its restart takes seconds), the decisions that complete went through gateway-2.
    const gatewayBack = until(
      'gateway-1 to answer again',
      async () => (await fetch(`${cluster.gateways[0]}/health/live`)).ok && Date.now(),
      60_000,
      100,
    );
    await load;
    const backAt = await gatewayBack;

    expect(done).toHaveLength(tasks.length);
    expect(done.filter((d) => d.at > killedAt && d.at < backAt).length).toBeGreaterThan(0);
    expect(answeredBefore).toBeLessThan(tasks.length);
    // Each decision once: one decision row, one audit record, the decided task done, the next step's task open.
    for (const task of tasks) {
      const [row] = (await cluster.ds.query(
        `SELECT (SELECT count(*)::int FROM review_decision d WHERE d.form_id = t.form_id) AS decisions,
                (SELECT count(*)::int FROM audit_record a WHERE a.idem_key LIKE 'decision:' || t.form_id || ':%') AS audit,
                t.status,
                (SELECT count(*)::int FROM review_task n WHERE n.form_id = t.form_id AND n.status = 'OPEN') AS open
         FROM review_task t WHERE t.id = $1`,
        [task.taskId],
      )) as [{ decisions: number; audit: number; status: string; open: number }];
      expect({ task: task.taskId, ...row }).toEqual({
        task: task.taskId,
        decisions: 1,
        audit: 1,
        status: 'DONE',
        open: 1,
      });
    }
    expect((await verifyAuditChain(cluster.ds, campaignId)).broken).toBeNull();
    // The launcher restarted both, and nothing else.
    await until(
      'worker-1 and gateway-1 to be restarted',
      () => cluster.starts('worker-1') === 2 && cluster.starts('gateway-1') === 2,
    );
    expect(cluster.start.output()).toMatch(/worker-1 exited \(SIGKILL\); restarting it/);
    expect(cluster.start.output()).toMatch(/gateway-1 exited \(SIGKILL\); restarting it/);
    expect([cluster.starts('worker-2'), cluster.starts('gateway-2'), cluster.starts('temporal')]).toEqual([1, 1, 1]);
  }, 300_000);

  it('restarting the Temporal server mid-campaign keeps every timer: the deadline fires after it, each rung once', async () => {
    const year = YEAR + 1;
    // The campaign through nginx: its workflows wait on timers (phase openings, deadlines) across the restart.
    const launched = await graphqlAt(
      cluster.url,
      `mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }`,
      { i: { year, units: ['s001', 's002'], calendar: calendarOpenNow(year) } },
      office,
    );
    expect(launched.errors).toBeUndefined();
    const c = await cluster.temporal();
    // Two more units whose mobilisation deadline is 40 s away: runs carried over by continue-as-new after a pause
    // (a pause moves deadlines off midnight). Their reminder is due at once; the deadline (OVERDUE) fires after the
    // restart. Every rung is recorded by the recordEscalation activity, whose inputs the history keeps.
    const calendar = defaultCalendar(year);
    const due = Date.now() + 40_000;
    const carried = (unitId: string): UnitCampaignState => ({
      campaignId: String(year),
      unitId,
      phases: PHASES.map((phase, i) => ({
        phase,
        status: i === 0 ? 'IN_PROGRESS' : 'NOT_STARTED',
        openedAt: i === 0 ? Date.now() - 86_400_000 : null,
        completedAt: null,
        deadline: i === 0 ? due : phaseDeadline(calendar[i]!),
        rungs: [],
        evidence: null,
      })),
      mobilisation: {},
      screening: {
        stage: 'FORMS',
        staff: 0,
        approved: 0,
        noticeOpensAt: null,
        noticeClosesAt: null,
        archiveVersion: null,
        confirmedBy: null,
      },
      paused: false,
      closed: null,
      cancelled: false,
      revision: 1,
    });
    const handles: WorkflowHandle<UnitCampaignWorkflow>[] = [];
    for (const unitId of ['s003', 's004']) {
      handles.push(
        await c.workflow.start<UnitCampaignWorkflow>(UNIT_CAMPAIGN_WORKFLOW_TYPE, {
          workflowId: unitWorkflowId(String(year), unitId),
          taskQueue: 'pirm-campaign',
          args: [
            {
              campaignId: String(year),
              unitId,
              calendar,
              ladder: { reminderBefore: 1, escalateAfter: 3, redoAfter: 7 },
              holidays: [...CHINA_HOLIDAYS],
              noticeWorkingDays: 5,
              startAtPhase: 'MOBILISATION',
              carried: carried(unitId),
            },
          ],
        }),
      );
    }
    for (const h of handles) {
      await until(
        'the reminder to fire',
        async () => (await h.query(unitCampaignStateQuery)).phases[0]!.rungs.length === 1,
      );
    }

    const server = cluster.pid('temporal');
    process.kill(server, 'SIGKILL');
    const killedAt = Date.now();
    await until('the launcher to restart the Temporal server', () => cluster.starts('temporal') === 2, 30_000);
    expect(Date.now()).toBeLessThan(due); // the deadline is still ahead: its timer must survive the restart

    for (const h of handles) {
      const state = await until(
        'the deadline to fire after the restart',
        async () => {
          const s = await h.query(unitCampaignStateQuery);
          return s.phases[0]!.rungs.length >= 2 && s;
        },
        90_000,
        500,
      );
      expect(state.phases[0]!.rungs).toEqual(['REMINDER', 'OVERDUE']);
      const events = (await h.fetchHistory()).events!;
      const type = (e: temporal.api.history.v1.IHistoryEvent) => temporal.api.enums.v1.EventType[e.eventType ?? 0];
      const time = (e: temporal.api.history.v1.IHistoryEvent) => Number(e.eventTime!.seconds) * 1000;
      const rungs = events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordEscalation')
        .map((e) => {
          const input = e.activityTaskScheduledEventAttributes!.input!.payloads![0]!;
          return { rung: (JSON.parse(Buffer.from(input.data!).toString()) as { rung: string }).rung, at: time(e) };
        });
      expect(rungs.map((r) => r.rung)).toEqual(['REMINDER', 'OVERDUE']); // each rung once
      const fired = events.filter((e) => type(e) === 'EVENT_TYPE_TIMER_FIRED');
      expect(fired.some((e) => time(e) > killedAt)).toBe(true);
      expect(rungs[1]!.at).toBeGreaterThan(killedAt);
      const rows = (await cluster.ds.query(
        `SELECT rung FROM escalation WHERE campaign_id = $1 AND unit_id = $2 ORDER BY fired_at`,
        [String(year), state.unitId],
      )) as { rung: string }[];
      expect(rows.map((r) => r.rung)).toEqual(['REMINDER', 'OVERDUE']);
    }

    // The launched campaign goes on through the restarted server: a unit's mobilisation opens its screening.
    for (const item of ['WORKING_BODY', 'IMPLEMENTATION_PLAN', 'MOBILISATION_MEETING']) {
      const res = await until(`${item} recorded after the restart`, async () => {
        const r = await graphqlAt(
          cluster.url,
          `mutation($i: MobilisationRecordInput!) { recordMobilisation(input: $i) { unitId } }`,
          {
            i: {
              campaignId: String(year),
              unitId: 's001',
              idempotencyKey: `after-${item}`,
              item,
              evidence: `${item} recorded`,
              attendance: item === 'MOBILISATION_MEETING' ? 10 : null,
            },
          },
          office,
        );
        return r.data ? r : undefined;
      });
      expect(res.errors).toBeUndefined();
    }
    await until('screening of s001 to open', async () => {
      const s = await c.workflow.getHandle(unitWorkflowId(String(year), 's001')).query(unitCampaignStateQuery);
      return s.phases[1]!.status === 'IN_PROGRESS';
    });
    for (const h of handles) await h.terminate('test over');
  }, 300_000);
});
