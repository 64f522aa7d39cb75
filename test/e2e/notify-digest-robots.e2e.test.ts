import { createHmac } from 'node:crypto';
import { CST_OFFSET_MS, Role, nextDigestAt } from '@pirm/domain';
import { addNotifications, generateDistrictRows, notifyNoticeOpened, toCsv } from '@pirm/persistence';
import { TestStack } from '../support/gateway';
import { TestReceiver, TestSmtp } from '../support/notify-receivers';
import { TestRelay, testRelayConfig } from '../support/notify-relay';
import { until } from '../support/wait';

const HOUR = 3_600_000;
const DING_SECRET = 'SEC0123456789abcdefDIGEST';

/**
 * Issue 18, the rest: the daily digest end to end (preferences over GraphQL, the real relay workflow in the
 * worker with its clock moved to the digest hour, a real SMTP server), and a unit's / a department's group
 * robots configured over GraphQL and posted to by the same outbox and relay (a local HTTP receiver).
 */
describe('issue 18: daily digest and group robots of units and departments', () => {
  const stack = new TestStack();
  const smtp = new TestSmtp();
  const http = new TestReceiver();
  /** How far the relay's clock runs ahead of the wall clock. */
  let ahead = 0;
  let relay: TestRelay;
  let office: string;
  const code: Record<'principal' | 'otherPrincipal' | 'teacher' | 'control', string> = {
    principal: '',
    otherPrincipal: '',
    teacher: '',
    control: '',
  };
  const mailsTo = (address: string) =>
    smtp.received.filter((m) => m.mail.to && !Array.isArray(m.mail.to) && m.mail.to.text === address);

  beforeAll(async () => {
    await stack.start();
    office = await stack.person('robot-office', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 50, seed: 18 }));
    const imported = await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      office,
    );
    expect(imported.errors).toBeUndefined();
    const principals = (await stack.db.dataSource.query(
      `SELECT p.code, p.unit_id FROM person p JOIN role_assignment r ON r.person_id = p.id
       WHERE r.role = 'UNIT_PRINCIPAL' AND p.unit_id IN ('s001', 's002') ORDER BY p.unit_id`,
    )) as { code: string }[];
    code.principal = principals[0]!.code;
    code.otherPrincipal = principals[1]!.code;
    const staff = (await stack.db.dataSource.query(
      `SELECT p.code FROM person p WHERE p.unit_id = 's001' AND p.department_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id) ORDER BY p.code LIMIT 2`,
    )) as { code: string }[];
    code.teacher = staff[0]!.code;
    code.control = staff[1]!.code;
    await stack.db.dataSource.query(
      `UPDATE person SET email = code || '@school.cn', mobile = '1380000' || right(code, 4) WHERE unit_id = 's001'`,
    );
    await smtp.start();
    await http.start();
    relay = await new TestRelay(
      stack.db.dataSource,
      testRelayConfig({ smtp: { url: smtp.url, from: '岗位廉政风险防控 <noreply@edu.example.cn>' } }),
      () => Date.now() + ahead,
    ).start();
  });

  afterAll(async () => {
    await relay?.stop();
    await smtp.stop();
    await http.stop();
    await stack.stop();
  });

  const personId = async (c: string) =>
    ((await stack.db.dataSource.query(`SELECT id FROM person WHERE code = $1`, [c])) as { id: string }[])[0]!.id;

  /**
   * Waits until the relay has run a pass that read its clock after this call: two per-event mails to the
   * control person, the second queued only once the first arrived (so a later pass claimed it).
   */
  let controls = 0;
  async function aPassOfTheRelay(): Promise<void> {
    const control = await personId(code.control);
    for (let i = 0; i < 2; i++) {
      const key = `control:${++controls}`;
      await addNotifications(stack.db.dataSource, key, [control], 'APPROVED', `对照消息 ${controls}`, null);
      await until(`control mail ${key}`, () => smtp.received.find((m) => m.key.startsWith(key)));
    }
  }

  it('sends a person who chose the digest ONE mail at their CST hour listing the 3 waiting items, after quiet hours', async () => {
    const now = Date.now();
    const hourNow = Math.floor((now + CST_OFFSET_MS) / HOUR) % 24;
    const digestHour = (hourNow + 3) % 24;
    // The digest hour falls in the quiet hours: the digest waits for their end, an hour later.
    const quiet = { start: digestHour, end: (digestHour + 1) % 24 };
    const set = await stack.graphql(
      'mutation($i: NotificationPreferencesInput!) { setNotificationPreferences(input: $i) { digestHour } }',
      { i: { channels: ['EMAIL'], digestHour, quietHours: quiet } },
      stack.token(code.teacher),
    );
    expect(set.errors).toBeUndefined();
    const teacher = await personId(code.teacher);
    const items = ['新的审查任务：请审查张老师的防控表', '审查任务将于明天到期', '您的表被退回修改：岗位职责不完整'];
    const kinds = ['TASK', 'REMINDER', 'RETURNED'] as const;
    for (let i = 0; i < 3; i++)
      await addNotifications(stack.db.dataSource, `digest-item:${i}`, [teacher], kinds[i]!, items[i]!, null);
    const email = `${code.teacher}@school.cn`;

    await aPassOfTheRelay();
    expect(mailsTo(email)).toHaveLength(0);
    const states = async () =>
      (
        (await stack.db.dataSource.query(
          `SELECT status FROM notification_delivery WHERE source LIKE 'digest-item:%' ORDER BY id`,
        )) as { status: string }[]
      ).map((r) => r.status);
    expect(await states()).toEqual(['HELD', 'HELD', 'HELD']);

    // The digest hour has come, but it is quiet until the hour after: still nothing.
    const digestAt = nextDigestAt(now, digestHour);
    ahead = digestAt + 30 * 60_000 - Date.now();
    await aPassOfTheRelay();
    expect(mailsTo(email)).toHaveLength(0);

    // Quiet hours over: one mail, listing the three.
    ahead = digestAt + HOUR + 60_000 - Date.now();
    const digest = await until('the digest mail', () => mailsTo(email)[0]);
    expect(digest.mail.subject).toBe('【岗位廉政风险防控】今日待办汇总（3 条）');
    for (const item of items) expect(digest.mail.text).toContain(item);
    expect(digest.mail.text).toContain('https://pirm.example.cn/notifications');
    await aPassOfTheRelay();
    expect(mailsTo(email)).toHaveLength(1);
    expect(await states()).toEqual(['DIGESTED', 'DIGESTED', 'DIGESTED']);
    ahead = 0;
  });

  const SET =
    'mutation($i: NotificationRobotInput!) { setNotificationRobot(input: $i) { unitId departmentCode kind url signed } }';

  it("lets the office and the unit's leaders set its robots (never answering the secret); not a teacher or another unit's leader", async () => {
    const wecom = { unitId: 's001', kind: 'WECOM', url: `${http.url}/wecom?key=k-s001-secretkey` };
    const teacher = await stack.graphql(SET, { i: wecom }, stack.token(code.teacher));
    expect(teacher.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await stack.graphql(SET, { i: wecom }, stack.token(code.otherPrincipal));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await stack.db.dataSource.query(`SELECT 1 FROM notify_robot`)).toEqual([]);

    const bad = await stack.graphql(
      SET,
      { i: { unitId: 's001', kind: 'DINGTALK', url: 'http://oapi.dingtalk.com/robot/send', secret: 'nope' } },
      office,
    );
    expect(bad.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'url', reason: 'must use https', message: '地址须以 https:// 开头' },
      {
        field: 'secret',
        reason: 'must be the 加签 secret 钉钉 shows, starting with SEC',
        message: '须为钉钉“加签”显示的密钥，以 SEC 开头',
      },
    ]);
    expect(await stack.db.dataSource.query(`SELECT 1 FROM notify_robot`)).toEqual([]);

    const set = await stack.graphql(SET, { i: wecom }, office);
    expect(set.data?.setNotificationRobot).toEqual({
      unitId: 's001',
      departmentCode: null,
      kind: 'WECOM',
      url: `${http.url}/wecom?key=k-s0***`,
      signed: false,
    });
    const ding = await stack.graphql(
      SET,
      { i: { unitId: 's001', kind: 'DINGTALK', url: `${http.url}/dingtalk?access_token=t-s001`, secret: DING_SECRET } },
      stack.token(code.principal),
    );
    expect(ding.errors).toBeUndefined();
    expect(ding.data?.setNotificationRobot).toMatchObject({ kind: 'DINGTALK', signed: true });
    const listed = await stack.graphql<{ notificationRobots: Record<string, unknown>[] }>(
      '{ notificationRobots(unitId: "s001") { kind url signed } }',
      {},
      stack.token(code.principal),
    );
    expect(JSON.stringify(listed.data)).not.toContain(DING_SECRET);
    expect(listed.data?.notificationRobots).toHaveLength(2);
    const asSecret = await stack.graphql('{ notificationRobots(unitId: "s001") { secret } }', {}, office);
    expect(asSecret.errors?.[0]?.message).toMatch(/Cannot query field "secret"/);
  });

  it("posts the unit's notice opening to its 企业微信 and 钉钉 groups through the outbox (DingTalk signed)", async () => {
    const opensAt = Date.now();
    await stack.db.dataSource.transaction((tx) =>
      notifyNoticeOpened(tx, '2026', 's001', opensAt, opensAt + 5 * 86_400_000),
    );
    const key = `notice-open:2026:s001:${opensAt}:group`;
    const wecom = await until('the WeCom post', () =>
      http.received.find((r) => r.path === '/wecom' && r.headers['idempotency-key'] === `${key}:WECOM`),
    );
    expect(wecom.query.get('key')).toBe('k-s001-secretkey');
    expect(wecom.body).toEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining('本单位岗位廉政风险点公示已开始'), mentioned_mobile_list: [] },
    });
    const ding = await until('the DingTalk post', () =>
      http.received.find((r) => r.path === '/dingtalk' && r.headers['idempotency-key'] === `${key}:DINGTALK`),
    );
    expect(ding.body).toEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining('本单位岗位廉政风险点公示已开始') },
      at: { atMobiles: [], isAtAll: false },
    });
    const timestamp = ding.query.get('timestamp')!;
    expect(ding.query.get('sign')).toBe(
      createHmac('sha256', DING_SECRET).update(`${timestamp}\n${DING_SECRET}`).digest('base64'),
    );
  });

  it("sends a person's robot messages to their department's group robot; a unit's leaders remove robots, audited", async () => {
    const [{ dept }] = (await stack.db.dataSource.query(
      `SELECT d.code AS dept FROM person p JOIN department d ON d.id = p.department_id WHERE p.code = $1`,
      [code.teacher],
    )) as [{ dept: string }];
    const set = await stack.graphql(
      SET,
      { i: { unitId: 's001', departmentCode: dept, kind: 'WECOM', url: `${http.url}/wecom-dept?key=k-dept` } },
      stack.token(code.principal),
    );
    expect(set.errors).toBeUndefined();
    const unknown = await stack.graphql(
      SET,
      { i: { unitId: 's001', departmentCode: 'nodept', kind: 'WECOM', url: `${http.url}/x` } },
      office,
    );
    expect(unknown.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'departmentCode', reason: 'unit s001 has no department nodept', message: '本单位没有科室 nodept' },
    ]);
    await stack.graphql(
      'mutation($i: NotificationPreferencesInput!) { setNotificationPreferences(input: $i) { digestHour } }',
      { i: { channels: ['WECOM'], digestHour: null } },
      stack.token(code.teacher),
    );
    await addNotifications(
      stack.db.dataSource,
      'dept-robot',
      [await personId(code.teacher)],
      'APPROVED',
      '您的表已审核通过',
      null,
    );
    const post = await until('the department group post', () => http.received.find((r) => r.path === '/wecom-dept'));
    expect(post.body).toMatchObject({ text: { mentioned_mobile_list: [`1380000${code.teacher.slice(-4)}`] } });

    const REMOVE = 'mutation { removeNotificationRobot(unitId: "s001", kind: DINGTALK) }';
    expect((await stack.graphql(REMOVE, {}, stack.token(code.otherPrincipal))).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await stack.graphql(REMOVE, {}, stack.token(code.principal))).data).toEqual({
      removeNotificationRobot: true,
    });
    expect((await stack.graphql(REMOVE, {}, office)).data).toEqual({ removeNotificationRobot: false });
    const audit = (await stack.db.dataSource.query(
      `SELECT action, target FROM audit_record WHERE action LIKE 'NOTIFY_ROBOT_%' ORDER BY seq`,
    )) as { action: string; target: string }[];
    expect(audit.map((a) => `${a.action} ${a.target}`)).toEqual([
      'NOTIFY_ROBOT_SET robot:s001:WECOM',
      'NOTIFY_ROBOT_SET robot:s001:DINGTALK',
      `NOTIFY_ROBOT_SET robot:s001/${dept}:WECOM`,
      'NOTIFY_ROBOT_REMOVE robot:s001:DINGTALK',
    ]);
  });
});
