import {
  Role,
  complainantChannel,
  composeMessage,
  consolePath,
  mayNudge,
  maskAddress,
  nextAttemptAt,
  nextDigestAt,
  nudgeAllowedFrom,
  parseRoster,
  planDeliveries,
  quietUntil,
  startOfDay,
  maskWebhookUrl,
  validatePreferences,
  validateRobot,
  type Recipient,
} from '@pirm/domain';

const HOUR = 3_600_000;
/** 2026-05-12 at `h` o'clock China Standard Time. */
const at = (h: number) => startOfDay('2026-05-12') + h * HOUR;
const person = (over: Partial<Recipient> = {}): Recipient => ({
  personId: 'p1',
  email: 'li@school.cn',
  mobile: '13800001111',
  unitId: 's001',
  departmentCode: 'jw',
  left: false,
  preferences: null,
  ...over,
});

describe('issue 18: which deliveries a notification becomes (planDeliveries)', () => {
  it('by default e-mails whoever has an address, now, and nobody who left or has no address', () => {
    expect(planDeliveries(person(), at(10))).toEqual([
      { channel: 'EMAIL', address: 'li@school.cn', mention: null, status: 'PENDING', dueAt: at(10) },
    ]);
    expect(planDeliveries(person({ email: null }), at(10))).toEqual([]);
    expect(planDeliveries(person({ left: true }), at(10))).toEqual([]);
  });

  it("follows the person's channels: SMS to the mobile, robots to the department's group with an @-mention", () => {
    const prefs = {
      channels: ['SMS' as const, 'WECOM' as const, 'DINGTALK' as const],
      digestHour: null,
      quietHours: null,
    };
    expect(
      planDeliveries(person({ preferences: prefs }), at(10)).map((d) => [d.channel, d.address, d.mention]),
    ).toEqual([
      ['SMS', '13800001111', null],
      ['WECOM', 's001/jw', '13800001111'],
      ['DINGTALK', 's001/jw', '13800001111'],
    ]);
    // Without a department, the unit's group.
    expect(planDeliveries(person({ preferences: prefs, departmentCode: null }), at(10))[1]!.address).toBe('s001');
  });

  it('holds everything for the daily digest at its CST hour, today if still ahead, else tomorrow', () => {
    const prefs = { channels: ['EMAIL' as const], digestHour: 17, quietHours: null };
    expect(planDeliveries(person({ preferences: prefs }), at(9))).toEqual([
      expect.objectContaining({ status: 'HELD', dueAt: at(17) }),
    ]);
    expect(nextDigestAt(at(17), 17)).toBe(at(17 + 24));
    expect(nextDigestAt(at(18), 8)).toBe(at(8 + 24));
  });

  it('holds a digest whose hour falls in the quiet hours until they end', () => {
    const prefs = { channels: ['EMAIL' as const], digestHour: 6, quietHours: { start: 22, end: 7 } };
    expect(planDeliveries(person({ preferences: prefs }), at(9))).toEqual([
      expect.objectContaining({ status: 'HELD', dueAt: at(24 + 7) }),
    ]);
  });

  it('delays a message sent in quiet hours to their end, across midnight too', () => {
    const quiet = { start: 22, end: 7 };
    expect(quietUntil(at(23), quiet)).toBe(at(24 + 7));
    expect(quietUntil(at(3), quiet)).toBe(at(7));
    expect(quietUntil(at(12), quiet)).toBe(at(12));
    expect(quietUntil(at(12), { start: 12, end: 14 })).toBe(at(14));
    const prefs = { channels: ['EMAIL' as const], digestHour: null, quietHours: quiet };
    expect(planDeliveries(person({ preferences: prefs }), at(23))[0]).toMatchObject({
      status: 'PENDING',
      dueAt: at(31),
    });
  });

  it('refuses preferences naming a channel without its contact, a bad hour or empty quiet hours', () => {
    expect(
      validatePreferences(
        { channels: ['EMAIL', 'SMS', 'SMS'], digestHour: 24, quietHours: { start: 5, end: 5 } },
        { email: null, mobile: '13800001111' },
      ).map((e) => e.field),
    ).toEqual(['channels', 'channels[0]', 'digestHour', 'quietHours.end']);
  });

  it('says each refused preference in Chinese, naming the missing contact and the channel', () => {
    expect(
      validatePreferences(
        { channels: ['EMAIL', 'SMS', 'SMS'], digestHour: 24, quietHours: { start: 5, end: 5 } },
        { email: null, mobile: null },
      ),
    ).toEqual([
      { field: 'channels', reason: 'must not repeat a channel', message: '同一渠道不能重复选择' },
      {
        field: 'channels[0]',
        reason: 'no e-mail address is on the roster for you',
        message: '花名册中没有您的电子邮箱，无法用电子邮件通知',
      },
      {
        field: 'channels[1]',
        reason: 'no mobile number is on the roster for you',
        message: '花名册中没有您的手机号码，无法用短信通知',
      },
      {
        field: 'channels[2]',
        reason: 'no mobile number is on the roster for you',
        message: '花名册中没有您的手机号码，无法用短信通知',
      },
      { field: 'digestHour', reason: 'must be a whole hour from 0 to 23', message: '须为 0 到 23 点的整点' },
      { field: 'quietHours.end', reason: 'must differ from the start', message: '结束时间须与开始时间不同' },
    ]);
  });
});

