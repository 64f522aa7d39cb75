import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { parseRoster } from '@pirm/domain';
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
import { submitToFirstStep } from '../support/district';
import { TestStack } from '../support/gateway';
import { launchWithScreeningOpen } from '../support/screening';
import { until } from '../support/wait';

interface Person {
  code: string;
  name: string;
}

/**
 * Issue 15's configuration, exports and audit for the office (领导小组办公室), in Debian's Chromium against the
 * real gateway, worker, Temporal and PostgreSQL: a grading rules version published after its preview, a year's
 * holidays edited, an export started, followed and downloaded, the audit trail filtered and its chain verified.
 */
describe('the office configures, exports and audits in a real browser (issue 15)', () => {
  jest.setTimeout(240_000);
  const stack = new TestStack();
  const YEAR = campaignYear('office configuration');
  const CAMPAIGN = String(YEAR);
  let browser: Browser;
  let office: Person;
  let teacher: Person;
  const pages = new BrowserPages(() => browser);
  const pageFor = (width?: number) => pages.open(width);

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });

  /** axe at 1280 px, then axe, the page's width and a screenshot at 375 px, then back to the desktop width. */
  async function checkBothWidths(page: Page, what: string, screenshot: string): Promise<void> {
    await expectAccessible(page, what);
    await shot(page, `${screenshot}.png`);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(300);
    await expectNoSidewaysScroll(page, 'the page at 375 px');
    await expectAccessible(page, `${what} at 375 px`);
    await shot(page, `${screenshot}-375.png`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    await stack.start();
    const { roster, errors } = parseRoster(generateDistrictRows(DEMO_DISTRICT));
    if (errors.length) throw new Error(JSON.stringify(errors));
    await applyRoster(stack.db.dataSource, roster);
    await launchWithScreeningOpen(stack, YEAR, ['s001'], stack.token('office-admin'));
    // A few graded forms for the preview to compare.
    const staff: Person[] = await stack.db.dataSource.query(
      `SELECT p.code, p.name FROM person p JOIN post po ON po.id = p.post_id
        WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF'
          AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id) ORDER BY p.code LIMIT 3`,
    );
    for (const s of staff) await submitToFirstStep(stack, CAMPAIGN, s.code, (c) => stack.token(c));
    teacher = staff[0]!;
    [office] = await stack.db.dataSource.query(`SELECT code, name FROM person WHERE code = 'office-admin'`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await stack.stop();
  });

  it('R09 the office reads each form type’s review chain level by level and changes one, with a confirmation', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, '/office/configuration');
    await page.getByRole('menuitem', { name: '配置' }).waitFor();
    const chains = page.getByRole('table', { name: '审核链' });
    const staffChain = chains.getByRole('row').filter({ hasText: '一般工作人员及教职工' });
    await staffChain.getByRole('listitem').first().waitFor();
    await expect(staffChain.getByRole('listitem').allInnerTexts()).resolves.toEqual([
      '科室(年级组)负责人',
      '单位领导小组',
      '派驻纪检组、监察室',
    ]);
    await checkBothWidths(page, 'configuration (review chains)', 'office-config-chains');

    await page.getByRole('button', { name: '修改中层领导审核链' }).click();
    const editor = page.getByRole('dialog', { name: '修改审核链：中层领导' });
    await editor.getByLabel('每级期限（工作日）').fill('7');
    await editor.getByRole('button', { name: '保存' }).click();
    await page.getByRole('dialog', { name: '确认修改审核链' }).getByRole('button', { name: '确认' }).click();
    await page.getByText('中层领导审核链已修改').waitFor();
    const middle = chains.getByRole('row').filter({ hasText: '中层领导' });
    await middle.getByRole('cell', { name: '7', exact: true }).waitFor();
    await middle.getByRole('cell', { name: 'office-admin', exact: true }).waitFor();
    expect(errors).toEqual([]);
  });

  it('R12 the office sees how many current posts new grading rules would regrade, then publishes them', async () => {
    const graded: { grade: string }[] = await stack.db.dataSource.query(
      `SELECT post_grade AS grade FROM risk_form WHERE campaign_id = $1 AND post_grade IS NOT NULL`,
      [CAMPAIGN],
    );
    // The candidate below makes every post C: the posts graded A or B now are those that change.
    const notC = graded.filter((g) => g.grade !== 'C').length;
    expect(notC).toBeGreaterThan(0);

    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, '/office/configuration?tab=grading');
    const versions = page.getByRole('table', { name: '评级规则版本' });
    await versions.getByRole('cell', { name: '第 1 版' }).waitFor();
    expect(await page.getByRole('button', { name: '发布第 2 版' }).isDisabled()).toBe(true);
    await checkBothWidths(page, 'configuration (grading rules)', 'office-config-grading');

    await page.getByLabel('A 级：总分 ≥').fill('1000');
    await page.getByLabel('B 级：总分 ≥').fill('999');
    await page.getByRole('switch', { name: '一级风险点无有效措施时定为 A 级' }).click();
    await page.getByRole('button', { name: '预览影响' }).click();
    const preview = page.getByRole('status').filter({ hasText: '按新规则将有' });
    await preview
      .getByText(
        `${CAMPAIGN} 年度活动已评级的 ${graded.length} 个岗位中，按新规则将有 ${notC} 个岗位等级变化（现行第 1 版）。`,
      )
      .waitFor();
    await expectAccessible(page, 'grading rules preview');
    await shot(page, 'office-config-grading-preview.png');
    // An edit after the preview asks for a new one before publishing.
    await page.getByLabel('B 级：总分 ≥').fill('998');
    await until(
      'an edit voids the preview',
      async () => (await page.getByRole('button', { name: '发布第 2 版' }).isDisabled()) || undefined,
    );
    await page.getByRole('button', { name: '预览影响' }).click();
    await preview.waitFor();
    await page.getByRole('button', { name: '发布第 2 版' }).click();
    const confirm = page.getByRole('dialog', { name: '确认发布第 2 版评级规则' });
    await confirm.getByText(`按新规则将有 ${notC} 个岗位等级变化`, { exact: false }).waitFor();
    await confirm.getByRole('button', { name: '发布' }).click();
    await confirm.waitFor({ state: 'hidden' });
    // The notice that it is published; a refusal instead ends the wait naming what the page says.
    const refusal = page.locator('.ant-alert-error, .ant-form-item-explain-error');
    await until('the second version published, or a refusal shown', async () => {
      if (await refusal.count()) return true;
      return (await page.getByText('第 2 版评级规则已发布').count()) > 0;
    });
    expect(await refusal.allInnerTexts()).toEqual([]);
    await versions.getByRole('cell', { name: '第 2 版' }).waitFor();
    await versions.getByRole('row').filter({ hasText: '第 2 版' }).getByText('A ≥ 1000，B ≥ 998').waitFor();
    const latest = await stack.graphql<{ gradingRules: { version: number; gradeThresholdB: number } }>(
      '{ gradingRules { version gradeThresholdB } }',
      {},
      stack.token('office-admin'),
    );
    expect(latest.data?.gradingRules).toEqual({ version: 2, gradeThresholdB: 998 });
    // The running campaign's forms keep their grades.
    const after: { grade: string }[] = await stack.db.dataSource.query(
      `SELECT post_grade AS grade FROM risk_form WHERE campaign_id = $1 AND post_grade IS NOT NULL`,
      [CAMPAIGN],
    );
    expect(after.filter((g) => g.grade !== 'C').length).toBe(notC);
    expect(errors).toEqual([]);
  });

  it('the office enters a year’s holidays, then edits them as that year’s next version', async () => {
    const HOLIDAY_YEAR = YEAR;
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, '/office/configuration?tab=holidays');
    await page.getByRole('table', { name: '各年度节假日' }).waitFor();
    await page.getByLabel('录入新年份').fill(String(HOLIDAY_YEAR));
    await page.getByRole('button', { name: '新建' }).click();
    await expect(page.getByLabel('年份', { exact: true }).inputValue()).resolves.toBe(String(HOLIDAY_YEAR));
    // A date of another year is refused where it stands, in the form's words (not the field's path).
    await page
      .getByLabel('放假日期（每行一个，YYYY-MM-DD）')
      .fill([`${HOLIDAY_YEAR}-10-01`, `${HOLIDAY_YEAR + 1}-10-02`].join('\n'));
    await page.getByRole('button', { name: '发布节假日' }).click();
    const refused = page.getByRole('alert').filter({ hasText: '日期有误' });
    await refused.getByText(`放假日期第 2 个：须在 ${HOLIDAY_YEAR} 年内`).waitFor();
    expect(await refused.innerText()).not.toContain('holidays');
    await checkBothWidths(page, 'configuration (a refused holiday date)', 'office-config-holidays-error');
    await page
      .getByLabel('放假日期（每行一个，YYYY-MM-DD）')
      .fill([1, 2, 3].map((d) => `${HOLIDAY_YEAR}-10-0${d}`).join('\n'));
    await page.getByRole('button', { name: '发布节假日' }).click();
    await page.getByText(`${HOLIDAY_YEAR} 年节假日已发布（第 1 版）`).waitFor();
    const row = page
      .getByRole('table', { name: '各年度节假日' })
      .getByRole('row')
      .filter({ hasText: String(HOLIDAY_YEAR) });
    await row.getByRole('cell', { name: '第 1 版' }).waitFor();
    await checkBothWidths(page, 'configuration (holidays)', 'office-config-holidays');

    // Editing the year starts from its days in force.
    await page.getByRole('button', { name: `修改 ${HOLIDAY_YEAR} 年节假日` }).click();
    const days = page.getByLabel('放假日期（每行一个，YYYY-MM-DD）');
    await expect(days.inputValue()).resolves.toBe([1, 2, 3].map((d) => `${HOLIDAY_YEAR}-10-0${d}`).join('\n'));
    await days.fill([1, 2, 3, 4].map((d) => `${HOLIDAY_YEAR}-10-0${d}`).join('\n'));
    await page.getByLabel('调休上班日期').fill(`${HOLIDAY_YEAR}-10-10`);
    await page.getByRole('button', { name: '发布节假日' }).click();
    await page.getByText(`${HOLIDAY_YEAR} 年节假日已发布（第 2 版）`).waitFor();
    await row.getByRole('cell', { name: '第 2 版' }).waitFor();
    const years = await stack.graphql<{
      holidayYears: { year: number; holidays: string[]; makeUpWorkdays: string[] }[];
    }>('{ holidayYears { year holidays makeUpWorkdays } }', {}, stack.token('office-admin'));
    expect(years.data?.holidayYears.find((y) => y.year === HOLIDAY_YEAR)).toEqual({
      year: HOLIDAY_YEAR,
      holidays: [1, 2, 3, 4].map((d) => `${HOLIDAY_YEAR}-10-0${d}`),
      makeUpWorkdays: [`${HOLIDAY_YEAR}-10-10`],
    });
    expect(errors).toEqual([]);
  });

  it('R21 the office starts the district summary export, sees its progress and downloads the XLSX', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, `/office/exports?campaign=${CAMPAIGN}`);
    await page.getByText(`导出（${CAMPAIGN} 年度）`).waitFor();
    await checkBothWidths(page, 'exports and audit', 'office-exports');
    // antd's select lists its options in a box of its own (the chosen one also shows in the field).
    const option = (label: string) => page.locator(`.ant-select-item-option[title="${label}"]`);

    // Every kind the gateway offers is on the list.
    await page.getByLabel('导出内容').click();
    for (const label of [
      '全区汇总表（XLSX）',
      '单位风险点登记表（XLSX）',
      '年度考核（XLSX，不选单位为全区）',
      '风险防控表打印（PDF）',
    ])
      await option(label).waitFor();
    await option('单位风险点登记表（XLSX）').click();
    // A unit's list needs its unit: the form says so before anything starts.
    await page.getByRole('button', { name: '开始导出' }).click();
    await page.getByText('请选择单位').waitFor();
    await page.getByLabel('导出内容').click();
    await option('全区汇总表（XLSX）').click();
    await page.getByRole('button', { name: '开始导出' }).click();
    await page.getByRole('progressbar', { name: '汇总表 生成进度' }).waitFor();
    const link = page.getByRole('link', { name: '下载 汇总表' });
    await link.waitFor({ timeout: 60_000 });
    await shot(page, 'office-exports-done.png');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`岗位廉政风险防范管理全区汇总表-${CAMPAIGN}.xlsx`);
    const file = readFileSync((await download.path())!);
    // An XLSX is a ZIP: "PK\x03\x04", with the workbook inside.
    expect(file.length).toBeGreaterThan(1000);
    expect(file.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(file.includes(Buffer.from('xl/workbook.xml'))).toBe(true);
    const res = await fetch((await link.getAttribute('href'))!);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(errors).toEqual([]);
  });

  it('the office filters the audit trail (actor, action, target, days), verifies the chain, and sees a tampered record found', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, office, `/office/exports?campaign=${CAMPAIGN}`);
    await page.getByLabel('记录链（活动年度，或 district 为全区）').fill('district');
    await page.getByLabel('操作（如 GRADING_RULES_PUBLISH）').fill('GRADING_RULES_PUBLISH');
    await page.getByLabel('操作人（工号）').fill('office-admin');
    await page.getByRole('button', { name: '查询' }).click();
    const trail = page.getByRole('table', { name: '审计记录' });
    const published = trail.getByRole('row').filter({ hasText: 'GRADING_RULES_PUBLISH' });
    await published.getByRole('cell', { name: 'rules:2', exact: true }).waitFor();
    expect(await published.count()).toBe(1);
    // The review chain change of the first test, found by its target.
    await page.getByLabel('操作（如 GRADING_RULES_PUBLISH）').fill('');
    await page.getByLabel('对象（如 unit:s001）').fill('chain:MIDDLE_MANAGER');
    await page.getByRole('button', { name: '查询' }).click();
    await trail.getByRole('cell', { name: 'chain:MIDDLE_MANAGER', exact: true }).first().waitFor();
    await until(
      'the action filter is gone',
      async () =>
        (await trail.getByRole('row').filter({ hasText: 'GRADING_RULES_PUBLISH' }).count()) === 0 || undefined,
    );

    // A time range: a day long past has none of them, today has the change (the browser's day, like the page's).
    const pickDays = async (first: string, last: string) => {
      const start = page.locator('#audit-days');
      await start.click();
      await start.fill(first);
      await start.press('Enter');
      const end = page.getByPlaceholder('结束日期');
      await end.fill(last);
      await end.press('Enter');
      await page.keyboard.press('Escape');
    };
    await pickDays('2001-01-01', '2001-01-02');
    await page.getByRole('button', { name: '查询' }).click();
    await trail.getByText('没有符合条件的记录').waitFor();
    const today = new Date().toLocaleDateString('sv-SE');
    await pickDays(today, today);
    await page.getByRole('button', { name: '查询' }).click();
    await trail.getByRole('cell', { name: 'chain:MIDDLE_MANAGER', exact: true }).first().waitFor();
    // The gateway checks the range itself.
    const backwards = await stack.graphql(
      `{ auditTrail(chain: "district", from: "2030-01-02T00:00:00Z", to: "2030-01-01T00:00:00Z") { seq } }`,
      {},
      stack.token('office-admin'),
    );
    expect(backwards.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      userMessage: '填写有误：结束时间须晚于开始时间',
      fieldErrors: [{ field: 'to', reason: 'must be after from', message: '结束时间须晚于开始时间' }],
    });

    await page.getByRole('button', { name: '校验记录链' }).click();
    const [{ n }] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_record WHERE chain = 'district'`,
    );
    await page.getByText(`记录链完整：district 共 ${n} 条记录，哈希逐条相符`).waitFor();
    await checkBothWidths(page, 'audit trail (verified)', 'office-audit');

    // The schema's owner (not the service's role, which the trigger stops) rewrites a record: the check names it.
    const owner = new PgClient({ connectionString: stack.db.ownerUrl });
    await owner.connect();
    let seq: string;
    try {
      await owner.query(`ALTER TABLE audit_record DISABLE TRIGGER trg_audit_record_insert_only`);
      ({
        rows: [{ seq }],
      } = await owner.query<{ seq: string }>(
        `UPDATE audit_record SET target = 'rules:1' WHERE chain = 'district' AND action = 'GRADING_RULES_PUBLISH' RETURNING seq`,
      ));
      await owner.query(`ALTER TABLE audit_record ENABLE TRIGGER trg_audit_record_insert_only`);
    } finally {
      await owner.end();
    }
    await page.getByRole('button', { name: '校验记录链' }).click();
    await page.getByText(`记录链被改动：自第 ${seq} 条起不符`).waitFor();
    await expectAccessible(page, 'audit trail (broken)');
    expect(errors).toEqual([]);
  });

  it('issue 15 a person outside the office sees a refusal on these pages, and the gateway refuses them too', async () => {
    const { page, errors } = await pageFor();
    await signInAs(page, stack.url, teacher, '/office/configuration');
    await page.getByText('无权访问').waitFor();
    expect(await page.getByRole('menuitem', { name: '配置' }).count()).toBe(0);
    await expectAccessible(page, 'configuration refused');
    await page.goto(`${stack.url}/office/exports`);
    await page.getByText('无权访问').waitFor();
    expect(await page.getByRole('button', { name: '开始导出' }).count()).toBe(0);

    const token = stack.token(teacher.code);
    const rules = `{ level1MinProduct: 6, level2MinProduct: 3, weightLevel1: 30, weightLevel2: 12, weightLevel3: 4,
      extraCauseMultiplier: 0.25, gradeThresholdA: 60, gradeThresholdB: 24, level1WithoutControlIsA: true }`;
    for (const doc of [
      `{ gradingRulesPreview(input: ${rules}) { changed } }`,
      `mutation { publishGradingRules(input: ${rules}) { version } }`,
      `mutation { publishHolidayYear(input: { year: ${YEAR}, holidays: [], makeUpWorkdays: [] }) { version } }`,
      `{ auditTrail(chain: "district") { seq } }`,
      `{ verifyAuditChain(chain: "district") { intact } }`,
      `mutation { startExport(input: { kind: DISTRICT_SUMMARY, campaignId: "${CAMPAIGN}" }) { id } }`,
    ]) {
      const r = await stack.graphql(doc, {}, token);
      expect([doc, r.errors?.[0]?.extensions?.code]).toEqual([doc, 'FORBIDDEN']);
    }
    expect(errors).toEqual([]);
  });
});
