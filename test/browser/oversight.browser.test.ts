import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Role, parseRoster } from '@pirm/domain';
import { applyRoster, generateDistrictRows } from '@pirm/persistence';
import { DEMO_DISTRICT } from '../../libs/persistence/src/cli/seed-demo';
import {
  SCREENSHOTS,
  BrowserPages,
  ensureConsoleBuilt,
  expectAccessible,
  launchChromium,
  expectNoSidewaysScroll,
  signInAs,
} from '../support/browser';
import { campaignYear } from '../support/campaign';
import { TestStack } from '../support/gateway';
import { launchWithMobilisationOpen } from '../support/screening';
import { until } from '../support/wait';

interface Person {
  code: string;
  name: string;
}

/**
 * Issue 15's oversight console (监督管理) for the office and the discipline team, in Debian's Chromium against the
 * real gateway, worker, Temporal and PostgreSQL: complaints triaged and concluded (R16), disposal cases with
 * their ladder and deadlines (R17), evaluation rounds whose codes are shown once and printed as slips (R18 R19),
 * correction rounds (R20); and who is refused, in the page and by the gateway.
 */
describe('the oversight console in a real browser (issue 15)', () => {
  jest.setTimeout(240_000);
  const stack = new TestStack();
  // A year of this file's own on the shared Temporal server; the pages open it from their link.
  const YEAR = campaignYear('oversight console');
  const CAMPAIGN = String(YEAR);
  let browser: Browser;
  let office: Person;
  let discipline: Person;
  let staff: Person;
  let concerned: Person;
  const pages = new BrowserPages(() => browser);
  const pageFor = (width?: number) => pages.open(width);
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });

  /** axe and the page's width at 375 px (a screenshot to look at), then back to the desktop width. */
  async function checkNarrow(page: Page, what: string, screenshot: string): Promise<void> {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(300);
    await expectNoSidewaysScroll(page, 'the page at 375 px');
    await expectAccessible(page, `${what} at 375 px`);
    await shot(page, screenshot);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  const code = async (p: Promise<{ errors?: { extensions?: { code?: string } }[] }>) =>
    (await p).errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    ensureConsoleBuilt();
    await stack.start();
    const { roster, errors } = parseRoster(generateDistrictRows(DEMO_DISTRICT));
    if (errors.length) throw new Error(JSON.stringify(errors));
    await applyRoster(stack.db.dataSource, roster);
    await launchWithMobilisationOpen(stack, YEAR, ['s001', 's002'], stack.token('office-admin'));
    const person = async (sql: string): Promise<Person> => (await stack.db.dataSource.query(sql))[0];
    office = await person(`SELECT code, name FROM person WHERE code = 'office-admin'`);
    discipline = await person(`SELECT code, name FROM person WHERE code = 'discipline-1'`);
    // Two of a school's staff who hold no role: one is refused the console, the other is a disposal case's person.
    const plain = `SELECT code, name FROM person p WHERE unit_id = 's001'
      AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id) ORDER BY code`;
    staff = await person(`${plain} LIMIT 1`);
    concerned = await person(`${plain} OFFSET 1 LIMIT 1`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await stack.stop();
  });

  it('R16 a named complaint is triaged and concluded in the console; the outcome goes to the complainant’s outbox', async () => {
    const filed = await stack.graphql(
      `mutation($i: ComplaintInputModel!) { fileComplaint(input: $i) { receiptCode } }`,
      {
        i: {
          unitId: 's001',
          subjectKind: 'UNIT',
          text: '学校违规组织有偿补课，家长反映强烈',
          named: true,
          complainantName: '李四',
          contact: 'lisi@example.com',
        },
      },
    );
    expect(filed.errors).toBeUndefined();
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, '/oversight');
    await page.getByRole('heading', { name: '投诉举报' }).waitFor();
    await page.getByRole('menuitem', { name: '监督管理' }).waitFor();
    await page.getByLabel('状态').click();
    await page.getByTitle('已收到，待受理').click();
    await page.waitForURL(/status=RECEIVED/);
    const row = page
      .getByRole('region', { name: '投诉举报列表' })
      .getByRole('row')
      .filter({ hasText: '学校违规组织有偿补课' });
    await row.getByText('待受理').waitFor();
    await row.getByText('实名').waitFor();
    await expectAccessible(page, 'complaints');
    await shot(page, 'oversight-complaints.png');
    await checkNarrow(page, 'complaints', 'oversight-complaints-375.png');

    await row.getByRole('button', { name: /^办理/ }).click();
    const drawer = page.getByRole('dialog', { name: '投诉举报办理' });
    // The district office sees who complained (R16: never those the complaint is against).
    await drawer.getByText('李四（lisi@example.com）').waitFor();
    await drawer.getByRole('button', { name: '提交受理意见' }).click();
    await drawer.getByText('请填写理由').waitFor();
    await drawer.getByLabel('理由').fill('属于本系统受理范围，予以受理');
    await drawer.getByRole('button', { name: '提交受理意见' }).click();
    // Accepted, it leaves the list of 待受理; its drawer follows it to the conclusion.
    const conclude = drawer;
    await conclude.getByText('办结后，办理结果将通知实名举报人。').waitFor();
    await conclude.getByText('属于本系统受理范围，予以受理', { exact: false }).waitFor();
    await until('the list without the accepted complaint', async () => (await row.count()) === 0);
    await expectAccessible(page, 'complaint drawer (conclude)');
    await shot(page, 'oversight-complaint-conclude.png');
    await conclude.getByText('属实', { exact: true }).click();
    await conclude.getByLabel('办理结果').fill('经核查属实，已责令学校停止有偿补课并在全区通报');
    await conclude.getByRole('button', { name: '办结' }).click();
    await page.getByRole('dialog', { name: '确认办结' }).getByRole('button', { name: '确认办结' }).click();
    await conclude.getByRole('cell', { name: '已办结' }).waitFor();
    await checkNarrow(page, 'complaint drawer (concluded)', 'oversight-complaint-375.png');
    const told = await until('the outcome queued for the named complainant', async () => {
      const rows: { message: string }[] = await stack.db.dataSource.query(
        `SELECT m.message FROM complaint_message m JOIN complaint c ON c.id = m.complaint_id WHERE c.text LIKE '学校违规组织有偿补课%'`,
      );
      return rows.length > 0 && rows;
    });
    expect(told[0]!.message).toContain('已责令学校停止有偿补课');
    expect(errors).toEqual([]);
  });

  it('R17 the discipline team opens a disposal case; its person, ladder and deadline are shown, and it climbs a rung; closed meanwhile, a further rung is refused in Chinese', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, discipline, `/oversight/disposal?campaign=${CAMPAIGN}`);
    await page.getByRole('heading', { name: '问题处置' }).waitFor();
    await page.getByRole('button', { name: '新建处置' }).click();
    const dialog = page.getByRole('dialog', { name: '新建处置' });
    await dialog.getByLabel('单位').click();
    const unitName: string = (await stack.db.dataSource.query(`SELECT name FROM unit WHERE id = 's001'`))[0].name;
    await page.getByTitle(unitName).click();
    await dialog.getByLabel('当事人工号').fill(concerned.code);
    await dialog.getByLabel('问题', { exact: true }).fill('向学生推销教辅资料并收取费用');
    await expectAccessible(page, 'new disposal case');
    await dialog.getByRole('button', { name: '新建', exact: true }).click();
    const row = page.getByRole('region', { name: '处置案件列表' }).getByRole('row').filter({ hasText: concerned.name });
    await row.getByText('约见谈话').waitFor();
    await expectAccessible(page, 'disposal cases');
    await shot(page, 'oversight-disposal.png');
    await checkNarrow(page, 'disposal cases', 'oversight-disposal-375.png');

    const stored = await stack.graphql<{ disposalCases: { id: string; dueAt: string }[] }>(
      `{ disposalCases(unitId: "s001") { id dueAt } }`,
      {},
      stack.token('office-admin'),
    );
    const due = stored.data!.disposalCases[0]!.dueAt.slice(0, 10);
    await row.getByRole('button', { name: `办理：${concerned.name}` }).click();
    const drawer = page.getByRole('dialog', { name: `处置：${concerned.name}` });
    await drawer.getByText(`${concerned.name}（${concerned.code}）`).waitFor();
    await drawer.getByText('答复期限').waitFor();
    // The ladder: every rung, the one in force with what is owed by its deadline.
    const ladder = drawer.locator('.ant-steps');
    for (const rung of ['约见谈话', '重点提醒', '警示教育', '告诫劝勉', '纠正偏差', '责令整改'])
      await ladder.getByText(rung, { exact: true }).waitFor();
    await ladder.getByText(`书面说明问题并作出承诺，期限 ${due}`, { exact: false }).waitFor();
    await drawer.getByRole('button', { name: '升级措施' }).click();
    await drawer.getByText('请填写升级理由').waitFor();
    await drawer.getByLabel('升级理由').fill('约谈后仍继续推销，情节加重');
    await drawer.getByRole('button', { name: '升级措施' }).click();
    await page.getByRole('dialog', { name: '确认升级' }).getByRole('button', { name: '确认升级' }).click();
    await drawer.getByText('约谈后仍继续推销，情节加重').waitFor();
    await drawer.locator('.ant-steps-item-process').getByText('重点提醒').waitFor();
    await expectAccessible(page, 'disposal case drawer');
    await shot(page, 'oversight-disposal-case.png');
    await checkNarrow(page, 'disposal case drawer', 'oversight-disposal-case-375.png');

    // Meanwhile the person answers and the office closes the case: the open drawer's escalation is refused,
    // and the page says why in the server's Chinese, never its English.
    const caseId = stored.data!.disposalCases[0]!.id;
    const answered = await stack.graphql(
      `mutation($i: DisposalResponseInput!) { respondToDisposal(input: $i) { id } }`,
      { i: { caseId, text: '已停止推销教辅资料，并作出书面承诺', idempotencyKey: 'answer' } },
      stack.token(concerned.code),
    );
    expect(answered.errors).toBeUndefined();
    const closed = await stack.graphql(
      `mutation($i: VerifyDisposalInput!) { verifyDisposal(input: $i) { id } }`,
      { i: { caseId, accepted: true, outcome: '经核实已改正，处置办结', idempotencyKey: 'verify' } },
      stack.token(office.code),
    );
    expect(closed.errors).toBeUndefined();
    await drawer.getByLabel('升级理由').fill('仍在推销教辅资料');
    await drawer.getByRole('button', { name: '升级措施' }).click();
    await page.getByRole('dialog', { name: '确认升级' }).getByRole('button', { name: '确认升级' }).click();
    // Whichever refusal shows is named if it is not the expected one.
    const refusal = drawer.locator('.ant-alert-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/数据已被他人修改，请刷新后重试\s*该案件已经结案/);
    expect(await drawer.getByText(/is closed/).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('R18 R19 the office opens an evaluation round: codes shown once, printed one slip per code, and a code scores on the public page', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, `/oversight/evaluations?campaign=${CAMPAIGN}&unit=s001`);
    await page.getByRole('heading', { name: '评估评议' }).waitFor();
    await page.getByRole('button', { name: '开启评估' }).click();
    await page.getByRole('button', { name: '开启评议并生成邀请码' }).waitFor();
    await page.getByLabel('评议截止日期').fill(`${YEAR}-12-31`);
    await page.getByLabel('评议截止日期').press('Enter');
    await page.getByLabel('服务对象（人数）').fill('1');
    await page.getByLabel('学生家长（人数）').fill('2');
    await expectAccessible(page, 'evaluation (open a round)');
    await page.getByRole('button', { name: '开启评议并生成邀请码' }).click();
    await page.getByText('邀请码只显示这一次').waitFor();
    const codes = await page.getByRole('region', { name: '邀请码列表' }).locator('code').allInnerTexts();
    expect(codes).toHaveLength(3);
    for (const c of codes) expect(c).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const rounds = page.getByRole('region', { name: '评议轮次' });
    await rounds
      .getByRole('row')
      .filter({ hasText: '服务对象评议' })
      .getByRole('cell', { name: '3', exact: true })
      .waitFor();
    await expectAccessible(page, 'evaluation (codes shown)');
    await shot(page, 'oversight-evaluation-codes.png');
    await checkNarrow(page, 'evaluation (codes shown)', 'oversight-evaluation-375.png');

    // The slips: one per code, in Chinese; printed, only the slips (no menu, no buttons).
    await page.getByRole('button', { name: '打印邀请码条' }).click();
    const slips = page.locator('article.slip');
    await slips.first().waitFor();
    expect(await slips.count()).toBe(3);
    for (const c of codes)
      await slips.filter({ hasText: c }).getByText('每个邀请码只能使用一次', { exact: false }).waitFor();
    await expectAccessible(page, 'evaluation slips');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ant-layout-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    await shot(page, 'oversight-evaluation-slips-print.png');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: '返回' }).click();

    // Reloaded, the page has forgotten the codes (only their hashes are stored); the round keeps its counts.
    await page.reload();
    await rounds.getByRole('row').filter({ hasText: '服务对象评议' }).waitFor();
    expect(await page.getByText('邀请码只显示这一次').count()).toBe(0);
    for (const c of codes) expect(await page.getByText(c).count()).toBe(0);

    const scorer = (await pageFor(375)).page;
    await scorer.goto(`${stack.url}/public/evaluation`);
    await scorer.getByLabel('邀请码').fill(codes[1]!);
    await scorer.getByLabel('评分（0–100）').fill('88');
    await scorer.getByRole('button', { name: '提交评议' }).click();
    await scorer.getByText('评议已提交，感谢您的参与').waitFor();
    await page.reload();
    const row = rounds.getByRole('row').filter({ hasText: '服务对象评议' });
    await row.getByRole('cell', { name: '88', exact: true }).waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['3', '1', '88']));
    // R19: the district leading group's overall evaluation, entered by the office.
    await page.getByLabel('评价意见').fill('廉政风险防控工作扎实，总体评价良好');
    await page.getByRole('button', { name: '记录总体评价' }).click();
    await page.getByText('请打分').waitFor();
    await page.getByLabel('评分（0–100）').fill('85');
    await page.getByRole('button', { name: '记录总体评价' }).click();
    await page.getByText('85 分：廉政风险防控工作扎实，总体评价良好').waitFor();
    await expect(page.getByRole('button', { name: '记录总体评价' }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('R20 the office opens a unit’s correction round and follows it', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, `/oversight/corrections?campaign=${CAMPAIGN}`);
    await page.getByRole('heading', { name: '修正完善' }).waitFor();
    const unitName: string = (await stack.db.dataSource.query(`SELECT name FROM unit WHERE id = 's002'`))[0].name;
    await expectAccessible(page, 'corrections');
    await checkNarrow(page, 'corrections', 'oversight-corrections-375.png');
    await page.getByRole('button', { name: `查看修正：${unitName}` }).click();
    const drawer = page.getByRole('dialog', { name: `修正：${unitName}` });
    await drawer.getByText('本单位尚未开启修正', { exact: false }).waitFor();
    await drawer.getByLabel('修正理由').fill('汇总评议和投诉意见，调整风险点和防控措施');
    await drawer.getByRole('button', { name: '开启修正' }).click();
    await page.getByRole('dialog', { name: '确认开启修正' }).getByRole('button', { name: '开启修正' }).click();
    // No approved form to revise here: the round waits for the principal's confirmation at once.
    await drawer.getByText('待主要负责人确认').first().waitFor();
    await drawer.getByText('待主要负责人确认后生成新版').waitFor();
    await expectAccessible(page, 'correction round');
    await shot(page, 'oversight-correction.png');
    const state = await stack.graphql<{ correctionRound: { status: string } }>(
      `{ correctionRound(campaignId: "${CAMPAIGN}", unitId: "s002") { status } }`,
      {},
      stack.token('office-admin'),
    );
    expect(state.data?.correctionRound.status).toBe('AWAITING_CONFIRMATION');
    expect(errors).toEqual([]);
  });

  it('issue 15 a member of staff is refused the console and by the gateway; a unit’s discipline team sees its unit only', async () => {
    const { page } = await pageFor(375);
    await signInAs(page, stack.url, staff, '/oversight/complaints');
    await page.getByRole('heading', { name: '无权访问监督管理' }).waitFor();
    expect(await page.getByText('学校违规组织有偿补课').count()).toBe(0);
    await expectAccessible(page, 'oversight refused');
    await expectNoSidewaysScroll(page, 'the page at 375 px');
    await shot(page, 'oversight-refused-375.png');
    expect(await code(stack.graphql(`{ complaints { id } }`, {}, stack.token(staff.code)))).toBe('FORBIDDEN');

    // A discipline team stationed at s001 only: its unit's complaints, never another unit's.
    const local = await stack.person('discipline-s001', [{ role: Role.DISCIPLINE_TEAM, unitId: 's001' }]);
    expect(await code(stack.graphql(`{ complaints(unitId: "s002") { id } }`, {}, local))).toBe('FORBIDDEN');
    expect(await code(stack.graphql(`{ complaints { id } }`, {}, local))).toBe('FORBIDDEN');
    const own = await stack.graphql<{ complaints: { unitId: string }[] }>(
      `{ complaints(unitId: "s001") { unitId } }`,
      {},
      local,
    );
    expect(own.data?.complaints.length).toBeGreaterThan(0);
    // Only the office opens evaluation rounds; the discipline team follows them.
    expect(
      await code(
        stack.graphql(
          `mutation($i: OpenEvaluationRoundInput!) { openEvaluationRound(input: $i) { round { id } } }`,
          {
            i: {
              campaignId: CAMPAIGN,
              unitId: 's001',
              kind: 'INTERNAL',
              closesOn: `${YEAR}-12-31`,
              invitations: [{ evaluatorKind: 'STAFF', count: 1 }],
              idempotencyKey: 'refused-round',
            },
          },
          stack.token(discipline.code),
        ),
      ),
    ).toBe('FORBIDDEN');

    const desk = (await pageFor()).page;
    await signInAs(desk, stack.url, { code: 'discipline-s001', name: 'discipline-s001' }, '/oversight/complaints');
    await desk.getByRole('row').filter({ hasText: '学校违规组织有偿补课' }).waitFor();
    await desk.getByLabel('单位').first().click();
    expect(await desk.locator('.ant-select-item-option').count()).toBe(1);
    await desk.keyboard.press('Escape');
    await desk.goto(`${stack.url}/oversight/evaluations?campaign=${CAMPAIGN}&unit=s001`);
    await desk.getByRole('region', { name: '评议轮次' }).waitFor();
    expect(await desk.getByRole('button', { name: '开启评议并生成邀请码' }).count()).toBe(0);
  });
});
