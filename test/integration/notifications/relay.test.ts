import { createHmac } from 'node:crypto';
import { CST_OFFSET_MS, Role, quietUntil } from '@pirm/domain';
import {
  addNotifications,
  queueComplainantMessage,
  retryDeadDelivery,
  saveComplaintContact,
  savePreferences,
  upsertReviewTask,
} from '@pirm/persistence';
import { campaignIdFor } from '../../support/campaign';
import { TestDistrict } from '../../support/district';
import { TestReceiver, TestSmtp } from '../../support/notify-receivers';
import { TEST_CONSOLE_URL as CONSOLE, TestRelay, testRelayConfig } from '../../support/notify-relay';
import { createTestDatabase, type TestDatabase } from '../../support/stack';
import { until } from '../../support/wait';

const DING_SECRET = 'SEC0123456789abcdef';
const HOUR = 3_600_000;

/**
 * Issue 18, delivery: the production worker (same factory, bundle, activities) runs the relay workflow against
 * the shared Temporal server and a database of its own, sending to a real SMTP server (`smtp-server`, messages
 * parsed back with `mailparser`) and to a local HTTP receiver standing in for 企业微信, 钉钉 and the SMS relay.
 */
describe('issue 18: the outbox relay delivers e-mail, group robots and SMS', () => {
  let db: TestDatabase;
  let district: TestDistrict;
  let relay: TestRelay;
  const smtp = new TestSmtp();
  const http = new TestReceiver();
  const people: Record<string, { id: string; email: string }> = {};
  /** How far the relay's clock runs ahead of the wall clock (0 but in the quiet-hours test). */
  let ahead = 0;
  const status = async (like: string) =>
    (await db.dataSource.query(
      `SELECT status, count(*)::int AS n FROM notification_delivery WHERE id LIKE $1 GROUP BY status ORDER BY status`,
      [like],
    )) as { status: string; n: number }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    district = await TestDistrict.create(db.dataSource, campaignIdFor());
    await db.dataSource.query(`UPDATE person SET email = code || '@school.cn', mobile = '1380000' || right(code, 4)`);
    const rows: { code: string; id: string; email: string }[] = await db.dataSource.query(
      `SELECT code, id, email FROM person WHERE unit_id = 's001' ORDER BY code LIMIT 30`,
    );
    for (const r of rows) people[r.code] = r;
    await smtp.start();
    await http.start();
    relay = await new TestRelay(
      db.dataSource,
      testRelayConfig({
        smtp: { url: smtp.url, from: '岗位廉政风险防控 <noreply@edu.example.cn>' },
        sms: { url: `${http.url}/sms`, token: 'sms-token' },
        // The configuration's robots (NOTIFY_ROBOTS); those set over GraphQL are the e2e test's.
        robots: [
          { group: 's001', kind: 'WECOM', url: `${http.url}/wecom?key=k-s001`, secret: null },
          { group: 's001', kind: 'DINGTALK', url: `${http.url}/dingtalk?access_token=t-s001`, secret: DING_SECRET },
          { group: 's002', kind: 'WECOM', url: `${http.url}/wecom-broken?key=k-s002`, secret: null },
        ],
      }),
      () => Date.now() + ahead,
    ).start();
  });

  afterAll(async () => {
    await relay?.stop();
    await smtp.stop();
    await http.stop();
    await db?.drop();
  });

  it("e-mails a new task to its reviewer: Chinese subject encoded, plain text and HTML, a link to the task's page (R09)", async () => {
    const owner = people['s001-0011']!;
    const reviewer = people['s001-0004']!;
    const form = await district.completeForm('s001-0011');
    const taskId = `${form.id}:1:0`;
    await upsertReviewTask(db.dataSource, {
      id: taskId,
      formId: form.id,
      campaignId: district.campaignId,
      unitId: 's001',
      formType: 'GENERAL_STAFF',
      revision: 1,
      step: 0,
      role: Role.DEPARTMENT_HEAD,
      assignees: [reviewer.id],
      escalatedTo: [],
      assignedBecause: 'test',
      openedAt: Date.now(),
      dueAt: Date.now() + 86_400_000,
    });
    const message = `新的审查任务：科室(年级组)负责人，请于 2026-05-20 前完成（${owner.email}）`;
    await addNotifications(db.dataSource, `task:${taskId}`, [reviewer.id], 'TASK', message, form.id);

    const got = await until('the task e-mail', () => smtp.received.find((m) => m.key.startsWith(`task:${taskId}`)));
    const link = `${CONSOLE}/inbox?task=${encodeURIComponent(taskId)}`;
    expect(got.mail.to).toMatchObject({ value: [{ address: reviewer.email }] });
    expect(got.mail.from?.text).toContain('noreply@edu.example.cn');
    expect(got.mail.subject).toBe('【岗位廉政风险防控】新的审查任务');
    // On the wire the subject is an RFC 2047 encoded word, not raw UTF-8.
    expect(got.rawHeaders).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(got.mail.text).toContain(message);
    expect(got.mail.text).toContain(link);
    expect(got.mail.html).toContain(`href="${link}"`);
    expect(got.mail.messageId).toMatch(/@pirm\.notify>$/);
    await until('the delivery to read SENT', async () => (await status(`task:${taskId}%`))[0]?.status === 'SENT');
  });

  it("posts to the unit's 企业微信 and 钉钉 groups: their payloads, @ the mobile, DingTalk's signature, no private opinion", async () => {
    const teacher = people['s001-0012']!;
    await savePreferences(db.dataSource, teacher.id, {
      channels: ['WECOM', 'DINGTALK'],
      digestHour: null,
      quietHours: null,
    });
    const mobile = `1380000${'s001-0012'.slice(-4)}`;
    await addNotifications(
      db.dataSource,
      'returned:r1',
      [teacher.id],
      'RETURNED',
      '您的表被退回修改：作风纪律描述不实',
      null,
    );

    const wecom = await until('the WeCom post', () => http.received.find((r) => r.path === '/wecom'));
    expect(wecom.query.get('key')).toBe('k-s001');
    expect(wecom.headers['idempotency-key']).toBe('returned:r1:' + teacher.id + ':WECOM');
    expect(wecom.body).toEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining('防控表被退回'), mentioned_mobile_list: [mobile] },
    });
    const ding = await until('the DingTalk post', () => http.received.find((r) => r.path === '/dingtalk'));
    expect(ding.body).toEqual({
      msgtype: 'text',
      text: { content: expect.stringMatching(new RegExp(`防控表被退回.*@${mobile}$`)) },
      at: { atMobiles: [mobile], isAtAll: false },
    });
    // 钉钉 加签: sign = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret))), within an hour of now.
    const timestamp = ding.query.get('timestamp')!;
    expect(Math.abs(Number(timestamp) - ding.at)).toBeLessThan(3_600_000);
    expect(ding.query.get('access_token')).toBe('t-s001');
    expect(ding.query.get('sign')).toBe(
      createHmac('sha256', DING_SECRET).update(`${timestamp}\n${DING_SECRET}`).digest('base64'),
    );
    // A group chat is not the place for a return's opinion.
    for (const r of [wecom, ding]) expect(JSON.stringify(r.body)).not.toContain('作风纪律');
  });

  it('texts a named complainant the outcome through the SMS relay and marks the complaint message sent (R16)', async () => {
    const complaintId = '00000000-0000-4000-8000-0000000000c1';
    await saveComplaintContact(db.dataSource, complaintId, '王先生', '139-0000-2222');
    await queueComplainantMessage(
      db.dataSource,
      `complaint:${complaintId}:CONCLUDED`,
      complaintId,
      '您的举报已办结：经查属实',
    );
    const sms = await until('the SMS', () => http.received.find((r) => r.path === '/sms'));
    expect(sms.headers.authorization).toBe('Bearer sms-token');
    expect(sms.body).toMatchObject({ to: '13900002222', text: expect.stringContaining('您的举报已办结：经查属实') });
    expect(String(sms.body.text)).not.toContain('http');
    await until('complaint_message.sent_at', async () => {
      const [m] = (await db.dataSource.query(`SELECT sent_at FROM complaint_message WHERE complaint_id = $1`, [
        complaintId,
      ])) as { sent_at: Date | null }[];
      return m?.sent_at ?? undefined;
    });
  });

  it('retries a refusing receiver, dead-letters after the last attempt, and sends once the office retries it', async () => {
    let healthy = false;
    const base = http.respond;
    http.respond = (r, res) => {
      if (r.path === '/wecom-broken' && !healthy)
        return void res.writeHead(200).end('{"errcode":45009,"errmsg":"api freq out of limit"}');
      return base(r, res);
    };
    const [other] = (await db.dataSource.query(
      `SELECT id FROM person WHERE unit_id = 's002' ORDER BY code LIMIT 1`,
    )) as {
      id: string;
    }[];
    await savePreferences(db.dataSource, other!.id, { channels: ['WECOM'], digestHour: null, quietHours: null });
    await addNotifications(db.dataSource, 'approved:d1', [other!.id], 'APPROVED', '您的表已审核通过', null);
    const id = `approved:d1:${other!.id}:WECOM`;
    await until('a failed attempt', () => http.byKey('/wecom-broken').get(id));
    // Jump to the last attempt (the backoff itself is the domain's unit test): the next failure is the last.
    await db.dataSource.query(`UPDATE notification_delivery SET attempts = 99 WHERE id = $1`, [id]);
    const dead = await until('the dead letter', async () => {
      const [row] = (await db.dataSource.query(
        `SELECT status, last_error, attempts FROM notification_delivery WHERE id = $1`,
        [id],
      )) as { status: string; last_error: string; attempts: number }[];
      return row?.status === 'DEAD' ? row : undefined;
    });
    expect(dead).toEqual({ status: 'DEAD', last_error: expect.stringContaining('45009'), attempts: 100 });
    const triedBefore = http.byKey('/wecom-broken').get(id)!;
    await new Promise((r) => setTimeout(r, 500));
    expect(http.byKey('/wecom-broken').get(id)).toBe(triedBefore);

    healthy = true;
    const retried = await retryDeadDelivery(db.dataSource, id, people['s001-0001']!.id);
    expect(retried.retried).toBe(true);
    await until('the retried delivery to be SENT', async () => (await status(id))[0]?.status === 'SENT');
    expect(http.byKey('/wecom-broken').get(id)).toBe(triedBefore + 1);
    http.respond = base;
  });

  it('loses nothing and sends nothing twice when SMTP is down while 200 notifications are produced', async () => {
    const before = smtp.received.length;
    await smtp.stop();
    const ids = Object.values(people)
      .slice(0, 20)
      .map((p) => p.id);
    for (const p of ids)
      await savePreferences(db.dataSource, p, { channels: ['EMAIL'], digestHour: null, quietHours: null });
    for (let event = 0; event < 10; event++)
      await addNotifications(
        db.dataSource,
        `outage:${event}`,
        ids,
        'REMINDER',
        `审查任务将于明天到期（第 ${event} 件）`,
        null,
      );
    await until('deliveries failing while SMTP is down', async () => {
      const [row] = (await db.dataSource.query(
        `SELECT count(*)::int AS n FROM notification_delivery WHERE id LIKE 'outage:%' AND last_error IS NOT NULL AND status = 'PENDING'`,
      )) as { n: number }[];
      return row!.n >= 20;
    });
    expect(smtp.received.length).toBe(before);

    await smtp.start();
    await until(
      'all 200 e-mails to be SENT',
      async () => (await status('outage:%')).every((s) => s.status === 'SENT'),
      60_000,
      250,
    );
    const outage = smtp.received.filter((m) => m.key.startsWith('outage:'));
    expect(outage).toHaveLength(200);
    expect(new Set(outage.map((m) => m.key)).size).toBe(200);
    expect(await status('outage:%')).toEqual([{ status: 'SENT', n: 200 }]);
  });

  it('issue 18: a single message produced in quiet hours waits, then is sent once when they end (not a digest)', async () => {
    const person = people['s001-0013']!;
    const control = people['s001-0014']!;
    const now = Date.now();
    const hourNow = Math.floor((now + CST_OFFSET_MS) / HOUR) % 24;
    // Quiet from this CST hour for two hours: now is inside, the end is at least an hour away.
    const quietHours = { start: hourNow, end: (hourNow + 2) % 24 };
    await savePreferences(db.dataSource, person.id, { channels: ['EMAIL'], digestHour: null, quietHours });
    await savePreferences(db.dataSource, control.id, { channels: ['EMAIL'], digestHour: null, quietHours: null });
    await addNotifications(db.dataSource, 'quiet:1', [person.id], 'APPROVED', '您的表已审核通过（静默时段）', null);
    const id = `quiet:1:${person.id}:EMAIL`;
    const [row] = (await db.dataSource.query(
      `SELECT status, extract(epoch FROM next_attempt_at) * 1000 AS due FROM notification_delivery WHERE id = $1`,
      [id],
    )) as { status: string; due: string }[];
    const end = quietUntil(now, quietHours);
    expect(end - now).toBeGreaterThan(HOUR - 60_000);
    expect(row!.status).toBe('PENDING');
    expect(Math.abs(Number(row!.due) - end)).toBeLessThan(60_000);

    /** A relay pass that read its clock after this call: a control mail queued now has arrived. */
    let controls = 0;
    const aPassOfTheRelay = async () => {
      const key = `quiet-control:${++controls}`;
      await addNotifications(db.dataSource, key, [control.id], 'APPROVED', `对照消息 ${controls}`, null);
      await until(`control mail ${key}`, () => smtp.received.find((m) => m.key.startsWith(key)));
    };
    const mails = () => smtp.received.filter((m) => m.key === id);
    const sent = () => mails().map((m) => m.key);
    await aPassOfTheRelay();
    await aPassOfTheRelay();
    expect(sent()).toEqual([]);

    // The quiet hours are over on the relay's clock: the message goes out, once.
    ahead = end + 60_000 - Date.now();
    try {
      const mail = await until('the mail held over the quiet hours', () => mails()[0]);
      expect(mail.mail.to).toMatchObject({ value: [{ address: person.email }] });
      expect(mail.mail.subject).toBe('【岗位廉政风险防控】防控表审核通过');
      expect(mail.mail.text).toContain('您的表已审核通过（静默时段）');
      await aPassOfTheRelay();
      expect(sent()).toEqual([id]);
      await until('the delivery to read SENT', async () => (await status(id))[0]?.status === 'SENT');
    } finally {
      ahead = 0;
    }
  });
});
