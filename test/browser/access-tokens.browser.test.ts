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
  signInAs,
} from '../support/browser';
import { TestStack } from '../support/gateway';

/**
 * Issue 20: the console's 访问令牌 page in Debian's Chromium against the real gateway and PostgreSQL. A reviewer
 * creates a token, sees its secret once, the secret works as a bearer, the list shows it, revoking it from the
 * list stops it; at 1280 and 375 px, with axe-core on each state.
 */
describe('issue 20: the access-token page in a real browser', () => {
  jest.setTimeout(120_000);
  const stack = new TestStack();
  let browser: Browser;
  const pages = new BrowserPages(() => browser);
  let reviewer: { code: string; name: string };

  async function signedIn(width: number): Promise<{ page: Page; errors: string[] }> {
    const opened = await pages.open(width);
    await signInAs(opened.page, stack.url, reviewer, '/access-tokens');
    await opened.page.getByRole('heading', { name: '访问令牌' }).waitFor();
    return opened;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  const me = async (secret: string) =>
    (await stack.graphql<{ me: { code: string } }>('{ me { code } }', {}, secret)).data?.me.code ?? 'refused';

  beforeAll(async () => {
    ensureConsoleBuilt();
    await stack.start();
    const { roster, errors } = parseRoster(generateDistrictRows(DEMO_DISTRICT));
    if (errors.length) throw new Error(JSON.stringify(errors));
    await applyRoster(stack.db.dataSource, roster);
    [reviewer] = (await stack.db.dataSource.query(
      `SELECT p.code, p.name FROM person p JOIN role_assignment r ON r.person_id = p.id
        WHERE r.role = 'DEPARTMENT_HEAD' AND p.unit_id = 's001' ORDER BY p.code LIMIT 1`,
    )) as [{ code: string; name: string }];
    browser = await launchChromium();
  });
  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await stack.stop();
  });

  it('issue 20: creates a REVIEW token, shows the secret once, lists it, and revokes it (1280 px)', async () => {
    const { page, errors } = await signedIn(1280);
    await page.getByRole('menuitem', { name: '访问令牌' }).waitFor();
    await page.getByLabel('名称').fill('桌面客户端');
    await page.getByText('审核', { exact: true }).click();
    await page.getByRole('button', { name: '创建令牌' }).click();
    const secretEl = page.getByTestId('token-secret');
    await secretEl.waitFor();
    const secret = (await secretEl.textContent()) ?? '';
    expect(secret).toMatch(/^pirm_pat_[A-Za-z0-9_-]{43}$/);
    await expectAccessible(page, 'the secret, shown once');
    await shot(page, 'access-tokens-created.png');
    expect(await me(secret)).toBe(reviewer.code);

    await page.getByRole('button', { name: '我已保存' }).click();
    await secretEl.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /桌面客户端/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/审核.*有效/);
    // Once closed, the secret is nowhere on the page (and never in the list's answer).
    expect((await page.content()).includes(secret.slice('pirm_pat_'.length))).toBe(false);
    await expectAccessible(page, 'the token list');
    await shot(page, 'access-tokens.png');

    await row.getByRole('button', { name: '撤销' }).click();
    await page.getByRole('button', { name: '撤销', exact: true }).last().click();
    await page.getByRole('row', { name: /桌面客户端.*已撤销/ }).waitFor();
    expect(await me(secret)).toBe('refused');
    expect(errors).toEqual([]);
  });

  it('issue 20: the page at 375 px, with a field error from the form', async () => {
    const { page, errors } = await signedIn(375);
    await page.getByRole('button', { name: '创建令牌' }).click();
    await page.getByText('请填写名称').waitFor();
    await page.getByLabel('名称').fill('手机脚本');
    await page.getByRole('button', { name: '创建令牌' }).click();
    await page.getByTestId('token-secret').waitFor();
    await page.getByRole('button', { name: '我已保存' }).click();
    await page.getByTestId('token-secret').waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /手机脚本/ }).waitFor();
    await expectAccessible(page, 'the token page at 375 px');
    await shot(page, 'access-tokens-375.png');
    expect(errors).toEqual([]);
  });
});
