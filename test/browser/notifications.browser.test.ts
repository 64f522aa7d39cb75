import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CST_OFFSET_MS, parseRoster } from '@pirm/domain';
import { addNotifications, applyRoster, generateDistrictRows } from '@pirm/persistence';
import { DEMO_DISTRICT } from '../../libs/persistence/src/cli/seed-demo';
import {
  SCREENSHOTS,
  BrowserPages,
  ensureConsoleBuilt,
  expectAccessible,
  expectNoSidewaysScroll,
  launchChromium,
  signInAs,
} from '../support/browser';
import { TestStack } from '../support/gateway';
import { TestSmtp } from '../support/notify-receivers';
import { TestRelay, testRelayConfig } from '../support/notify-relay';
import { until } from '../support/wait';

interface Person {
  id: string;
  code: string;
  name: string;
}

const HOUR_MS = 3_600_000;
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/**
 * Issue 18 in the console, in Debian's Chromium against the real gateway, worker, Temporal and PostgreSQL, with
 * the production relay workflow sending to a real SMTP server (`smtp-server`) that is down at first: a teacher
 * chooses channels, the daily digest and quiet hours (a channel without its roster contact answered at its
 * checkbox) and sees each message's state; the office finds the dead letter the refused mail became, retries it
 * once the server is back, and sees it sent; the office sets a unit's and a department's group robots without
 * the webhook key or the 加签 secret ever shown again. Every page passes axe at 1280 and 375 px.
 */