describe('issue 18: what is sent (composeMessage, consolePath)', () => {
  it('links reviewers to the task in the inbox and owners to their form', () => {
    expect(consolePath('TASK', 'f1:1:0')).toBe('/inbox?task=f1%3A1%3A0');
    expect(consolePath('NUDGE', null)).toBe('/inbox');
    expect(consolePath('RETURNED', 'x')).toBe('/my-form');
    expect(consolePath('NOTICE', null)).toBe('/notifications');
  });

  it('writes a Chinese subject, plain text and HTML with the link, escaping the text', () => {
    const m = composeMessage(
      { kind: 'RETURNED', message: '您的表被退回修改：<补充>风险点', path: '/my-form' },
      'https://pirm.example.cn/',
      false,
    );
    expect(m.subject).toBe('【岗位廉政风险防控】防控表被退回');
    expect(m.text).toContain('您的表被退回修改：<补充>风险点');
    expect(m.text).toContain('https://pirm.example.cn/my-form');
    expect(m.html).toContain('&lt;补充&gt;');
    expect(m.html).toContain('<a href="https://pirm.example.cn/my-form">');
  });

  it('never posts a personal matter into a group: a return says only that it happened', () => {
    const m = composeMessage(
      { kind: 'RETURNED', message: '您的表被退回修改：作风问题', path: '/my-form' },
      'http://x',
      true,
    );
    expect(m.short).not.toContain('作风问题');
    expect(composeMessage({ kind: 'TASK', message: '新的审查任务', path: '/inbox' }, 'http://x', true).short).toContain(
      '新的审查任务',
    );
  });

  it('gives a complainant (no console account) no link', () => {
    expect(composeMessage({ kind: 'COMPLAINT', message: '已办结', path: null }, 'http://x', false).url).toBeNull();
  });
});

describe('issue 18: delivery rules', () => {
  it('retries with exponential backoff up to a cap, and the last attempt makes a dead letter', () => {
    const policy = { maxAttempts: 4, baseMs: 1_000, maxMs: 3_000 };
    expect([1, 2, 3].map((a) => nextAttemptAt(0, a, policy))).toEqual([1_000, 2_000, 3_000]);
    expect(nextAttemptAt(0, 4, policy)).toBeNull();
  });

  it('tells a named complainant by e-mail or SMS from the free-text contact, or not at all (R16)', () => {
    expect(complainantChannel(' wang@example.com ')).toEqual({ channel: 'EMAIL', address: 'wang@example.com' });
    expect(complainantChannel('138-0000-1111')).toEqual({ channel: 'SMS', address: '13800001111' });
    expect(complainantChannel('请到信访室找我')).toBeNull();
  });

  it('masks addresses for the office', () => {
    expect(maskAddress('li@school.cn')).toBe('l***@school.cn');
    expect(maskAddress('13800001111')).toBe('138****1111');
  });

  it('lets the office, the unit leaders and the owner nudge, nobody else; once per interval', () => {
    const t = { unitId: 's001', ownerPersonId: 'owner', status: 'OPEN' as const, lastNudgedAt: null };
    expect(mayNudge([], 'owner', t)).toBe(true);
    expect(mayNudge([{ role: Role.OFFICE_ADMIN, unitId: null }], 'x', t)).toBe(true);
    expect(mayNudge([{ role: Role.UNIT_PRINCIPAL, unitId: 's001' }], 'x', t)).toBe(true);
    expect(mayNudge([{ role: Role.UNIT_LEADING_GROUP, unitId: 's001' }], 'x', t)).toBe(true);
    expect(mayNudge([{ role: Role.UNIT_PRINCIPAL, unitId: 's002' }], 'x', t)).toBe(false);
    expect(mayNudge([{ role: Role.DEPARTMENT_HEAD, unitId: 's001' }], 'x', t)).toBe(false);
    expect(nudgeAllowedFrom(null, 24)).toBe(0);
    expect(nudgeAllowedFrom(at(10), 24)).toBe(at(34));
  });
});

