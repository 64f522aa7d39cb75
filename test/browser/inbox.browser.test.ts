import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { parseRoster } from '@pirm/domain';
import { RiskArchiveEntity, applyRoster, generateDistrictRows } from '@pirm/persistence';
import {
  SCREENSHOTS,
  BrowserPages,
  ensureConsoleBuilt,
  expectAccessible,
  launchChromium,
  settled,
  signInAs,
} from '../support/browser';
import { campaignYear } from '../support/campaign';
import { TestStack } from '../support/gateway';
import { fileRiskForm, launchWithScreeningOpen } from '../support/screening';
import { until } from '../support/wait';

interface Person {
  code: string;
  name: string;
}

/** What a risk point is saved as (R08 R12), read back over GraphQL. */
interface SavedPoint {
  description: string;
  category: string;
  causes: string[];
  likelihood: number;
  harm: number;
  findingMethod: string;
  direction: string;
  backwardSource: string | null;
  majorMatter: string | null;
  level: string;
}

/**
 * Issue 14's reviewer inbox beyond one form (counts, filters, paging, overdue, a return to an earlier step) and the
 * forms of middle managers and leaders, in Debian's Chromium against the real gateway, worker, Temporal and
 * PostgreSQL. A school with a grade group of 22 teachers gives its head more tasks than the inbox's page of 20.
 */
