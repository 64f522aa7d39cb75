import type { Browser, Page } from 'playwright-core';
import { parseRoster } from '@pirm/domain';
import { applyRoster, generateDistrictRows } from '@pirm/persistence';
import { DEMO_DISTRICT } from '../../libs/persistence/src/cli/seed-demo';
import { BrowserPages, ensureConsoleBuilt, expectAccessible, launchChromium } from '../support/browser';
import { campaignYear } from '../support/campaign';
import { TestStack } from '../support/gateway';
import { launchWithScreeningOpen, screenUnitToNotice } from '../support/screening';

/**
 * Issue 20 point 3: the public pages against a gateway in production, where an anonymous caller may run only
 * the console's registered documents. Every request the pages send goes by hash (never a document's text), and
 * the notice, the comment, the complaint and its receipt lookup work through them.
 */
describe('issue 20.3: the public pages in production run through the trusted documents', () => {
  jest.setTimeout(240_000);
  const stack = new TestStack();
  const YEAR = campaignYear('trusted documents in a browser');
  const CAMPAIGN = String(YEAR);
  let browser: Browser;
  const pages = new BrowserPages(() => browser);

  /** The JSON bodies of the page's GraphQL requests. */
  function graphqlBodies(page: Page): Record<string, unknown>[] {
    const bodies: Record<string, unknown>[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.method() === 'POST')
        bodies.push(r.postDataJSON() as Record<string, unknown>);
    });
    return bodies;
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    await stack.start({ NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    const { roster, errors } = parseRoster(generateDistrictRows(DEMO_DISTRICT));
    if (errors.length) throw new Error(JSON.stringify(errors));
    await applyRoster(stack.db.dataSource, roster);
    // Signed in, the helpers' own documents still run in production.
    await launchWithScreeningOpen(stack, YEAR, ['s001'], stack.token('office-admin'));
    await screenUnitToNotice(stack, CAMPAIGN, 's001');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await stack.stop();
  });

  it('R13 R16 a member of the public reads the notice and comments, files a complaint and looks it up, all by hash', async () => {
    const { page, errors } = await pages.open(375);
    const bodies = graphqlBodies(page);

    await page.goto(`${stack.url}/public/notice/${CAMPAIGN}/s001`);
    await page.getByRole('heading', { name: /廉政风险点公示/ }).waitFor();
    await page.locator('.ant-list-item').first().waitFor();
    await expectAccessible(page, 'public notice (production)');
    await page.getByLabel('针对的风险点（选填）').click();
    await page.locator('.ant-select-item-option').first().click();
    await page.getByLabel('意见', { exact: true }).fill('建议公示五个工作日');
    await page.getByRole('button', { name: '提交意见' }).click();
    await page.getByText('意见已提交，单位将逐条答复').waitFor();

    await page.goto(`${stack.url}/public/complaint?unit=s001`);
    await page.getByRole('heading', { name: '投诉举报' }).waitFor();
    await page.getByText('单位', { exact: true }).click();
    await page.getByLabel('投诉举报事项').fill('某老师在课外有偿补课，并向学生推销教辅资料。');
    await page.getByRole('button', { name: '提交投诉举报' }).click();
    await page.getByText('投诉举报已提交').waitFor();
    const receipt = await page.getByLabel('查询码').inputValue();

    await page.goto(`${stack.url}/public/receipt`);
    await page.getByLabel('查询码').fill(receipt);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('已收到，待受理').waitFor();

    const comments: { n: number }[] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM notice_comment WHERE campaign_id = $1 AND unit_id = 's001'`,
      [CAMPAIGN],
    );
    expect(comments[0]!.n).toBe(1);
    // Four operations (notice, comment, complaint, lookup), each sent by its hash alone: never retried as text.
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    for (const body of bodies) {
      expect(body).not.toHaveProperty('query');
      expect(body).toMatchObject({ extensions: { persistedQuery: { version: 1, sha256Hash: expect.any(String) } } });
    }
    expect(errors).toEqual([]);
  });
});
