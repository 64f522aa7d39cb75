import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { dateOf, parseRoster } from '@pirm/domain';
import { applyRoster, generateDistrictRows, toCsv } from '@pirm/persistence';
import { DEMO_DISTRICT } from '../../libs/persistence/src/cli/seed-demo';
import {
  SCREENSHOTS,
  BrowserPages,
  ensureConsoleBuilt,
  expectAccessible,
  launchChromium,
  expectNoSidewaysScroll,
  signInAs,
  unlessRefused,
  untilNavigated,
} from '../support/browser';
import { campaignYear } from '../support/campaign';
import { submitToFirstStep } from '../support/district';
import { TestStack } from '../support/gateway';
import { openScreening } from '../support/screening';
import { until } from '../support/wait';

interface Person {
  code: string;
  name: string;
}

/**
 * Issue 15's proof for the office (领导小组办公室): the roster, the launch, the overview and the units, in
 * Debian's Chromium against the real gateway, worker, Temporal and PostgreSQL. The district starts as the
 * bureau alone; the office imports the rest of the demo district through the console.
 */
describe('the office steers the campaign in a real browser (issue 15)', () => {
  jest.setTimeout(240_000);
  const stack = new TestStack();
  // A year of this file's own (the shared Temporal server names workflows by year), beyond the built-in holidays.
  const YEAR = campaignYear('office console');
  const CAMPAIGN = String(YEAR);
  const rows = generateDistrictRows(DEMO_DISTRICT);
  const header = rows[0]!;
  const column = (name: string) => header.indexOf(name);
  let browser: Browser;
  let office: Person;
  const pages = new BrowserPages(() => browser);
  const pageFor = (width?: number) => pages.open(width);

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });

  /** axe and the page's width at 375 px, then back to the desktop width. */
  /**
   * Clicks a chart at a point (fractions of its box) until the page goes where the click leads: ECharts grows its
   * bars in an animation, and a click before they reach the point lands on nothing.
   */
  async function clickThrough(page: Page, chart: Locator, [fx, fy]: [number, number], url: RegExp): Promise<void> {
    await until(`the chart leads to ${url}`, async () => {
      const box = (await chart.boundingBox())!;
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
      return page.waitForURL(url, { timeout: 1_000 }).then(
        () => true,
        () => undefined,
      );
    });
  }

  async function checkNarrow(page: Page, what: string, screenshot?: string): Promise<void> {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(300);
    await expectNoSidewaysScroll(page, 'the page at 375 px');
    await expectAccessible(page, `${what} at 375 px`);
    if (screenshot) await shot(page, screenshot);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    await stack.start();
    // The bureau alone: its office administrator signs in and imports the schools.
    const { roster, errors } = parseRoster([header, ...rows.slice(1).filter((r) => r[0] === 'bureau')]);
    if (errors.length) throw new Error(JSON.stringify(errors));
    await applyRoster(stack.db.dataSource, roster);
    office = (await stack.db.dataSource.query(`SELECT code, name FROM person WHERE code = 'office-admin'`))[0];
    browser = await launchChromium();
  });

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await stack.stop();
  });

  it('R01 R02 the office uploads a roster with one bad row, sees that row’s error by row and column, fixes the file and imports it', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, '/office/roster');
    await page.getByRole('heading', { name: '人员名册' }).waitFor();
    await expectAccessible(page, 'roster (empty)');

    // Row 10 of the file (header = row 1) lacks the person's name.
    const bad = rows.map((r, i) => (i === 9 ? r.map((v, c) => (c === column('姓名') ? '' : v)) : r));
    const upload = async (name: string, content: string) =>
      page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
    await upload('名册-有误.csv', toCsv(bad));
    await page.getByRole('button', { name: '预检（不写入）' }).click();
    await page.getByText('发现 1 处错误，未导入任何数据').waitFor();
    const errorRow = page.getByRole('table', { name: '名册错误' }).getByRole('row').filter({ hasText: '姓名' });
    await expect(errorRow.getByRole('cell').allInnerTexts()).resolves.toEqual(['10', '姓名', '必填']);
    expect(await page.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    await expectAccessible(page, 'roster (row errors)');
    await shot(page, 'office-roster-errors.png');
    await checkNarrow(page, 'roster (row errors)', 'office-roster-errors-375.png');

    // The fixed file: the dry run lists the people it would add, and writes nothing.
    await upload('名册.csv', toCsv(rows));
    await page.getByRole('button', { name: '预检（不写入）' }).click();
    const [{ n: before }] = await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM person`);
    const added = rows.length - 1 - before;
    await page.getByText(`新增人员（${added}）`).waitFor();
    await page.getByText('离开人员（0）').waitFor();
    await expectAccessible(page, 'roster (dry run)');
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByRole('dialog').getByText(`新增 ${added} 人，变更 0 人，离开 0 人。`).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '导入' }).click();
    // A whole district in one transaction: allow for a busy machine.
    await page.getByText('名册已导入').waitFor({ timeout: 60_000 });
    // Nothing was written by the dry runs; the import wrote everyone.
    const [{ n: after }] = await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM person`);
    expect(after).toBe(rows.length - 1);

    // The roster reads back: the schools' people, searchable.
    await page.getByRole('tab', { name: '浏览名册' }).click();
    await page.getByRole('tab', { name: '人员' }).click();
    const someone = rows.find((r) => r[0] === 's002')!;
    await page.getByRole('searchbox', { name: '搜索人员' }).fill(someone[column('姓名')]!);
    await page.getByRole('searchbox', { name: '搜索人员' }).press('Enter');
    await page
      .getByRole('table', { name: '人员' })
      .getByRole('cell', { name: someone[column('工号')], exact: true })
      .waitFor();
    await expectAccessible(page, 'roster (people)');
    expect(errors).toEqual([]);
  });

  it('R09 R12 the office launches the campaign: the plan’s calendar prefilled, its dates changed, a warning for the years without holidays', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, '/office/launch');
    await page.getByLabel('活动年度').fill(String(YEAR));
    await page.getByLabel('活动年度').press('Enter');
    await page.getByRole('button', { name: `启动 ${YEAR} 年度活动` }).waitFor();
    // The seed plan's calendar, the rules version in force and the review chains.
    await expect(page.locator('#phase-SCREENING').inputValue()).resolves.toBe(`${YEAR}-05-01`);
    await page.getByText('评级规则：第 1 版').waitFor();
    await page.getByText(/一般工作人员及教职工：科室\(年级组\)负责人 → 单位领导小组 → 派驻纪检组/).waitFor();
    await page.getByText(`${YEAR} 年没有节假日数据`, { exact: true }).waitFor();
    await expectAccessible(page, 'launch');
    await shot(page, 'office-launch.png');
    await checkNarrow(page, 'launch', 'office-launch-375.png');

    // Mobilisation and screening open yesterday, so the units start now; the other phases keep the plan.
    const yesterday = dateOf(Date.now() - 86_400_000);
    for (const phase of ['MOBILISATION', 'SCREENING']) {
      const start = page.locator(`#phase-${phase}`);
      await start.click();
      const picker = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
      await picker.waitFor();
      // A pointer resting on the open calendar previews that day, and Enter would take it instead of the typed one.
      await page.mouse.move(0, 0);
      await start.fill(yesterday);
      // Enter takes the typed first day and moves to the last day; Enter there keeps it and commits the range.
      await start.press('Enter');
      const end = page.locator('.ant-picker-range').filter({ has: start }).locator('input').nth(1);
      await until(`${phase}'s last day focused`, async () =>
        (await end.evaluate((el) => el === el.ownerDocument.activeElement)) ? true : undefined,
      );
      await end.press('Enter');
      // The closing picker would take the next phase's click.
      await picker.waitFor({ state: 'hidden' });
      await until(`${phase} starts ${yesterday}`, async () =>
        (await start.inputValue()) === yesterday ? true : undefined,
      );
    }
    // Enter in a field never launches: only the button does, after its confirmation.
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    await page.getByLabel('公示期（工作日）').fill('3');
    await page.getByRole('button', { name: `启动 ${YEAR} 年度活动` }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(`动员学习 ${yesterday} 至 ${YEAR}-04-30`).waitFor();
    await confirm.getByRole('button', { name: '启动' }).click();
    await untilNavigated(page, new RegExp(`/office\\?campaign=${YEAR}$`));
    await page.getByRole('heading', { name: '活动总览' }).waitFor();
    const campaign = await stack.graphql<{ campaign: { noticeWorkingDays: number; phases: { startsOn: string }[] } }>(
      `{ campaign(id: "${CAMPAIGN}") { noticeWorkingDays phases { startsOn } } }`,
      {},
      stack.token('office-admin'),
    );
    expect(campaign.data?.campaign.noticeWorkingDays).toBe(3);
    expect(campaign.data?.campaign.phases[1]!.startsOn).toBe(yesterday);
    expect(errors).toEqual([]);
  });

  it('R09 while a reviewer approves forms in a second browser, the overview’s counts move without a reload', async () => {
    await openScreening(stack, CAMPAIGN, ['s001'], stack.token('office-admin'));
    const teachers: Person[] = await stack.db.dataSource.query(
      `SELECT p.code, p.name FROM person p JOIN post po ON po.id = p.post_id
        WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF'
          AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id) ORDER BY p.code`,
    );
    const submitted: (Person & { reviewer: string })[] = [];
    for (const t of teachers.slice(0, 3))
      submitted.push({ ...t, ...(await submitToFirstStep(stack, CAMPAIGN, t.code, (c) => stack.token(c))) });
    // The reviewer with most of the tasks approves them all.
    const reviewer = submitted
      .map((s) => s.reviewer)
      .sort(
        (a, b) => submitted.filter((s) => s.reviewer === b).length - submitted.filter((s) => s.reviewer === a).length,
      )[0]!;
    const theirs = submitted.filter((s) => s.reviewer === reviewer);

    const overview = await pageFor();
    await signInAs(overview.page, stack.url, office, `/office?campaign=${CAMPAIGN}`);
    const stat = (title: string) =>
      overview.page.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content-value');
    await until('the overview counts the submitted forms', async () =>
      (await stat('已提交表').innerText()) === '3' ? true : undefined,
    );
    await expect(stat('已审环节').innerText()).resolves.toBe('0');
    await overview.page.locator('canvas').first().waitFor();
    await expectAccessible(overview.page, 'overview');

    const review = await pageFor();
    const [who] = await stack.db.dataSource.query(`SELECT code, name FROM person WHERE code = $1`, [reviewer]);
    await signInAs(review.page, stack.url, who, '/inbox');
    for (const t of theirs) {
      await review.page.getByRole('button', { name: t.name, exact: true }).click();
      await review.page.getByRole('dialog').getByRole('button', { name: '通过', exact: true }).click();
      await unlessRefused(
        review.page,
        `approving ${t.name}`,
        review.page.getByRole('dialog').waitFor({ state: 'hidden' }),
      );
    }
    await until('the overview counts the approvals', async () =>
      (await stat('已审环节').innerText()) === String(theirs.length) ? true : undefined,
    );
    await overview.page.getByRole('cell', { name: /第 1 级 · 科室\(年级组\)负责人/ }).waitFor();
    await shot(overview.page, 'office-overview.png');
    await checkNarrow(overview.page, 'overview', 'office-overview-375.png');

    // A click on the phase chart's bars leads to the units behind them: screening in progress is s001.
    const chart = overview.page.getByRole('img', { name: /^各阶段单位进度/ });
    await expect(chart.getAttribute('aria-label')).resolves.toContain('风险排查（未开始 4，进行中 1，逾期 0');
    // Bars are horizontal, the first phase at the bottom: screening is the second row from the bottom, and its
    // one unit in progress the last fifth of the bar, after the four not started.
    await clickThrough(overview.page, chart, [0.9, 0.67], /\/office\/units\?.*phase=SCREENING&status=IN_PROGRESS/);
    await overview.page.getByText('筛选：风险排查 · 进行中').waitFor();
    const [{ name: s001 }] = await stack.db.dataSource.query(`SELECT name FROM unit WHERE id = 's001'`);
    await overview.page.getByRole('button', { name: s001, exact: true }).waitFor();
    expect(await overview.page.locator('.ant-table-row').count()).toBe(1);
    expect(overview.errors).toEqual([]);
    expect(review.errors).toEqual([]);
  });

  it('R09 R23 the forms behind the overview’s chart: listed by unit and status, found by name, printed', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, `/office?campaign=${CAMPAIGN}`);
    // s001's forms are all in review, so its one bar of the forms chart is the in-review forms.
    const chart = page.getByRole('img', { name: /^各单位表单状态/ });
    await expect(chart.getAttribute('aria-label')).resolves.toContain('（填写中 0，审核中 3，已退回 0，已通过 0）');
    await clickThrough(page, chart, [0.5, 0.55], /\/forms\?.*unit=s001&status=SUBMITTED/);
    const rows = page.getByRole('table', { name: '风险防控表列表' }).locator('.ant-table-row');
    await until('the three forms in review', async () => ((await rows.count()) === 3 ? true : undefined));
    await expectAccessible(page, 'forms');
    await shot(page, 'forms.png');
    await checkNarrow(page, 'forms', 'forms-375.png');

    // By name: one person's form, printed as the PDF.
    const [first] = await stack.db.dataSource.query(
      `SELECT p.name FROM risk_form f JOIN person p ON p.id = f.person_id
        WHERE f.campaign_id = $1 AND f.unit_id = 's001' AND f.status = 'SUBMITTED' ORDER BY p.name LIMIT 1`,
      [CAMPAIGN],
    );
    await page.getByRole('searchbox', { name: '按姓名搜索' }).fill(first.name);
    await page.getByRole('searchbox', { name: '按姓名搜索' }).press('Enter');
    await until('one form by name', async () => ((await rows.count()) === 1 ? true : undefined));
    await rows.getByRole('cell', { name: first.name, exact: true }).waitFor();
    await rows.getByRole('button', { name: '打印（生成 PDF）' }).click();
    const link = rows.getByRole('link', { name: '下载 PDF' });
    await link.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // No approved form yet: the status filter says so.
    await page.getByLabel('状态', { exact: true }).click();
    await page.locator('.ant-select-item-option[title="已通过"]').click();
    await page.getByText('没有符合条件的表').waitFor();
    expect(errors).toEqual([]);
  });

  it('R22 the office extends one unit’s screening deadline, with a reason and a confirmation, and sees its state change', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, `/office/units?campaign=${CAMPAIGN}`);
    const [{ name: unitName }] = await stack.db.dataSource.query(`SELECT name FROM unit WHERE id = 's001'`);
    await page.getByRole('button', { name: unitName, exact: true }).waitFor();
    await expectAccessible(page, 'units');
    await checkNarrow(page, 'units', 'office-units-375.png');
    await page.getByRole('button', { name: unitName, exact: true }).click();
    const drawer = page.getByRole('dialog', { name: unitName });
    const screening = drawer
      .getByRole('table', { name: '各阶段状态' })
      .getByRole('row')
      .filter({ hasText: '风险排查' });
    await screening.getByText(`${YEAR}-06-10`).waitFor();
    await expectAccessible(page, 'unit drawer');

    // The reason is required before anything is asked.
    await drawer.getByLabel('阶段', { exact: true }).click();
    await page.getByTitle('风险排查').click();
    await drawer.getByLabel('新的截止日期（含当日）').fill(`${YEAR}-06-30`);
    await drawer.getByLabel('新的截止日期（含当日）').press('Enter');
    await drawer.getByRole('button', { name: '提交' }).click();
    await drawer.getByText('请填写理由').waitFor();
    await drawer.getByLabel('理由', { exact: true }).fill('学校承担中考考务，申请延期');
    await drawer.getByRole('button', { name: '提交' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '确认操作' });
    await confirm.getByText(`${unitName}：延长截止日期（风险排查 截止至 ${YEAR}-06-30）`).waitFor();
    await shot(page, 'office-units-extend.png');
    await confirm.getByRole('button', { name: '确认' }).click();
    await page.getByText('已延长截止日期').waitFor();
    await screening.getByText(`${YEAR}-06-30`).waitFor();
    // The units list follows (the control is projected at once).
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: unitName }).getByText(`截止 ${YEAR}-06-30`).waitFor();
    const actions = await stack.graphql<{ campaign: { actions: { kind: string; unitId: string; reason: string }[] } }>(
      `{ campaign(id: "${CAMPAIGN}") { actions { kind unitId reason } } }`,
      {},
      stack.token('office-admin'),
    );
    expect(actions.data?.campaign.actions).toContainEqual({
      kind: 'EXTEND',
      unitId: 's001',
      reason: '学校承担中考考务，申请延期',
    });
    await shot(page, 'office-units.png');
    expect(errors).toEqual([]);
  });

  it('R01 R22 the add-unit picker offers every roster unit, past the gateway’s page of 100', async () => {
    // 120 more units sort after the demo's, so the last of them is on the second page of the roster's units.
    await stack.db.dataSource.query(
      `INSERT INTO unit (id, name, kind) SELECT 'z' || lpad(n::text, 3, '0'), '新建学校' || n, 'SCHOOL'
         FROM generate_series(1, 120) n`,
    );
    try {
      const { page, errors } = await pageFor();
      await signInAs(page, stack.url, office, `/office/units?campaign=${CAMPAIGN}`);
      await page.getByRole('button', { name: '添加单位' }).click();
      const dialog = page.getByRole('dialog', { name: '添加单位' });
      await dialog.getByLabel('单位', { exact: true }).fill('新建学校120');
      await page.getByTitle('新建学校120', { exact: true }).waitFor();
      await dialog.getByLabel('单位', { exact: true }).fill('没有这所学校');
      await page.getByText('没有匹配的单位').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await stack.db.dataSource.query(`DELETE FROM unit WHERE id LIKE 'z%'`);
    }
  });
});
