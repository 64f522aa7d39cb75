import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { TestStack } from '../support/gateway';
import { until } from '../support/wait';
import { launchWithScreeningOpen } from '../support/screening';
import { CONSOLE_CAMPAIGN_YEAR } from '../support/campaign';

interface Person {
  code: string;
  name: string;
}

/**
 * Issue 14's proof: the web console in Debian's Chromium against the real gateway, worker, Temporal and
 * PostgreSQL, with the demo district `npm start` loads. One form goes the whole way through its chain.
 */
describe('the web console in a real browser (issue 14)', () => {
  jest.setTimeout(180_000);
  const stack = new TestStack();
  // The console works in the running campaign of next year or this year: the annual one is launched in December.
  // Derived campaign years of the other tests start after it (test/support/campaign.ts).
  const YEAR = CONSOLE_CAMPAIGN_YEAR;
  let browser: Browser;
  let teacher: Person;
  let head: Person;
  let leader: Person;
  let discipline: Person;
  /** Another teacher, and the head of their department. */
  let colleague: Person;
  let colleagueHead: Person;
  /** A third teacher, whose draft is saved from "another tab". */
  let other: Person;

  const pages = new BrowserPages(() => browser);
  const pageFor = (width?: number) => pages.open(width);

  const signIn = (page: Page, who: Person, path = '/') => signInAs(page, stack.url, who, path);

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });

  beforeAll(async () => {
    ensureConsoleBuilt();
    await stack.start();
    const { roster, errors } = parseRoster(generateDistrictRows(DEMO_DISTRICT));
    if (errors.length) throw new Error(JSON.stringify(errors));
    await applyRoster(stack.db.dataSource, roster);
    await launchWithScreeningOpen(stack, YEAR, ['s001'], stack.token('office-admin'));
    const staff: (Person & { headCode: string; headName: string })[] = await stack.db.dataSource.query(
      `SELECT p.code, p.name, h.code AS "headCode", h.name AS "headName"
         FROM person p JOIN post po ON po.id = p.post_id JOIN department d ON d.id = p.department_id
         JOIN person h ON h.id = d.head_person_id
        WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF' AND p.id <> h.id
          AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id)
        ORDER BY p.code`,
    );
    teacher = staff[0]!;
    head = { code: staff[0]!.headCode, name: staff[0]!.headName };
    colleague = staff[1]!;
    colleagueHead = { code: staff[1]!.headCode, name: staff[1]!.headName };
    other = staff[2]!;
    const named = async (code: string): Promise<Person> =>
      (await stack.db.dataSource.query(`SELECT code, name FROM person WHERE code = $1`, [code]))[0];
    leader = await named('s001-0001');
    discipline = await named('discipline-1');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await stack.stop();
  });

  it('the development sign-in page lists the demo district by unit with roles, and a reviewer lands in the inbox', async () => {
    const { page, errors } = await pageFor();
    await page.goto(`${stack.url}/`);
    await page.waitForURL(/\/sign-in\?next=%2F/);
    await page.getByRole('heading', { name: '区教体局机关' }).waitFor();
    await expect(page.getByRole('button', { name: `${leader.name}（${leader.code}）` }).isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(page, 'sign-in');
    await shot(page, 'sign-in.png');
    await page.getByRole('button', { name: `${head.name}（${head.code}）` }).click();
    await page.waitForURL(/\/inbox$/);
    await page.getByRole('menuitem', { name: '待办' }).waitFor();
    await page.getByRole('heading', { name: '待办' }).waitFor();
    expect(errors).toEqual([]);
  });

  /** The teacher's page, kept open across the tests that follow the form through its chain. */
  let mine: Page;
  let mineErrors: string[];

  it('R08 R10 a teacher starts the form (prefill source shown), a bad field shows its server error at the field, then the form autosaves and is submitted', async () => {
    ({ page: mine, errors: mineErrors } = await pageFor());
    await signIn(mine, teacher);
    await mine.waitForURL(/\/my-form$/);
    expect(await mine.getByRole('menuitem', { name: '待办' }).count()).toBe(0);
    await mine.getByRole('button', { name: '开始填写' }).click();
    await mine.getByText('本岗位类别的风险库').waitFor();
    await mine.getByText('风险点 1', { exact: true }).waitFor();
    await expectAccessible(mine, 'my form (draft)');

    // A post code with a space: the server refuses it and names riskPoints[0].responsiblePostCode.
    const postCode = mine.getByLabel('责任岗位编码').first();
    await postCode.fill('岗位 一');
    const fieldError = mine.locator('.ant-form-item-has-error').filter({ has: postCode });
    await fieldError.getByText('须为岗位编码（字母、数字、_ . -）').waitFor();
    await mine.getByText('有填写错误，未保存').waitFor();
    await shot(mine, 'my-form-field-error.png');
    await postCode.fill('');
    await mine.getByText('已自动保存').waitFor();
    expect(await fieldError.count()).toBe(0);

    // Add a point, move it up, remove it again: the list is back as it was.
    await mine.getByRole('button', { name: '添加风险点' }).click();
    const added = await mine.locator('[data-testid^="risk-point-"]').count();
    await mine.getByLabel(`风险点描述`).last().fill('新增：上课期间有偿补课');
    await mine.getByRole('button', { name: `上移风险点${added}` }).click();
    await expect(
      mine
        .getByLabel('风险点描述')
        .nth(added - 2)
        .inputValue(),
    ).resolves.toBe('新增：上课期间有偿补课');
    await mine.getByRole('button', { name: `删除风险点${added - 1}` }).click();
    await expect(mine.locator('[data-testid^="risk-point-"]').count()).resolves.toBe(added - 1);

    // The checklist names what is missing; filling it lets the form be submitted.
    await mine.getByRole('checkbox', { name: '未完成：自我防控措施' }).waitFor();
    expect(await mine.getByRole('button', { name: '提交审核' }).isDisabled()).toBe(true);
    await mine.getByRole('textbox', { name: '自我防控措施' }).fill('严格遵守财经纪律，接受监督');
    await mine.getByText('已自动保存').waitFor();
    await mine.getByText('表格已填写完整，可以提交。').waitFor();
    await shot(mine, 'my-form.png');
    await mine.getByRole('button', { name: '提交审核' }).click();
    await mine.getByText('审核中', { exact: true }).first().waitFor();
    await mine.getByText('审核进度（第 1 轮）').waitFor();
    await expectAccessible(mine, 'my form (submitted)');
    expect(mineErrors).toEqual([]);
  });

  /** Opens the inbox as `who` and the task of the teacher's form. */
  async function openTask(who: Person): Promise<{ page: Page; errors: string[] }> {
    const session = await pageFor();
    await signIn(session.page, who, '/inbox');
    await session.page.getByRole('button', { name: teacher.name, exact: true }).click();
    await session.page.getByRole('dialog').waitFor();
    return session;
  }

  it('R09 issue 18: the teacher nudges (催办) from their form, once; the head opens the task from its link, sees the nudge and returns the form with a required opinion', async () => {
    const [task]: { id: string }[] = await stack.db.dataSource.query(
      `SELECT t.id FROM review_task t JOIN risk_form f ON f.id = t.form_id JOIN person p ON p.id = f.person_id
        WHERE p.code = $1 AND t.status = 'OPEN'`,
      [teacher.code],
    );
    await mine.getByText('尚未催办').waitFor();
    await mine.getByRole('button', { name: '催办' }).click();
    await mine.getByText(/^催办 1 次，最近 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/).waitFor();
    // Once per interval: the second is refused, and the page says why and from when, in Chinese.
    await mine.getByRole('button', { name: '催办' }).click();
    await mine.getByText('操作过于频繁，请稍后再试').waitFor();
    await mine
      .getByText(/同一审核环节在规定间隔内只能催办一次，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 之后再催办/)
      .waitFor();
    await expectAccessible(mine, 'my form (nudge refused)');
    await shot(mine, 'my-form-nudge.png');
    await mine.setViewportSize({ width: 375, height: 812 });
    await mine.getByRole('button', { name: '催办' }).waitFor();
    await expectNoSidewaysScroll(mine, 'the page at 375 px');
    await expectAccessible(mine, 'my form (nudge refused) at 375 px');
    await shot(mine, 'my-form-nudge-375.png');
    await mine.setViewportSize({ width: 1280, height: 900 });
    expect(mineErrors).toEqual([]);
    // The link a notification carries opens the task itself.
    const { page, errors } = await pageFor();
    await signIn(page, head, `/inbox?task=${task!.id}`);
    await page
      .getByRole('dialog')
      .getByText(/^催办 1 次，最近 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
      .waitFor();
    await page.waitForURL(/\/inbox$/);
    await page.getByRole('row').filter({ hasText: '催办 1 次' }).waitFor();
    await page.getByText('风险点 1', { exact: true }).waitFor();
    await expectAccessible(page, 'inbox task');
    await page.getByRole('dialog').getByRole('button', { name: '退回', exact: true }).click();
    await page.getByText('退回必须填写意见').waitFor();
    await page.getByLabel('审核意见（退回时必填）').fill('请补充岗位职责中的票据审核环节');
    await page.getByRole('dialog').getByRole('button', { name: '退回', exact: true }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByText('没有待办').waitFor();
    expect(errors).toEqual([]);
  });

  it('R09 the teacher sees the return and its opinion, revises and resubmits', async () => {
    await mine.reload();
    await mine.getByText('退回意见：请补充岗位职责中的票据审核环节').waitFor();
    await expectAccessible(mine, 'my form (returned)');
    const duties = mine.locator('#field-postDuties');
    await duties.fill(`${await duties.inputValue()}；票据审核执行三审制度`);
    await mine.getByText('已自动保存').waitFor();
    // What the teacher changed since the return, as saved.
    const revised = mine.locator('.ant-card').filter({ hasText: '退回后已做的修改（1 处）' });
    await revised.locator('mark').filter({ hasText: '票据审核执行三审制度' }).waitFor();
    await shot(mine, 'my-form-returned.png');
    await mine.getByRole('button', { name: '修改后重新提交' }).click();
    await mine.getByText('审核进度（第 2 轮）').waitFor();
    expect(mineErrors).toEqual([]);
  });

  it('R09 the head sees what changed since the previous round, field by field, and approves', async () => {
    const { page, errors } = await openTask(head);
    const changes = page.getByRole('dialog').locator('.ant-card').filter({ hasText: '与上一轮相比的修改' });
    await changes.getByRole('cell', { name: '岗位职责' }).waitFor();
    await changes.locator('mark').filter({ hasText: '票据审核执行三审制度' }).waitFor();
    await expectAccessible(page, 'inbox task with changes');
    await shot(page, 'inbox-task-diff.png');
    await page.getByRole('dialog').getByRole('button', { name: '通过', exact: true }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });

  it('R09 the unit leading group approves by batch, after a confirmation that lists the form', async () => {
    const session = await pageFor();
    const page = session.page;
    await signIn(page, leader, '/inbox');
    const row = page.getByRole('row').filter({ hasText: teacher.name });
    await row.waitFor();
    await expectAccessible(page, 'inbox');
    await shot(page, 'inbox.png');
    // Filters by the owner's department and the post grade (the options list the departments among the tasks).
    const [form]: { department: string; grade: string }[] = await stack.db.dataSource.query(
      `SELECT f.department_name AS department, f.post_grade AS grade
         FROM risk_form f JOIN person p ON p.id = f.person_id WHERE p.code = $1`,
      [teacher.code],
    );
    await page.getByLabel('科室').click();
    await page.getByTitle(new RegExp(`^${form!.department}（\\d+）$`)).click();
    await row.waitFor();
    await page.getByLabel('岗位风险等级').click();
    await page.getByTitle(`${form!.grade === 'C' ? 'B' : 'C'} 级`).click();
    await page.getByText('没有待办').waitFor();
    await page.getByLabel('岗位风险等级').click();
    await page.getByTitle(`${form!.grade} 级`).click();
    await row.waitFor();
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: '批量通过（1）' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByRole('list', { name: '将要通过的表' }).getByText(teacher.name, { exact: false }).waitFor();
    await expectAccessible(page, 'batch approve confirmation');
    await confirm.getByRole('button', { name: '确认通过' }).click();
    await page.getByText('已通过 1 份').waitFor();
    // Issue 18: among the tasks it has done, a unit leader nudges the step the form now waits at.
    await page.getByLabel('状态').click();
    await page.getByTitle('已办', { exact: true }).click();
    await page.getByRole('button', { name: teacher.name, exact: true }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('尚未催办').waitFor();
    await drawer.getByRole('button', { name: '催办' }).click();
    await drawer.getByText(/^催办 1 次，最近 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/).waitFor();
    await expectAccessible(page, 'inbox done task (nudged)');
    await shot(page, 'inbox-nudge.png');
    expect(session.errors).toEqual([]);
  });

  it('R09 R12 the discipline team sees the earlier levels’ opinions by name and approves with a grade override and its reason', async () => {
    const { page, errors } = await openTask(discipline);
    const earlier = page.getByRole('dialog').locator('.ant-card').filter({ hasText: '前序审核意见' });
    await earlier.getByText(new RegExp(`${head.name} · 通过`)).waitFor();
    await earlier.getByText(new RegExp(`${leader.name} · 通过`)).waitFor();
    await page.getByRole('checkbox', { name: /调整岗位风险等级/ }).check();
    await page.getByRole('dialog').getByRole('button', { name: '通过', exact: true }).click();
    // A grade change needs the grade and a reason before anything is sent.
    await expect(page.getByRole('dialog').isVisible()).resolves.toBe(true);
    await page.getByLabel('调整理由').waitFor();
    await expectAccessible(page, 'inbox task (grade override open, reason missing)');
    await page.getByLabel('调整为').click();
    await page.getByTitle('A 级').click();
    await page.getByLabel('调整理由').fill('涉及资金审核，按 A 级管理');
    await expectAccessible(page, 'inbox task (grade override filled)');
    await page.getByRole('dialog').getByRole('button', { name: '通过', exact: true }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });

  it("R12 R23 the teacher sees the approval, each level's opinion, the grade with its explanation, and prints the PDF", async () => {
    await mine.reload();
    await mine.getByText('已通过', { exact: true }).waitFor();
    await mine.getByText('理由：涉及资金审核，按 A 级管理').waitFor();
    await mine.getByText('A 级', { exact: true }).waitFor();
    // Each level's opinion with who decided and when.
    await mine.getByText(new RegExp(`^通过 · ${discipline.name} · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}`)).waitFor();
    await mine.getByText(new RegExp(`^第 1 轮 · .* ${head.name} · 退回：请补充岗位职责中的票据审核环节`)).waitFor();
    // The export's progress shows from the click until the job is done, then the link comes beside it at 100 %.
    // What the page shows is recorded at each change (browser code, evaluated in the page).
    await mine.evaluate(`(() => {
      const seen = (window.__pdfSeen = []);
      const record = () => {
        const bar = document.querySelector('[aria-label="PDF 生成进度"]');
        const link = [...document.querySelectorAll('a')].some((a) => a.textContent === '下载 PDF');
        const state = (bar ? 'progress ' + (bar.getAttribute('aria-valuenow') ?? '?') : 'none') + (link ? ' + link' : '');
        if (seen[seen.length - 1] !== state) seen.push(state);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
    })()`);
    await mine.getByRole('button', { name: '打印（生成 PDF）' }).click();
    const progress = mine.getByRole('progressbar', { name: 'PDF 生成进度' });
    await progress.waitFor();
    const link = mine.getByRole('link', { name: '下载 PDF' });
    await link.waitFor();
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    const seen = (await mine.evaluate<string[]>('window.__pdfSeen')).filter((state) => state !== 'none');
    expect(seen[0]).toMatch(/^progress \d+$/);
    expect(seen.at(-1)).toBe('progress 100 + link');
    expect(seen.filter((s) => s.endsWith('+ link'))).toEqual(['progress 100 + link']);
    const download = mine.waitForEvent('download');
    await link.click();
    const file = await (await download).path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await expectAccessible(mine, 'my form (approved)');
    await shot(mine, 'my-form-approved.png');
    expect(mineErrors).toEqual([]);
  });

  it('the notifications list shows the teacher what happened to the form', async () => {
    await mine.getByRole('menuitem', { name: '消息通知' }).click();
    await mine.getByRole('heading', { name: '消息通知' }).waitFor();
    const items = mine.locator('.ant-list-item');
    await items.first().waitFor();
    // Newest first, each with its kind in Chinese (a tag), what it says, and when.
    const shown = await items.evaluateAll((list) =>
      list.map((item) => ({
        kind: item.querySelector('.ant-tag')?.textContent,
        text: item.querySelector('.ant-list-item-meta-title')?.textContent,
        when: item.querySelector('.ant-list-item-meta-description > div')?.textContent,
        delivered: item.querySelector('.ant-list-item-meta-description')?.lastElementChild?.textContent,
      })),
    );
    const when = expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // The teacher has no e-mail on the roster, so each message stays in the console.
    const delivered = '仅站内消息';
    expect(shown).toEqual([
      { kind: '防控表审核通过', text: '防控表审核通过您的廉政风险识别和防控表已审核通过', when, delivered },
      {
        kind: '防控表被退回',
        text: '防控表被退回您的表被退回修改：请补充岗位职责中的票据审核环节',
        when,
        delivered,
      },
    ]);
    await expectAccessible(mine, 'notifications');
    expect(mineErrors).toEqual([]);
  });

  it('GraphiQL runs offline at /graphiql with the signed-in identity (development only; no CDN, under the console CSP)', async () => {
    await mine.goto(`${stack.url}/graphiql`);
    await mine.locator('.graphiql-container').waitFor();
    await mine.locator('.graphiql-query-editor').getByText('登录控制台后打开本页').waitFor();
    // The editor takes the click once Monaco's workers are up: until then a run does nothing.
    const answer = mine.locator('.graphiql-response').getByText(teacher.name);
    for (let i = 0; i < 10 && !(await answer.isVisible()); i++) {
      await mine.getByRole('button', { name: /Execute query/ }).click();
      await answer.waitFor({ timeout: 1_500 }).catch(() => undefined);
    }
    await answer.waitFor();
    await expectAccessible(mine, 'graphiql');
    await shot(mine, 'graphiql.png');
    // Everything the page loaded came from the gateway (browser code, evaluated in the page).
    const outside = await mine.evaluate(
      "performance.getEntriesByType('resource').filter((e) => !e.name.startsWith(location.origin)).length",
    );
    expect(outside).toBe(0);
    expect(mineErrors).toEqual([]);
  });

  it("the staff flow works at 375 px wide, and the department head's inbox shows the new task live, without a reload", async () => {
    const inbox = await pageFor();
    await signIn(inbox.page, colleagueHead, '/inbox');
    await inbox.page.getByRole('heading', { name: '待办' }).waitFor();
    await inbox.page.getByText('待审核').first().waitFor();
    expect(await inbox.page.getByRole('button', { name: colleague.name, exact: true }).count()).toBe(0);

    const { page, errors } = await pageFor(375);
    await signIn(page, colleague);
    await page.getByRole('button', { name: '开始填写' }).click();
    await page.getByText('风险点 1', { exact: true }).waitFor();
    await expectAccessible(page, 'my form at 375 px');
    await page.getByRole('textbox', { name: '自我防控措施' }).fill('廉洁从教，接受家长监督');
    await page.getByText('表格已填写完整，可以提交。').waitFor();
    await expectNoSidewaysScroll(page, 'the page at 375 px');
    await shot(page, 'my-form-375.png');
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByText('审核进度（第 1 轮）').waitFor();
    await expectNoSidewaysScroll(page, 'the page at 375 px');
    expect(errors).toEqual([]);

    await inbox.page.getByText('新的待办').waitFor();
    await inbox.page.getByRole('button', { name: colleague.name, exact: true }).waitFor();
    // The reviewer's inbox on a phone: the list scrolls sideways inside its own region, the page does not.
    await inbox.page.setViewportSize({ width: 375, height: 812 });
    await inbox.page.getByRole('button', { name: colleague.name, exact: true }).waitFor();
    await expectNoSidewaysScroll(inbox.page, 'the inbox at 375 px');
    await expectAccessible(inbox.page, 'inbox at 375 px');
    await shot(inbox.page, 'inbox-375.png');
    expect(inbox.errors).toEqual([]);
  });

  it('R08 a save from another tab makes the next autosave a clear conflict; reload shows the saved form, and editing goes on', async () => {
    const { page, errors } = await pageFor();
    await signIn(page, other, '/my-form');
    await page.getByRole('button', { name: '开始填写' }).click();
    await page.getByText('风险点 1', { exact: true }).waitFor();
    // The other tab: the same person saves the draft first.
    const token = stack.token(other.code);
    const mine = await stack.graphql<{ myRiskForm: { version: number } }>(
      `{ myRiskForm(campaignId: "${YEAR}") { version } }`,
      {},
      token,
    );
    const saved = await stack.graphql(
      `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`,
      { i: { campaignId: String(YEAR), expectedVersion: mine.data!.myRiskForm.version, position: '另一标签页的职务' } },
      token,
    );
    expect(saved.errors).toBeUndefined();

    await page.locator('#field-controlMeasures').fill('这一页的修改');
    await page.getByText('此表已在其他窗口或设备上修改并保存，当前页面的修改未保存。').waitFor();
    await page.getByText('未保存：表格已在别处修改').waitFor();
    await expectAccessible(page, 'my form (conflict)');
    await page.getByRole('button', { name: '重新加载' }).click();
    await until('the editor shows the form saved elsewhere', async () =>
      (await page.locator('#field-position').inputValue()) === '另一标签页的职务' ? true : undefined,
    );
    expect(await page.locator('#field-controlMeasures').inputValue()).not.toBe('这一页的修改');
    expect(await page.getByText('此表已在其他窗口或设备上修改并保存').count()).toBe(0);
    // The editor now saves on top of the version it reloaded.
    await page.locator('#field-controlMeasures').fill('重新加载后的修改');
    await page.getByText('已自动保存').waitFor();
    const after = await stack.graphql<{ myRiskForm: { position: string; controlMeasures: string } }>(
      `{ myRiskForm(campaignId: "${YEAR}") { position controlMeasures } }`,
      {},
      token,
    );
    expect(after.data?.myRiskForm).toEqual({ position: '另一标签页的职务', controlMeasures: '重新加载后的修改' });
    expect(errors).toEqual([]);
  });

  it('an expired session goes back to sign-in and, once signed in, to the page it was on', async () => {
    const { page, errors } = await pageFor();
    const jwt = (claims: object) =>
      ['{"alg":"HS256","typ":"JWT"}', JSON.stringify(claims)]
        .map((p) => Buffer.from(p).toString('base64url'))
        .join('.') + '.x';
    const session = (token: string) => `sessionStorage.setItem('pirm.token', ${JSON.stringify(token)})`;
    await page.goto(`${stack.url}/sign-in`);
    // Expired in the browser's own view: it never asks the server.
    await page.evaluate(session(jwt({ sub: head.code, exp: 1 })));
    await page.goto(`${stack.url}/notifications`);
    await page.waitForURL(/\/sign-in\?next=%2Fnotifications&expired=1$/);
    await page.getByText('登录已过期，请重新登录。').waitFor();
    await expectAccessible(page, 'sign-in (session expired)');
    // Refused by the server (here: not signed by it): the same way back.
    await page.evaluate(session(jwt({ sub: head.code, exp: 4102444800 })));
    await page.goto(`${stack.url}/inbox?status=open`);
    await page.waitForURL(/\/sign-in\?next=%2Finbox%3Fstatus%3Dopen&expired=1$/);
    await page.getByText('登录已过期，请重新登录。').waitFor();
    await page.getByRole('button', { name: `${head.name}（${head.code}）` }).click();
    await page.waitForURL(/\/inbox\?status=open$/);
    await page.getByRole('heading', { name: '待办' }).waitFor();
    expect(errors.filter((e) => !e.includes('401') && !e.includes('UNAUTHENTICATED'))).toEqual([]);
  });
});