describe('issue 18: the roster carries optional contacts (电子邮箱, 手机号)', () => {
  const header = ['单位编码', '单位名称', '单位类型', '岗位编码', '岗位名称', '岗位类别', '填表类型', '工号', '姓名'];
  const row = ['s1', '一中', '学校', 'T', '教师', '教学', '一般工作人员', 'P1', '李老师'];

  it('reads valid contacts, an empty cell as none, and no column as "keep what is known"', () => {
    const withContacts = parseRoster([
      [...header, '电子邮箱', '手机号'],
      [...row, 'li@school.cn', '138 0000 1111'],
      [...row.slice(0, 7), 'P2', '王老师', '', ''],
    ]);
    expect(withContacts.errors).toEqual([]);
    expect(withContacts.roster.people.map((p) => [p.code, p.email, p.mobile])).toEqual([
      ['P1', 'li@school.cn', '13800001111'],
      ['P2', null, null],
    ]);
    const without = parseRoster([header, row]);
    expect(without.roster.people[0]!.email).toBeUndefined();
  });

  it('refuses a bad address or number, naming row and column', () => {
    const { errors } = parseRoster([
      [...header, 'email', 'mobile'],
      [...row, 'not-an-address', '12345'],
    ]);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, '电子邮箱'],
      [2, '手机号'],
    ]);
  });
});

describe("issue 18: a unit's or a department's group robot (validateRobot)", () => {
  const wecom = { departmentCode: null, kind: 'WECOM' as const, secret: null };
  const fields = (r: Parameters<typeof validateRobot>[0]) => validateRobot(r).map((e) => e.field);

  it('takes the https webhook 企业微信 or 钉钉 shows, and 钉钉 加签 secrets as 钉钉 shows them', () => {
    expect(validateRobot({ ...wecom, url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' })).toEqual([]);
    expect(
      validateRobot({
        departmentCode: 'jw',
        kind: 'DINGTALK',
        url: 'https://oapi.dingtalk.com/robot/send?access_token=t',
        secret: 'SEC0123456789abcdef',
      }),
    ).toEqual([]);
    // A local relay or test receiver on loopback may be plain http.
    expect(validateRobot({ ...wecom, url: 'http://127.0.0.1:8080/wecom?key=k' })).toEqual([]);
  });

  it('refuses plain http elsewhere, credentials in the URL, no URL, bad codes and misplaced or malformed secrets', () => {
    expect(fields({ ...wecom, url: 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send' })).toEqual(['url']);
    expect(fields({ ...wecom, url: 'https://u:p@qyapi.weixin.qq.com/x' })).toEqual(['url']);
    expect(fields({ ...wecom, url: 'qyapi.weixin.qq.com/x' })).toEqual(['url']);
    expect(fields({ ...wecom, departmentCode: 'a b', url: 'https://x.cn/' })).toEqual(['departmentCode']);
    expect(fields({ ...wecom, url: 'https://x.cn/', secret: 'SEC0123456789' })).toEqual(['secret']);
    expect(fields({ ...wecom, kind: 'DINGTALK', url: 'https://x.cn/', secret: 'secret' })).toEqual(['secret']);
  });

  it('tells the unit leader in Chinese what is wrong with the robot', () => {
    const messages = (r: Parameters<typeof validateRobot>[0]) => validateRobot(r).map((e) => e.message);
    expect(messages({ ...wecom, url: 'http://qyapi.weixin.qq.com/x' })).toEqual(['地址须以 https:// 开头']);
    expect(messages({ ...wecom, url: 'https://u:p@qyapi.weixin.qq.com/x' })).toEqual(['地址中不能含用户名或密码']);
    expect(messages({ ...wecom, url: 'https://x.cn/', secret: 'SEC0123456789' })).toEqual([
      '企业微信群机器人不需要填写密钥',
    ]);
    expect(messages({ ...wecom, kind: 'DINGTALK', url: 'https://x.cn/', secret: 'secret' })).toEqual([
      '须为钉钉“加签”显示的密钥，以 SEC 开头',
    ]);
  });

  it('shows a webhook with its key or access token cut short', () => {
    expect(maskWebhookUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a***',
    );
    expect(maskWebhookUrl('https://oapi.dingtalk.com/robot/send?a=1&access_token=abcdefgh')).toBe(
      'https://oapi.dingtalk.com/robot/send?a=***&access_token=abcd***',
    );
  });
});