describe('notifications, deliveries and group robots in a real browser (issue 18)', () => {
  jest.setTimeout(240_000);
  const stack = new TestStack();
  const smtp = new TestSmtp();
  let relay: TestRelay;
  let browser: Browser;
  let office: Person;
  let teacher: Person;
  let colleague: Person;
  let unitName: string;
  let department: { code: string; name: string };
  const pages = new BrowserPages(() => browser);
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });

  /** axe at the page's width, then axe, no sideways scroll and a screenshot at the other; back to where it was. */
  async function checkBothWidths(page: Page, what: string, screenshot: string): Promise<void> {
    const start = page.viewportSize()!;
    for (const width of start.width < 600 ? [375, 1280] : [1280, 375]) {
      await page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
      await page.waitForTimeout(300);
      if (width < 600) await expectNoSidewaysScroll(page, `${what} at 375 px`);
      await expectAccessible(page, `${what} at ${width} px`);
      await shot(page, `${screenshot}${width < 600 ? '-375' : ''}.png`);
    }
    await page.setViewportSize(start);
  }

  const deliveryOf = async (source: string) =>
    (
      (await stack.db.dataSource.query(
        `SELECT id, status, attempts, last_error AS "lastError" FROM notification_delivery WHERE source = $1`,
        [source],
      )) as { id: string; status: string; attempts: number; lastError: string | null }[]
    )[0];

  beforeAll(async () => {
    ensureConsoleBuilt();
    await stack.start();
    const { roster, errors } = parseRoster(generateDistrictRows(DEMO_DISTRICT));
    if (errors.length) throw new Error(JSON.stringify(errors));
    await applyRoster(stack.db.dataSource, roster);
    const ds = stack.db.dataSource;
    [office] = await ds.query(`SELECT id, code, name FROM person WHERE code = 'office-admin'`);
    // Two of a school's staff without roles: e-mail addresses on the roster, no mobile numbers.
    [teacher, colleague] = await ds.query(
      `SELECT id, code, name FROM person p WHERE unit_id = 's001'
         AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id) ORDER BY code LIMIT 2`,
    );
    await ds.query(`UPDATE person SET email = code || '@school.cn', mobile = NULL WHERE code = ANY($1)`, [
      [teacher!.code, colleague!.code],
    ]);
    [{ name: unitName }] = await ds.query(`SELECT name FROM unit WHERE id = 's001'`);
    [department] = await ds.query(`SELECT code, name FROM department WHERE unit_id = 's001' ORDER BY code LIMIT 1`);
    // The SMTP server is down (its port refuses connections) until the office's retry test starts it again.
    await smtp.start();
    await smtp.stop();
    relay = await new TestRelay(
      ds,
      testRelayConfig({
        smtp: { url: smtp.url, from: '岗位廉政风险防控 <noreply@edu.example.cn>' },
        retry: { maxAttempts: 3, baseMs: 200, maxMs: 400 },
      }),
    ).start();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await relay?.stop();
    await smtp.stop();
    await stack.stop();
  });

  it('a teacher on a phone chooses channels, a daily digest and quiet hours, and sees a message held for the digest', async () => {
    const { page, errors } = await pages.open(375);
    await signInAs(page, stack.url, teacher, '/notifications?tab=settings');
    await page.getByText(`${teacher.code}@school.cn`).waitFor();
    await page.getByText('花名册中未登记').waitFor();
    await page.getByText('您尚未设置：花名册中有电子邮箱时，按默认用电子邮件逐条通知。').waitFor();
    await checkBothWidths(page, 'notification settings', 'notifications-settings');

    // SMS needs a mobile number the roster does not have: the server's message stands at the SMS checkbox.
    const item = (name: string) =>
      page.locator('.ant-form-item').filter({ has: page.getByRole('checkbox', { name, exact: true }) });
    await page.getByRole('checkbox', { name: '短信', exact: true }).check();
    await page.getByRole('button', { name: '保存通知设置' }).click();
    await item('短信').getByText('花名册中没有您的手机号码，无法用短信通知').waitFor();
    await expect(item('电子邮件').getByRole('alert').count()).resolves.toBe(0);
    await expectAccessible(page, 'the settings with a field error at 375 px');
    await shot(page, 'notifications-settings-error-375.png');
    const unchanged = await stack.graphql<{ myNotificationPreferences: { chosen: boolean } }>(
      '{ myNotificationPreferences { chosen } }',
      {},
      stack.token(teacher.code),
    );
    expect(unchanged.data?.myNotificationPreferences.chosen).toBe(false);

    // E-mail only, one digest a day twelve hours from now (never due during the test), quiet from 22:00 to 07:00.
    const digestHour = (Math.floor((Date.now() + CST_OFFSET_MS) / HOUR_MS) + 12) % 24;
    await page.getByRole('checkbox', { name: '短信', exact: true }).uncheck();
    await page.getByLabel('每日汇总').click();
    await page.locator(`.ant-select-item-option[title="每天 ${hh(digestHour)} 汇总发送一次"]`).click();
    await page.getByRole('switch', { name: '免打扰时段' }).click();
    await page.getByLabel('开始').waitFor();
    await page.getByRole('button', { name: '保存通知设置' }).click();
    await page.getByText('通知设置已保存').waitFor();
    await page.getByText(`电子邮件；每天 ${hh(digestHour)} 汇总；免打扰 22:00–07:00`).waitFor();
    const saved = await stack.graphql<{ myNotificationPreferences: unknown }>(
      '{ myNotificationPreferences { channels digestHour quietHours { start end } chosen } }',
      {},
      stack.token(teacher.code),
    );
    expect(saved.data?.myNotificationPreferences).toEqual({
      channels: ['EMAIL'],
      digestHour,
      quietHours: { start: 22, end: 7 },
      chosen: true,
    });
    // A reload shows the settings as the server keeps them.
    await page.reload();
    await page.getByText(`电子邮件；每天 ${hh(digestHour)} 汇总；免打扰 22:00–07:00`).waitFor();
    await expect(page.getByRole('checkbox', { name: '电子邮件', exact: true }).isChecked()).resolves.toBe(true);

    // A message for the teacher waits for the digest on the e-mail channel, and the list says so.
    await addNotifications(
      stack.db.dataSource,
      'browser-approved',
      [teacher.id],
      'APPROVED',
      '您的防控表已审核通过',
      null,
    );
    await page.getByRole('tab', { name: '消息' }).click();
    const message = page.getByRole('listitem').filter({ hasText: '您的防控表已审核通过' });
    await message.getByText('防控表审核通过', { exact: true }).waitFor();
    const line = message.getByRole('list', { name: '发送情况' }).getByRole('listitem');
    await line.getByText(`电子邮件（${teacher.code[0]}***@school.cn）`).waitFor();
    await line.getByText('等待每日汇总', { exact: true }).waitFor();
    expect((await deliveryOf(`browser-approved:${teacher.id}`))?.status).toBe('HELD');
    await checkBothWidths(page, 'notifications', 'notifications');
    expect(errors).toEqual([]);
  });

  it('the office finds the mail the refusing server dead-lettered, retries it after a confirmation, and sees it sent', async () => {
    const source = `browser-returned:${colleague.id}`;
    await addNotifications(
      stack.db.dataSource,
      'browser-returned',
      [colleague.id],
      'RETURNED',
      '您的防控表被退回修改：岗位职责不完整',
      null,
    );
    // The colleague has the default channel (e-mail); the server refuses every attempt: a dead letter.
    const dead = await until('the dead letter', async () => {
      const d = await deliveryOf(source);
      return d?.status === 'DEAD' ? d : undefined;
    });
    expect(dead.attempts).toBe(3);
    expect(dead.lastError).toBeTruthy();

    // The colleague sees the mail failed.
    const { page: own, errors: ownErrors } = await pages.open();
    await signInAs(own, stack.url, colleague, '/notifications');
    const ownLine = own
      .getByRole('listitem')
      .filter({ hasText: '您的防控表被退回修改' })
      .getByRole('list', { name: '发送情况' });
    await ownLine.getByText('投递失败', { exact: true }).waitFor();
    await ownLine.getByText('已尝试 3 次，领导小组办公室可重新发送').waitFor();

    // The office reaches 消息投递 from the menu and lists the dead letters.
    const { page, errors } = await pages.open();
    await signInAs(page, stack.url, office, '/');
    await page.getByRole('menuitem', { name: '消息投递' }).click();
    await page.waitForURL(/\/office\/deliveries/);
    const table = page.getByRole('table', { name: '消息投递列表' });
    await page.getByLabel('状态').click();
    await page.locator('.ant-select-item-option[title="投递失败"]').click();
    await page.waitForURL(/status=DEAD/);
    const row = table.getByRole('row').filter({ hasText: `${colleague.name}（${colleague.code}）` });
    await row.waitFor();
    // The teacher's message held for the digest is no dead letter: once the filtered list is in, this is its only row.
    await until('the dead letters alone', async () => (await table.locator('tr.ant-table-row').count()) === 1, 10_000);
    for (const cell of ['防控表被退回', '电子邮件', '投递失败', '3', `${colleague.code[0]}***@school.cn`])
      await row.getByText(cell, { exact: true }).waitFor();
    await row.getByText(dead.lastError!, { exact: true }).waitFor();
    await checkBothWidths(page, 'deliveries (dead letters)', 'office-deliveries');

    // The mail server is back; the office sends the letter again, after confirming.
    await smtp.start();
    await row.getByRole('button', { name: `重新发送给${colleague.name}（${colleague.code}）的电子邮件` }).click();
    const confirm = page.getByRole('dialog', { name: '确认重新发送' });
    await confirm
      .getByText(`将重新发送给${colleague.name}（${colleague.code}）的这条电子邮件`, { exact: false })
      .waitFor();
    await page.waitForTimeout(500); // the dialog's zoom-in, for the screenshot
    await shot(page, 'office-deliveries-retry.png');
    await confirm.getByRole('button', { name: '重新发送' }).click();
    await page.getByText(`已重新发送给${colleague.name}（${colleague.code}）的电子邮件，当前状态：待发送`).waitFor();
    await page.getByText('没有“投递失败”的消息').waitFor();
    // Among all the messages it is now sent, on its first fresh attempt.
    await page.getByLabel('状态').click();
    await page.locator('.ant-select-item-option[title="全部"]').click();
    const sent = table.getByRole('row').filter({ hasText: `${colleague.name}（${colleague.code}）` });
    await sent.getByText('已发送', { exact: true }).waitFor();
    await sent.getByText('1', { exact: true }).waitFor();
    await sent.getByText(/^发送于 /).waitFor();
    const mails = smtp.received.filter((m) => m.key === dead.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.mail.subject).toContain('退回');
    expect((await deliveryOf(source))?.status).toBe('SENT');
    const audit = (await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'NOTIFICATION_RETRY' AND target = $1`,
      [`delivery:${dead.id}`],
    )) as { n: number }[];
    expect(audit[0]!.n).toBe(1);
    await checkBothWidths(page, 'deliveries (all)', 'office-deliveries-all');

    // The colleague's own list follows.
    await own.reload();
    await ownLine.getByText('已发送', { exact: true }).waitFor();
    expect(ownErrors).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('only the office has 消息投递: a teacher has no menu entry and is refused the page and the query', async () => {
    const { page, errors } = await pages.open();
    await signInAs(page, stack.url, teacher, '/office/deliveries');
    await page.getByText('无权访问').waitFor();
    await page.getByRole('menuitem', { name: '消息通知' }).waitFor();
    await expect(page.getByRole('menuitem', { name: '消息投递' }).count()).resolves.toBe(0);
    const refused = await stack.graphql(
      '{ notificationDeliveries { edges { node { id } } } }',
      {},
      stack.token(teacher.code),
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(errors).toEqual([]);
  });

  it('the office sets a unit’s 企业微信 robot and a department’s signed 钉钉 robot; neither key nor secret is shown again', async () => {
    const WECOM_KEY = 'wecom-key-0123456789abcdef';
    const DING_TOKEN = 'ding-token-0123456789abcdef';
    const SECRET = 'SEC0123456789abcdefBROWSER';
    const { page, errors } = await pages.open();
    await signInAs(page, stack.url, office, '/office/configuration?tab=robots');
    await page.getByLabel('单位', { exact: true }).click();
    await page.locator(`.ant-select-item-option[title="${unitName}"]`).click();
    const robotList = page.getByLabel('群机器人列表');
    await robotList.getByText('还没有设置群机器人').waitFor();

    // The unit's own group, 企业微信.
    await page.getByLabel('Webhook 地址').fill(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}`);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText(`已保存${unitName}（本单位群）的企业微信群机器人`).waitFor();
    const wecom = robotList.getByRole('listitem').filter({ hasText: '企业微信群机器人' });
    await wecom.getByText('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=weco***').waitFor();
    await expect(page.getByLabel('Webhook 地址').inputValue()).resolves.toBe('');

    // A department's group, 钉钉 with 加签: a secret that is not one is answered at its field.
    await page.getByLabel('群', { exact: true }).click();
    await page.locator(`.ant-select-item-option[title="${department.name}（${department.code}）"]`).click();
    await page.getByRole('radio', { name: '钉钉' }).check();
    await page.getByLabel('Webhook 地址').fill(`https://oapi.dingtalk.com/robot/send?access_token=${DING_TOKEN}`);
    await page.getByLabel('加签密钥（可选）').fill('not-a-secret');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel('加签密钥（可选）') })
      .getByText('须为钉钉“加签”显示的密钥，以 SEC 开头')
      .waitFor();
    await page.getByLabel('加签密钥（可选）').fill(SECRET);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText(`已保存${department.name}（${department.code}）的钉钉群机器人`).waitFor();
    const ding = robotList.getByRole('listitem').filter({ hasText: `${department.name}（${department.code}）` });
    await ding.getByText('已加签', { exact: true }).waitFor();
    await ding.getByText('https://oapi.dingtalk.com/robot/send?access_token=ding***').waitFor();
    const html = await page.content();
    for (const secret of [WECOM_KEY, DING_TOKEN, SECRET]) expect(html).not.toContain(secret);
    await checkBothWidths(page, 'configuration (group robots)', 'office-config-robots');

    const robots = await stack.graphql<{ notificationRobots: unknown[] }>(
      '{ notificationRobots(unitId: "s001") { departmentCode kind signed } }',
      {},
      stack.token(office.code),
    );
    expect(robots.data?.notificationRobots).toEqual(
      expect.arrayContaining([
        { departmentCode: null, kind: 'WECOM', signed: false },
        { departmentCode: department.code, kind: 'DINGTALK', signed: true },
      ]),
    );

    // Removing one asks first.
    await wecom.getByRole('button', { name: `删除${unitName}（本单位群）的企业微信群机器人` }).click();
    await page.getByRole('dialog', { name: '确认删除群机器人' }).getByRole('button', { name: '删除' }).click();
    await page.getByText(`已删除${unitName}（本单位群）的企业微信群机器人`).waitFor();
    await until('the row gone', async () => (await wecom.count()) === 0);
    const left = await stack.graphql<{ notificationRobots: { kind: string }[] }>(
      '{ notificationRobots(unitId: "s001") { kind } }',
      {},
      stack.token(office.code),
    );
    expect(left.data?.notificationRobots.map((r) => r.kind)).toEqual(['DINGTALK']);
    expect(errors).toEqual([]);
  });
});