describe('the reviewer’s inbox and the other staff forms in a real browser (issue 14)', () => {
  jest.setTimeout(240_000);
  const stack = new TestStack();
  // Not the console's default campaign (another file runs it): the pages open this one by its link.
  const YEAR = campaignYear('inbox browser');
  let browser: Browser;
  /** A grade group's teachers (the first 21 have filed) and its head. */
  let teachers: Person[];
  let head: Person;
  /** The middle manager whose post last year's risk archive holds; a leader; the unit's principal. */
  let manager: Person & { post: string };
  let leader: Person;
  let principal: Person;
  /** The teachers whose step deadline has passed. */
  let late: Person[];

  const pages = new BrowserPages(() => browser);
  const signIn = (page: Page, who: Person, path: string) => signInAs(page, stack.url, who, path);
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  const named = async (code: string): Promise<Person> =>
    (await stack.db.dataSource.query(`SELECT code, name FROM person WHERE code = $1`, [code]))[0];

  const openTasks = async (who: Person): Promise<{ id: string; formId: string; ownerName: string }[]> => {
    const res = await stack.graphql<{
      myTasks: { edges: { node: { id: string; formId: string; ownerName: string } }[] };
    }>(
      `{ myTasks(filter: { status: OPEN }, first: 100) { edges { node { id formId ownerName } } } }`,
      {},
      stack.token(who.code),
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.myTasks.edges.map((e) => e.node);
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    await stack.start();
    const { roster, errors } = parseRoster(generateDistrictRows({ units: 2, people: 90, seed: 12 }));
    if (errors.length) throw new Error(JSON.stringify(errors));
    await applyRoster(stack.db.dataSource, roster);
    await launchWithScreeningOpen(stack, YEAR, ['s001'], stack.token('office-admin'));
    const ds = stack.db.dataSource;
    const [group]: { head: string; codes: string[] }[] = await ds.query(
      `SELECT h.code AS head, array_agg(p.code ORDER BY p.code) AS codes
         FROM person p JOIN post po ON po.id = p.post_id JOIN department d ON d.id = p.department_id
         JOIN person h ON h.id = d.head_person_id
        WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF' AND p.id <> h.id
          AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id)
        GROUP BY h.code ORDER BY count(*) DESC, h.code LIMIT 1`,
    );
    expect(group!.codes.length).toBeGreaterThan(21);
    head = await named(group!.head);
    teachers = await Promise.all(group!.codes.map(named));
    // 21 of them file and submit, three at a time: their head's inbox holds one more task than a page.
    const filing = teachers.slice(0, 21);
    for (let i = 0; i < filing.length; i += 3)
      await Promise.all(filing.slice(i, i + 3).map((t) => fileRiskForm(stack, String(YEAR), t.code, 'GENERAL_STAFF')));
    await until('21 tasks in the head’s inbox', async () => (await openTasks(head)).length === 21, 120_000);
    // Two of them are late: their step deadline (the read model's due_at, which the inbox lists and marks by) passed.
    late = [teachers[3]!, teachers[7]!];
    await ds.query(
      `UPDATE review_task t SET due_at = now() - interval '3 days' FROM risk_form f JOIN person p ON p.id = f.person_id
        WHERE f.id = t.form_id AND t.status = 'OPEN' AND p.code = ANY($1::text[])`,
      [late.map((t) => t.code)],
    );
    const [mm]: (Person & { post: string })[] = await ds.query(
      `SELECT p.code, p.name, po.code AS post FROM person p JOIN post po ON po.id = p.post_id
        WHERE p.unit_id = 's001' AND po.form_type = 'MIDDLE_MANAGER' ORDER BY p.code LIMIT 1`,
    );
    manager = mm!;
    const [lead]: Person[] = await ds.query(
      `SELECT p.code, p.name FROM person p JOIN post po ON po.id = p.post_id
        WHERE p.unit_id = 's001' AND po.form_type = 'LEADERSHIP'
          AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id AND r.role = 'UNIT_PRINCIPAL')
        ORDER BY p.code DESC LIMIT 1`,
    );
    leader = lead!;
    const [boss]: Person[] = await ds.query(
      `SELECT p.code, p.name FROM person p JOIN role_assignment r ON r.person_id = p.id
        WHERE r.role = 'UNIT_PRINCIPAL' AND r.unit_id = 's001'`,
    );
    principal = boss!;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await stack.stop();
  });

  /** Picks an option of an antd Select: opens it, clicks the option, and waits for the list to close. */
  async function choose(page: Page, select: Locator, option: string) {
    await select.click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).last().click();
    await until('the options to close', async () => (await page.locator('.ant-select-dropdown:visible').count()) === 0);
  }
  /** The value under one of the inbox's counts (待审核 / 已办 / 符合筛选). */
  const count = (page: Page, title: string) =>
    page
      .locator('.ant-statistic')
      .filter({ has: page.locator('.ant-statistic-title', { hasText: new RegExp(`^${title}$`) }) })
      .locator('.ant-statistic-content-value');
  /** Waits until the counts and the rows shown are these. */
  async function expectInbox(page: Page, want: { open: number; done: number; matching: number; rows: number }) {
    await until(
      `the inbox showing ${JSON.stringify(want)}`,
      async () => {
        const got = {
          open: Number(await count(page, '待审核').innerText()),
          done: Number(await count(page, '已办').innerText()),
          matching: Number(await count(page, '符合筛选').innerText()),
          rows: await page.locator('tr[data-task-id]').count(),
        };
        return JSON.stringify(got) === JSON.stringify(want) || undefined;
      },
      30_000,
      200,
    );
  }
  const rowKeys = (page: Page) =>
    page.locator('tr[data-task-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task-id') ?? ''));
  const overdueOwners = async (page: Page) =>
    (await page.locator('tr[data-task-id]').filter({ hasText: '逾期' }).getByRole('button').allInnerTexts()).sort();

  it('R09 the inbox counts its tasks, pages through them 20 at a time (下一页 / 上一页) and marks the overdue ones 逾期', async () => {
    const { page, errors } = await pages.open();
    await signIn(page, head, '/inbox');
    await page.getByRole('heading', { name: '待办' }).waitFor();
    await expectInbox(page, { open: 21, done: 0, matching: 21, rows: 20 });
    // The list is in due order: the two late tasks come first, each tagged 逾期, and no other row is.
    expect(await overdueOwners(page)).toEqual(late.map((t) => t.name).sort());
    const first = await rowKeys(page);
    expect(await page.getByRole('button', { name: '上一页' }).isDisabled()).toBe(true);
    await shot(page, 'inbox-overdue.png');
    // The header's box selects every open task of this page, and clears them again.
    const all = page.getByRole('checkbox', { name: '选择本页全部待审核' });
    await all.check();
    await page.getByRole('button', { name: '批量通过（20）' }).waitFor();
    await all.uncheck();
    await page.getByRole('button', { name: '批量通过（0）' }).waitFor();

    await page.getByRole('button', { name: '下一页' }).click();
    await expectInbox(page, { open: 21, done: 0, matching: 21, rows: 1 });
    const second = await rowKeys(page);
    expect(first).not.toContain(second[0]);
    expect(await page.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
    // Every task once over the two pages.
    const open = await openTasks(head);
    expect([...first, ...second].sort()).toEqual(open.map((t) => t.id).sort());

    await page.getByRole('button', { name: '上一页' }).click();
    await expectInbox(page, { open: 21, done: 0, matching: 21, rows: 20 });
    expect(await rowKeys(page)).toEqual(first);
    expect(errors).toEqual([]);
  });

  it('R09 the inbox narrows to the overdue tasks (只看逾期), to a due date (截止日期不晚于), to a unit and to a form type', async () => {
    const { page, errors } = await pages.open();
    await signIn(page, head, '/inbox');
    await expectInbox(page, { open: 21, done: 0, matching: 21, rows: 20 });
    // The inbox's own queries, to see that a filter asks once, not over and over.
    let asked = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.postData()?.includes('"operationName":"Inbox"')) asked++;
    });

    // A click, not check(): with the list asked for at each render the page never settles to be checked.
    await page.getByRole('checkbox', { name: '只看逾期' }).click();
    await expectInbox(page, { open: 2, done: 0, matching: 2, rows: 2 });
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(await overdueOwners(page)).toEqual(late.map((t) => t.name).sort());
    expect(await page.getByLabel('截止日期不晚于').isDisabled()).toBe(true);
    await expectAccessible(page, 'inbox (only overdue)');
    // Shown, the list stays as it is: no query is sent again while nothing changes.
    asked = 0;
    await page.waitForTimeout(2_000);
    expect(asked).toBe(0);
    await page.getByRole('checkbox', { name: '只看逾期' }).uncheck();
    await expectInbox(page, { open: 21, done: 0, matching: 21, rows: 20 });

    // Due no later than yesterday: the two tasks due three days ago, not the others (due in working days ahead).
    const yesterday = new Date(Date.now() - 86_400_000);
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
    // The browser's own date field (a calendar on a phone): typed in as a date, cleared by emptying it.
    const due = page.getByLabel('截止日期不晚于');
    await due.fill(day);
    await expectInbox(page, { open: 2, done: 0, matching: 2, rows: 2 });
    expect(await overdueOwners(page)).toEqual(late.map((t) => t.name).sort());
    await due.fill('');
    await expectInbox(page, { open: 21, done: 0, matching: 21, rows: 20 });

    // By unit: another unit's code shows nothing; the head's own unit everything.
    const unit = page.getByRole('textbox', { name: '单位编码' });
    await unit.fill('bureau');
    await expectInbox(page, { open: 0, done: 0, matching: 0, rows: 0 });
    await page.getByText('没有待办').waitFor();
    await unit.fill('s001');
    await expectInbox(page, { open: 21, done: 0, matching: 21, rows: 20 });
    await unit.fill('');

    // By form type: the grade group's teachers file attachment 4, none of them attachment 3.
    await choose(page, page.getByLabel('表类型'), '中层领导');
    await expectInbox(page, { open: 0, done: 0, matching: 0, rows: 0 });
    await choose(page, page.getByLabel('表类型'), '一般工作人员及教职工');
    await expectInbox(page, { open: 21, done: 0, matching: 21, rows: 20 });
    expect(errors).toEqual([]);
  });

  it('R08 R12 R20 a middle manager (中层) starts from last year’s risk archive (source shown), edits a risk point’s category, likelihood × harm, causes, finding method and direction, fills attachment 3 and submits', async () => {
    // Last year's archive of the school holds the manager's post (R20: the confirmed risks seed the next campaign).
    await stack.db.dataSource.getRepository(RiskArchiveEntity).insert({
      campaignId: String(YEAR - 1),
      unitId: 's001',
      version: 1,
      createdByKey: 'last-year',
      confirmedBy: principal.code,
      content: {
        campaignId: String(YEAR - 1),
        unitId: 's001',
        forms: [
          {
            formType: 'MIDDLE_MANAGER',
            name: manager.name,
            postCode: manager.post,
            postName: '处室主任',
            postDuties: '去年的岗位职责：负责教学常规检查',
            workflowDescription: '去年的工作流程：制定计划→检查→通报',
            controlMeasures: '去年的自我防控措施',
            riskPoints: [
              {
                ordinal: 1,
                description: '去年的风险点：教学检查走过场',
                category: 'POST_DUTY',
                level: 'LEVEL_2',
                likelihood: 2,
                harm: 2,
                controlMeasures: '检查结果公示',
                responsiblePostId: null,
                causes: ['POST_DUTY'],
                findingMethod: 'SELF',
                direction: 'FORWARD',
                backwardSource: null,
                majorMatter: null,
              },
            ],
          },
        ],
      } as never,
    });
    const { page, errors } = await pages.open();
    await signIn(page, manager, `/my-form?campaign=${YEAR}`);
    await page.getByRole('button', { name: '开始填写' }).click();
    await page.getByText('上一年度风险档案（第 1 版）').waitFor();
    const point = page.getByTestId('risk-point-0');
    expect(await point.getByLabel('风险点描述').inputValue()).toBe('去年的风险点：教学检查走过场');
    expect(await page.locator('#field-postDuties').inputValue()).toBe('去年的岗位职责：负责教学常规检查');
    expect(await page.getByTestId('risk-point-1').count()).toBe(0);

    // Attachment 3's own fields: department, duties, process, the person in charge, and the measures.
    await page.locator('#field-departmentName').fill('教务处');
    await page.locator('#field-postDuties').fill('负责教学常规检查和教师考核');
    await page.locator('#field-workflowDescription').fill('制定计划→组织检查→考核评分→结果公示');
    await page.locator('#field-personInCharge').fill(manager.name);
    await page.locator('#field-controlMeasures').fill('考核标准公开，结果集体研究');

    // The point: another category (its own category joins the causes), likelihood 3 × harm 3, another finding
    // method, and backward analysis from letters and visits.
    await choose(page, point.getByLabel('风险类型'), '制度机制');
    await point.locator('[aria-label="风险点1形成原因"]').getByText('业务流程').click();
    await point.getByRole('radiogroup', { name: '风险点1发生几率' }).getByText('3 高').click();
    await point.getByRole('radiogroup', { name: '风险点1危害程度' }).getByText('3 高').click();
    await choose(page, point.getByLabel('查找方式'), '群众提');
    await point.getByRole('radiogroup', { name: '风险点1分析方法' }).getByText('逆推法').click();
    await choose(page, point.getByLabel('逆推来源'), '来信来访');
    await page.getByText('已自动保存').waitFor();
    await page.getByText('表格已填写完整，可以提交。').waitFor();
    await expectAccessible(page, 'my form (middle manager)');
    await shot(page, 'my-form-middle-manager.png');

    const saved = await stack.graphql<{
      myRiskForm: {
        formType: string;
        prefilledFrom: string;
        departmentName: string;
        personInCharge: string;
        riskPoints: SavedPoint[];
      };
    }>(
      `{ myRiskForm(campaignId: "${YEAR}") { formType prefilledFrom departmentName personInCharge
          riskPoints { description category causes likelihood harm findingMethod direction backwardSource majorMatter level } } }`,
      {},
      stack.token(manager.code),
    );
    expect(saved.data?.myRiskForm).toEqual({
      formType: 'MIDDLE_MANAGER',
      prefilledFrom: 'archive:s001:v1',
      departmentName: '教务处',
      personInCharge: manager.name,
      riskPoints: [
        {
          description: '去年的风险点：教学检查走过场',
          category: 'INSTITUTIONAL',
          causes: expect.arrayContaining(['POST_DUTY', 'BUSINESS_PROCESS', 'INSTITUTIONAL']),
          likelihood: 3,
          harm: 3,
          findingMethod: 'PUBLIC',
          direction: 'BACKWARD',
          backwardSource: 'LETTERS_AND_VISITS',
          majorMatter: null,
          level: 'LEVEL_1',
        },
      ],
    });
    expect(saved.data!.myRiskForm.riskPoints[0]!.causes).toHaveLength(3);

    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByText('审核进度（第 1 轮）').waitFor();
    // As submitted, after a reload: the point as saved, with the level its likelihood and harm give.
    await page.reload();
    const shown = page
      .locator('.ant-card')
      .filter({ has: page.getByText('风险点 1', { exact: true }) })
      .last();
    await shown.getByText('3 × 3').waitFor();
    for (const text of ['制度机制', '一级', '群众提', '逆推法']) await shown.getByText(text, { exact: true }).waitFor();
    await shown.getByText(/岗位职责、业务流程、制度机制|岗位职责、制度机制、业务流程/).waitFor();
    expect(errors).toEqual([]);
  });

  it('R08 a leader (领导班子) files attachment 2: each part of 三重一大 on a risk point, then submits', async () => {
    const { page, errors } = await pages.open();
    await signIn(page, leader, `/my-form?campaign=${YEAR}`);
    await page.getByRole('button', { name: '开始填写' }).click();
    await page.getByText('本岗位类别的风险库').waitFor();
    await page.getByTestId('risk-point-0').waitFor();
    const matters = ['重大事项决策', '重要人事任免', '重大项目安排', '大额度资金使用'];
    // Enough points for the four parts, each complete.
    while ((await page.locator('[data-testid^="risk-point-"]').count()) < matters.length)
      await page.getByRole('button', { name: '添加风险点' }).click();
    for (const [i, matter] of matters.entries()) {
      const point = page.getByTestId(`risk-point-${i}`);
      if (!(await point.getByLabel('风险点描述').inputValue()))
        await point.getByLabel('风险点描述').fill(`${matter}中个人说了算`);
      if (!(await point.getByLabel('防控措施').inputValue()))
        await point.getByLabel('防控措施').fill(`${matter}一律集体研究决定`);
      await choose(page, point.getByLabel('三重一大'), matter);
    }
    for (const [name, text] of [
      ['position', '副校长'],
      ['postDuties', '协助校长分管后勤和安全工作'],
      ['controlMeasures', '重大事项集体决策，个人事项报告'],
    ])
      await page.locator(`#field-${name}`).fill(text!);
    await page.getByText('已自动保存').waitFor();
    await page.getByText('表格已填写完整，可以提交。').waitFor();
    await expectAccessible(page, 'my form (leader)');
    await shot(page, 'my-form-leader.png');
    const saved = await stack.graphql<{ myRiskForm: { formType: string; riskPoints: SavedPoint[] } }>(
      `{ myRiskForm(campaignId: "${YEAR}") { formType riskPoints { majorMatter } } }`,
      {},
      stack.token(leader.code),
    );
    expect(saved.data?.myRiskForm.formType).toBe('LEADERSHIP');
    expect(saved.data?.myRiskForm.riskPoints.slice(0, 4).map((p) => p.majorMatter)).toEqual([
      'MAJOR_DECISIONS',
      'IMPORTANT_APPOINTMENTS',
      'MAJOR_PROJECTS',
      'LARGE_FUNDS',
    ]);
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByText('审核进度（第 1 轮）').waitFor();
    for (const matter of matters) await page.getByText(matter, { exact: true }).first().waitFor();
    expect(errors).toEqual([]);
  });

  it('R09 the leading group filters by form type, then returns a teacher’s form to the grade head’s step (退回给), who gets it back with the opinion', async () => {
    // The head passes two teachers' forms on to the unit leading group.
    const passed = teachers.slice(10, 12);
    const mine = await openTasks(head);
    const taskIds = mine.filter((t) => passed.some((p) => p.name === t.ownerName)).map((t) => t.id);
    expect(taskIds).toHaveLength(2);
    const approved = await stack.graphql<{ approveReviewTasks: { ok: boolean }[] }>(
      `mutation($i: ApproveTasksInput!) { approveReviewTasks(input: $i) { ok } }`,
      { i: { taskIds, opinion: '同意', idempotencyKey: 'head-passes-two' } },
      stack.token(head.code),
    );
    expect(approved.data?.approveReviewTasks).toEqual([{ ok: true }, { ok: true }]);
    await until('the leading group’s three tasks', async () => (await openTasks(principal)).length === 3, 60_000);

    const { page, errors } = await pages.open();
    await signIn(page, principal, '/inbox');
    await expectInbox(page, { open: 3, done: 0, matching: 3, rows: 3 });
    await choose(page, page.getByLabel('表类型'), '领导班子成员');
    await expectInbox(page, { open: 1, done: 0, matching: 1, rows: 1 });
    await page.getByRole('button', { name: leader.name, exact: true }).waitFor();
    await choose(page, page.getByLabel('表类型'), '一般工作人员及教职工');
    await expectInbox(page, { open: 2, done: 0, matching: 2, rows: 2 });
    for (const t of passed) await page.getByRole('button', { name: t.name, exact: true }).waitFor();

    // Back to the grade head's step, not to the teacher: the earlier step's label is the choice.
    const owner = passed[0]!;
    await page.getByRole('button', { name: owner.name, exact: true }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('风险点 1', { exact: true }).waitFor();
    await drawer.getByLabel('审核意见（退回时必填）').fill('请年级组先核实该教师的有偿补课情况');
    // The drawer takes the focus when it has slid in, which closes a popup opened before: let it settle first,
    // then open the choices until both earlier steps are offered and the grade head's is picked.
    await settled(page);
    const choices = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await until('the grade head’s step chosen to return to', async () => {
      if ((await choices.count()) === 0) await drawer.getByLabel('退回给').click();
      const offered = await choices.allInnerTexts();
      if (offered.length !== 2 || offered[0] !== '填表人' || !offered[1]!.includes('负责人')) return false;
      await choices.filter({ hasText: '负责人' }).click({ timeout: 2_000 });
      return true;
    });
    await expectAccessible(page, 'inbox task (returning to an earlier step)');
    await shot(page, 'inbox-return-to-step.png');
    await drawer.getByRole('button', { name: '退回', exact: true }).click();
    await drawer.waitFor({ state: 'hidden' });
    await expectInbox(page, { open: 1, done: 1, matching: 2, rows: 1 });
    expect(errors).toEqual([]);

    // The head has it again, with the leading group's opinion; the teacher's form stays in review.
    const back = await pages.open();
    await signIn(back.page, head, '/inbox');
    // 符合筛选 counts every status (待审核 + 已办).
    await expectInbox(back.page, { open: 20, done: 2, matching: 22, rows: 20 });
    const row = back.page.getByRole('row').filter({ hasText: '第 1 轮' }).filter({ hasText: owner.name });
    await row.getByRole('button', { name: owner.name, exact: true }).click();
    await back.page.getByRole('dialog').getByText('退回意见：请年级组先核实该教师的有偿补课情况').waitFor();
    const state = await stack.graphql<{ myRiskForm: { status: string } }>(
      `{ myRiskForm(campaignId: "${YEAR}") { status } }`,
      {},
      stack.token(owner.code),
    );
    expect(state.data?.myRiskForm.status).toBe('SUBMITTED');
    expect(back.errors).toEqual([]);
  });
});
