import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { campaignYear } from '../support/campaign';
import { TestStack } from '../support/gateway';
import { fileRiskForm, launchWithScreeningOpen } from '../support/screening';
import { until } from '../support/wait';

/**
 * Issue 18 over GraphQL: 催办 on a task (who may, once per interval, audited, shown on the task), a person's
 * channel preferences, each notification's delivery state, and the office's dead letters and their retry.
 */
describe('issue 18: nudges, preferences, delivery state and dead letters over GraphQL', () => {
  const stack = new TestStack();
  const year = campaignYear();
  const campaignId = String(year);
  let root: string;
  let owner: string;
  let head: string;
  let taskId: string;

  beforeAll(async () => {
    await stack.start({ NUDGE_INTERVAL_HOURS: '24' });
    root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 40, seed: 4 }));
    await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      root,
    );
    await launchWithScreeningOpen(stack, year, ['s001'], root);
    [{ person: owner, head }] = (await stack.db.dataSource.query(
      `SELECT p.code AS person, h.code AS head FROM person p JOIN department d ON d.id = p.department_id JOIN person h ON h.id = d.head_person_id
       JOIN post po ON po.id = p.post_id WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF' ORDER BY p.code LIMIT 1`,
    )) as [{ person: string; head: string }];
    await stack.db.dataSource.query(`UPDATE person SET email = code || '@school.cn' WHERE code = $1`, [head]);
    await fileRiskForm(stack, campaignId, owner, 'GENERAL_STAFF');
    taskId = await until('the open review task', async () => {
      const rows = (await stack.db.dataSource.query(`SELECT id FROM review_task WHERE status = 'OPEN' LIMIT 1`)) as {
        id: string;
      }[];
      return rows[0]?.id;
    });
  });
  afterAll(() => stack.stop());

  const NUDGE = 'mutation($t: ID!) { nudgeReviewTask(taskId: $t) { nudgeCount lastNudgedAt } }';

  it("lets the form's owner nudge the reviewers once per interval, audited, shown on the task; not anyone else", async () => {
    const other = await stack.graphql(NUDGE, { t: taskId }, stack.token('s002-0001'));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const first = await stack.graphql<{ nudgeReviewTask: { nudgeCount: number } }>(
      NUDGE,
      { t: taskId },
      stack.token(owner),
    );
    expect(first.errors).toBeUndefined();
    expect(first.data?.nudgeReviewTask.nudgeCount).toBe(1);
    const again = await stack.graphql(NUDGE, { t: taskId }, root);
    expect(again.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');

    type Inbox = { myTasks: { edges: { node: { id: string; nudgeCount: number; lastNudgedAt: string } }[] } };
    const inbox = await stack.graphql<Inbox>(
      '{ myTasks { edges { node { id nudgeCount lastNudgedAt } } } }',
      {},
      stack.token(head),
    );
    const task = inbox.data!.myTasks.edges.find((e) => e.node.id === taskId)!.node;
    expect(task.nudgeCount).toBe(1);
    expect(Date.now() - Date.parse(task.lastNudgedAt)).toBeLessThan(60_000);

    type Mine = {
      myNotifications: {
        kind: string;
        message: string;
        deliveries: { channel: string; status: string; recipient: string }[];
      }[];
    };
    const mine = await stack.graphql<Mine>(
      '{ myNotifications { kind message deliveries { channel status recipient } } }',
      {},
      stack.token(head),
    );
    const nudge = mine.data!.myNotifications.find((n) => n.kind === 'NUDGE')!;
    expect(nudge.message).toMatch(/催办：.*等待您审查/);
    // The head's e-mail is on the roster: the nudge is in the outbox for the relay, its address masked.
    expect(nudge.deliveries).toEqual([{ channel: 'EMAIL', status: 'PENDING', recipient: `${head[0]}***@school.cn` }]);
    const audit = (await stack.db.dataSource.query(
      `SELECT action, target FROM audit_record WHERE action = 'NUDGE'`,
    )) as { action: string; target: string }[];
    expect(audit).toEqual([{ action: 'NUDGE', target: `task:${taskId}` }]);
  });

  it('keeps my channel choice only with the contacts it needs', async () => {
    const SET =
      'mutation($i: NotificationPreferencesInput!) { setNotificationPreferences(input: $i) { channels digestHour quietHours { start end } chosen } }';
    const bad = await stack.graphql(SET, { i: { channels: ['SMS'], digestHour: 25 } }, stack.token(head));
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [
        {
          field: 'channels[0]',
          reason: 'no mobile number is on the roster for you',
          message: '花名册中没有您的手机号码，无法用短信通知',
        },
        { field: 'digestHour', reason: 'must be a whole hour from 0 to 23', message: '须为 0 到 23 点的整点' },
      ],
    });
    const ok = await stack.graphql(
      SET,
      { i: { channels: ['EMAIL'], digestHour: 17, quietHours: { start: 22, end: 7 } } },
      stack.token(head),
    );
    expect(ok.data?.setNotificationPreferences).toEqual({
      channels: ['EMAIL'],
      digestHour: 17,
      quietHours: { start: 22, end: 7 },
      chosen: true,
    });
  });

  it('shows the office its dead letters and sends one again on request, audited; only once, and only the office', async () => {
    await stack.db.dataSource.query(
      `INSERT INTO notification_delivery (id, source, channel, address, kind, message, status, attempts, next_attempt_at, last_error)
       VALUES ('dead-1:SMS', 'dead-1', 'SMS', '13800001111', 'TASK', '新的审查任务', 'DEAD', 8, now(), 'HTTP 503')`,
    );
    const LIST =
      '{ notificationDeliveries(status: DEAD) { edges { node { id recipient status attempts lastError } } } }';
    const listed = await stack.graphql<{
      notificationDeliveries: { edges: { node: Record<string, unknown> }[] };
    }>(LIST, {}, root);
    expect(listed.data?.notificationDeliveries.edges.map((e) => e.node)).toEqual([
      { id: 'dead-1:SMS', recipient: '138****1111', status: 'DEAD', attempts: 8, lastError: 'HTTP 503' },
    ]);
    expect((await stack.graphql(LIST, {}, stack.token(head))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A client asking for the first page with explicit nulls (as the console's variables do) gets it.
    const firstPage = await stack.graphql<{ notificationDeliveries: { edges: { node: { id: string } }[] } }>(
      'query($s: DeliveryStatus, $a: String) { notificationDeliveries(status: $s, after: $a) { edges { node { id } } } }',
      { s: null, a: null },
      root,
    );
    expect(firstPage.errors).toBeUndefined();
    expect(firstPage.data?.notificationDeliveries.edges.map((e) => e.node.id)).toContain('dead-1:SMS');

    const RETRY = 'mutation { retryNotificationDelivery(id: "dead-1:SMS") { status attempts } }';
    expect((await stack.graphql(RETRY, {}, stack.token(head))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const retried = await stack.graphql<{ retryNotificationDelivery: unknown }>(RETRY, {}, root);
    expect(retried.data?.retryNotificationDelivery).toEqual({ status: 'PENDING', attempts: 0 });
    expect((await stack.graphql(RETRY, {}, root)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const audit = (await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'NOTIFICATION_RETRY' AND target = 'delivery:dead-1:SMS'`,
    )) as { n: number }[];
    expect(audit[0]!.n).toBe(1);
  });
});
