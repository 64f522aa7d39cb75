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
  expectNoSidewaysScroll,
  launchChromium,
  signInAs,
} from '../support/browser';
import { TestStack } from '../support/gateway';
import { launchWithMobilisationOpen, screenUnitToNotice } from '../support/screening';
import { campaignYear } from '../support/campaign';

/**
 * Issue 15's unit leaders and public: the principal records mobilisation, answers the notice's comments and
 * confirms the archive; a member of the public (no sign-in, on a phone) comments on the notice, files an
 * anonymous complaint and follows it by receipt, and scores with an invitation code.
 */
describe('unit leaders and the public in a real browser (issue 15)', () => {
  jest.setTimeout(240_000);
  const stack = new TestStack();
  // This file has a database of its own: the console's campaign year (the one it opens) is free here.
  // A year of this file's own on the shared Temporal server; the unit pages open it from their link.
  const YEAR = campaignYear('unit and public');
  const CAMPAIGN = String(YEAR);
  const PHONE = 375;
  let browser: Browser;
  let principal: { code: string; name: string };
  let unitName: string;
  const pages = new BrowserPages(() => browser);
  const pageFor = (width?: number) => pages.open(width);

  const signIn = (page: Page, who: { code: string; name: string }, path = '/') => signInAs(page, stack.url, who, path);

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });

  beforeAll(async () => {
    ensureConsoleBuilt();
    await stack.start();
    const { roster, errors } = parseRoster(generateDistrictRows(DEMO_DISTRICT));
    if (errors.length) throw new Error(JSON.stringify(errors));
    await applyRoster(stack.db.dataSource, roster);
    await launchWithMobilisationOpen(stack, YEAR, ['s001'], stack.token('office-admin'));
    [principal] = await stack.db.dataSource.query(`SELECT code, name FROM person WHERE code = 's001-0001'`);
    [{ name: unitName }] = await stack.db.dataSource.query(`SELECT name FROM unit WHERE id = 's001'`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await stack.stop();
  });

  it('R03 R04 R05 the unit principal records the working body, the plan and the meeting with attendance; screening opens', async () => {
    const { page, errors } = await pageFor();
    await signIn(page, principal, `/unit?campaign=${CAMPAIGN}`);
    await page.getByRole('menuitem', { name: '本单位工作' }).waitFor();
    await page.getByRole('heading', { name: '动员部署' }).waitFor();
    await expectAccessible(page, 'unit work (mobilisation)');
    // Each record reloads the unit's state: the next item is filled once the page shows the one before.
    const recorded = async (n: number) => {
      await page
        .getByText('已记录', { exact: true })
        .nth(n - 1)
        .waitFor();
      await page.waitForLoadState('networkidle');
    };
    await page.getByLabel('工作机构情况').fill('成立廉政风险防控领导小组，校长任组长，下设办公室');
    await page.getByRole('button', { name: '记录工作机构' }).click();
    await recorded(1);
    await page.getByLabel('实施方案情况').fill('实施方案：目标、范围、步骤和时间安排');
    await page.getByRole('button', { name: '记录实施方案' }).click();
    await recorded(2);
    // The meeting needs its attendance (R05): the form says so before anything is sent.
    await page.getByLabel('动员大会情况').fill('召开全体教职工动员大会，学习有关规定');
    await page.getByRole('button', { name: '记录动员大会' }).click();
    await page.getByText('请填写参会人数').waitFor();
    await page.getByLabel('参会人数').fill('58');
    await page.getByRole('button', { name: '记录动员大会' }).click();
    await recorded(3);
    await page.getByText('参会人数：58').waitFor();
    await page.getByText('风险排查').first().waitFor();
    await page.locator('.ant-steps-item-process').filter({ hasText: '风险排查' }).waitFor();
    await shot(page, 'unit-mobilisation.png');
    expect(errors).toEqual([]);
  });

  it('R13 a member of the public on a phone reads the unit’s notice (posts, never names) and comments on a risk point', async () => {
    await screenUnitToNotice(stack, CAMPAIGN, 's001');
    const { page, errors } = await pageFor(PHONE);
    await page.goto(`${stack.url}/public/notice/${CAMPAIGN}/s001`);
    await page.getByRole('heading', { name: `${unitName} 廉政风险点公示` }).waitFor();
    const points = page.locator('.ant-list-item');
    await points.first().waitFor();
    expect(await points.count()).toBeGreaterThan(1);
    expect(await page.getByText(principal.name).count()).toBe(0);
    await expectAccessible(page, 'public notice');
    await expectNoSidewaysScroll(page, 'public notice');

    await page.getByRole('button', { name: '提交意见' }).click();
    await page.getByText('请填写意见').waitFor();
    await page.getByLabel('针对的风险点（选填）').click();
    await page.locator('.ant-select-item-option').first().click();
    await page.getByLabel('意见', { exact: true }).fill('评优结果公示三天太短，建议公示五天');
    await page.getByRole('button', { name: '提交意见' }).click();
    await page.getByText('意见已提交，单位将逐条答复').waitFor();
    await shot(page, 'public-notice-375.png');
    expect(errors).toEqual([]);
  });

  let receipt: string;

  it('R16 the public files an anonymous complaint: a server check in Chinese at its field, then the receipt code once, copied', async () => {
    const { page, errors } = await pageFor(PHONE);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    await page.goto(`${stack.url}/public/complaint?unit=s001`);
    await page.getByRole('heading', { name: '投诉举报' }).waitFor();
    await expect(page.getByLabel('被投诉单位编码').inputValue()).resolves.toBe('s001');
    await expectAccessible(page, 'public complaint');
    await expectNoSidewaysScroll(page, 'public complaint');

    // A person who is not on the unit's roster: the server refuses and says so, in Chinese, at the field.
    await page.getByText('个人', { exact: true }).click();
    await page.getByLabel('人员编码（工号）').fill('nobody');
    await page.getByLabel('投诉举报事项').fill('某老师在课外有偿补课，并向学生推销教辅资料。');
    await page.getByRole('button', { name: '提交投诉举报' }).click();
    await page.getByText('该单位没有这个人员编码').waitFor();
    await page.getByText('请按各栏下方的红色提示修改后再提交。').waitFor();
    await shot(page, 'public-complaint-375.png');

    await page.getByText('单位', { exact: true }).click();
    await page.getByRole('button', { name: '提交投诉举报' }).click();
    await page.getByText('投诉举报已提交').waitFor();
    receipt = await page.getByLabel('查询码').inputValue();
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    await page.getByText('请立即抄写或复制保存查询码').waitFor();
    await page.getByText('查询码只显示这一次', { exact: false }).waitFor();
    await page.getByRole('button', { name: '复制查询码' }).click();
    await page.getByText('查询码已复制').waitFor();
    await expect(page.evaluate<string>('navigator.clipboard.readText()')).resolves.toBe(receipt);
    await expectAccessible(page, 'public complaint receipt');
    await expectNoSidewaysScroll(page, 'public complaint receipt');
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, 'public-complaint-receipt.png');
    expect(errors).toEqual([]);
  });

  it('R16 the public looks the complaint up by its receipt code (any case); a mistyped code is explained', async () => {
    const { page, errors } = await pageFor(PHONE);
    await page.goto(`${stack.url}/public/receipt`);
    await page.getByRole('heading', { name: '查询办理进度' }).waitFor();
    await page.getByLabel('查询码').fill('ABC');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('查询码应为 20 位字母和数字', { exact: false }).waitFor();
    await page.getByLabel('查询码').fill('0000-0000-0000-0000-0000');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('没有找到这个查询码对应的投诉举报', { exact: false }).waitFor();
    await page.getByLabel('查询码').fill(receipt.toLowerCase());
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('已收到，待受理').waitFor();
    await page.getByText('举报已收到').waitFor();
    await expectAccessible(page, 'receipt lookup');
    await expectNoSidewaysScroll(page, 'receipt lookup');
    await shot(page, 'public-receipt-375.png');
    // The refused lookups were answered 404-free (GraphQL errors in a 200): nothing on the console.
    expect(errors).toEqual([]);
  });

  it('R13 the principal answers the comment; after the notice closes they confirm the list, which creates the risk archive', async () => {
    const { page, errors } = await pageFor();
    await signIn(page, principal, `/unit?campaign=${CAMPAIGN}`);
    const comment = page.locator('.ant-list-item').filter({ hasText: '评优结果公示三天太短' });
    await comment.getByText('评优结果公示三天太短，建议公示五天').waitFor();
    await comment.getByText('待答复').waitFor();
    expect(await page.getByRole('button', { name: '确认风险点清单并建档' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'unit work (notice)');
    await comment.getByRole('button', { name: '提交答复' }).click();
    await comment.getByText('不予采纳须说明理由').first().waitFor();
    await comment.getByLabel('答复（不予采纳须说明理由）').fill('按区里统一规定公示五个工作日，已满足要求');
    await comment.getByRole('button', { name: '提交答复' }).click();
    await comment.getByText('答复：按区里统一规定公示五个工作日，已满足要求').waitFor();

    // The office ends the notice early (its own page is another part of this issue).
    const closed = await stack.graphql(
      `mutation($i: CloseNoticeInput!) { closeUnitNotice(input: $i) { screeningStage } }`,
      {
        i: { campaignId: CAMPAIGN, unitId: 's001', reason: '公示期内意见已答复，提前结束', idempotencyKey: 'close-1' },
      },
      stack.token('office-admin'),
    );
    expect(closed.errors).toBeUndefined();
    await page.reload();
    await page.getByText('待主要负责人确认').waitFor();
    await page.getByText('办公室提前结束', { exact: false }).waitFor();
    await page.getByRole('button', { name: '确认风险点清单并建档' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认建档' }).click();
    await page.getByText('已建立廉政风险信息档案第 1 版').waitFor();
    await page.locator('.ant-steps-item-finish').filter({ hasText: '风险排查' }).waitFor();
    await expectAccessible(page, 'unit work (archived)');
    await shot(page, 'unit-archived.png');
    const archives: { n: number }[] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM risk_archive WHERE unit_id = 's001'`,
    );
    expect(archives[0]!.n).toBe(1);
    expect(errors).toEqual([]);
  });

  it('R14 R15 the principal records a measure in place with its evidence, a commitment and an activity', async () => {
    const { page, errors } = await pageFor();
    await signIn(page, principal, `/unit/execution?campaign=${CAMPAIGN}`);
    const first = page.getByRole('region', { name: '风险点防控措施' }).getByRole('row').nth(1);
    await first.getByText('未记录').waitFor();
    await expectAccessible(page, 'execution records');
    await first.getByRole('button', { name: '记录落实情况' }).click();
    await page.getByLabel('依据（文件、检查、会议记录等）').fill('评优结果已在校务公开栏公示三天，有照片');
    await page.getByRole('button', { name: '保存落实情况' }).click();
    await first.getByText('已落实').waitFor();

    await page.getByLabel('承诺内容').fill('不收受学生家长礼品礼金');
    await page.getByRole('checkbox', { name: '家长' }).check();
    await page.getByLabel('公开方式').fill('家长会');
    await page.getByRole('button', { name: '保存承诺' }).click();
    await page.getByText('不收受学生家长礼品礼金（对象：家长）').waitFor();

    await page.getByLabel('活动类型').click();
    await page.getByTitle('廉政教育').click();
    await page.getByLabel('参加人数').fill('60');
    await page.getByLabel('内容摘要').fill('观看警示教育片并讨论');
    await page.getByLabel('佐证材料').fill('签到表、照片');
    await page.getByRole('button', { name: '保存活动' }).click();
    await page.getByText('观看警示教育片并讨论').waitFor();
    await expectAccessible(page, 'execution records (activities)');
    expect(errors).toEqual([]);
  });

  it('R19 a member of the public scores the unit with an invitation code, once', async () => {
    const office = stack.token('office-admin');
    expect(
      (
        await stack.graphql(
          `mutation { openEvaluation(campaignId: "${CAMPAIGN}", unitId: "s001") { status } }`,
          {},
          office,
        )
      ).errors,
    ).toBeUndefined();
    const round = await stack.graphql<{ openEvaluationRound: { invitations: { code: string }[] } }>(
      `mutation($i: OpenEvaluationRoundInput!) { openEvaluationRound(input: $i) { invitations { code } } }`,
      {
        i: {
          campaignId: CAMPAIGN,
          unitId: 's001',
          kind: 'SERVICE_USER',
          closesOn: `${YEAR}-12-31`,
          invitations: [{ evaluatorKind: 'PARENT', count: 1 }],
          idempotencyKey: 'round-1',
        },
      },
      office,
    );
    expect(round.errors).toBeUndefined();
    const code = round.data!.openEvaluationRound.invitations[0]!.code;
    const { page, errors } = await pageFor(PHONE);
    await page.goto(`${stack.url}/public/evaluation`);
    await page.getByRole('heading', { name: '评议打分' }).waitFor();
    await expectAccessible(page, 'evaluation scoring');
    await expectNoSidewaysScroll(page, 'evaluation scoring');
    const score = async (points: number) => {
      await page.getByLabel('邀请码').fill(code);
      await page.getByLabel('评分（0–100）').fill(String(points));
      await page.getByRole('button', { name: '提交评议' }).click();
    };
    await score(92);
    await page.getByText('评议已提交，感谢您的参与').waitFor();
    // The same score again is a retry and changes nothing; another one is refused: a code scores once.
    await page.reload();
    await score(60);
    await page.getByText('这个邀请码已经评议过，或本轮评议已经结束。').waitFor();
    expect(errors).toEqual([]);
  });

  it('the unit leader’s pages at 375 px: no page-level sideways scroll, accessible', async () => {
    const { page, errors } = await pageFor(PHONE);
    await signIn(page, principal, `/unit?campaign=${CAMPAIGN}`);
    for (const path of ['/unit', '/unit/execution']) {
      if (path !== '/unit') await page.goto(`${stack.url}${path}?campaign=${CAMPAIGN}`);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await expectAccessible(page, `${path} at 375 px`);
      await expectNoSidewaysScroll(page, `${path} at 375 px`);
      await shot(page, `${path.slice(1).replace('/', '-')}-375.png`);
    }
    expect(errors).toEqual([]);
  });

  it('a rate limit is explained in plain Chinese: at most 5 complaints a minute from one network', async () => {
    const { page } = await pageFor(PHONE);
    await page.goto(`${stack.url}/public/complaint?unit=s001`);
    await page.getByText('个人', { exact: true }).click();
    await page.getByLabel('人员编码（工号）').fill('nobody');
    await page.getByLabel('投诉举报事项').fill('某老师在课外有偿补课，并向学生推销教辅资料。');
    const limited = page.getByText('同一网络每分钟最多提交 5 次投诉', { exact: false });
    // Windows are whole minutes: 11 tries within a minute put at least 6 in one window, wherever its edge falls.
    for (let i = 0; i < 11 && !(await limited.isVisible()); i++) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/graphql'));
      await page.getByRole('button', { name: '提交投诉举报' }).click();
      await answered;
    }
    await limited.waitFor();
    await page.getByText('操作过于频繁，请稍后再试').waitFor();
    await expect(page.getByLabel('投诉举报事项').inputValue()).resolves.toContain('有偿补课');
  });
});
