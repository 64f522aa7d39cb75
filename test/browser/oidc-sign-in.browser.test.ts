import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { decode } from 'jsonwebtoken';
import type { Browser, Page } from 'playwright-core';
import {
  SCREENSHOTS,
  collectPageErrors,
  ensureConsoleBuilt,
  expectAccessible,
  launchChromium,
} from '../support/browser';
import { TestStack } from '../support/gateway';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../infra/ports.cjs') as { freePort: () => Promise<number> };

const CLIENT_ID = 'pirm-console';
const AUDIENCE = 'pirm-gateway';

/** The `oidc-provider` package in a child process (it is ESM-only); resolves once it listens. */
async function startProvider(redirectUri: string): Promise<{ issuer: string; resource: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(__dirname, '../support/oidc-provider.mjs'), CLIENT_ID, redirectUri, AUDIENCE],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the OIDC provider exited (${code}): ${stderr}`)));
  });
  return { ...(JSON.parse(line) as { issuer: string; resource: string }), child };
}

/**
 * Issue 14, production sign-in: OpenID Connect, authorization code with PKCE, against a real provider (the
 * `oidc-provider` package) that the gateway trusts through AUTH_JWKS_URL. The console is a public client.
 */
describe('the console signs in with OpenID Connect (issue 14)', () => {
  jest.setTimeout(120_000);
  const stack = new TestStack();
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let browser: Browser;
  const CODE = 'oidc-t001';

  beforeAll(async () => {
    ensureConsoleBuilt();
    const port = await freePort();
    provider = await startProvider(`http://127.0.0.1:${port}/sign-in/callback`);
    await stack.start(
      {
        AUTH_JWKS_URL: `${provider.issuer}/jwks`,
        AUTH_JWT_ISSUER: provider.issuer,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        AUTH_OIDC_CLIENT_ID: CLIENT_ID,
        AUTH_OIDC_RESOURCE: provider.resource,
      },
      undefined,
      port,
    );
    await stack.person(CODE);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    provider?.child.kill();
    await stack.stop();
  });

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    return { page, errors: collectPageErrors(page) };
  }

  it('signs a person in at the identity provider and opens the page they asked for; the gateway accepts the token', async () => {
    const { page, errors } = await newPage();
    const csp = (await page.goto(`${stack.url}/notifications`))!.headers()['content-security-policy'];
    expect(csp).toContain(`connect-src 'self' ${provider.issuer}`);
    await page.waitForURL(/\/sign-in\?next=%2Fnotifications$/);
    const button = page.getByRole('button', { name: '统一身份认证登录' });
    await button.waitFor();
    // Production has no development picker; a first visit is not told its session expired.
    expect(await page.getByText('开发环境登录').count()).toBe(0);
    expect(await page.getByText('登录已过期').count()).toBe(0);
    await expectAccessible(page, 'the OIDC sign-in page');
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-oidc.png') });
    const authorization = page.waitForRequest((r) => r.url().startsWith(`${provider.issuer}/auth?`));
    await button.click();
    const asked = new URL((await authorization).url()).searchParams;
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(asked.get('state')).toMatch(/^[\w-]{43}$/);

    // The provider's own login and consent pages (its development interactions: any password).
    await page.locator('input[name=login]').fill(CODE);
    await page.locator('input[name=password]').fill('any');
    await page.locator('button[type=submit]').click();
    await page.locator('button[type=submit]').click();

    await page.waitForURL(`${stack.url}/**`);
    errors.length = 0; // the provider's pages' own complaints (its stylesheet from the internet) are not ours
    await page.waitForURL(`${stack.url}/notifications`);
    await page.getByText(CODE).first().waitFor();
    const token = (await page.evaluate<string | null>("sessionStorage.getItem('pirm.token')"))!;
    const claims = decode(token, { complete: true })!;
    expect(claims.header.alg).toBe('RS256');
    expect(claims.payload).toMatchObject({ iss: provider.issuer, aud: AUDIENCE, sub: CODE });
    const me = await stack.graphql<{ me: { code: string } }>('{ me { code } }', {}, token);
    expect(me.data?.me.code).toBe(CODE);
    // The pending sign-in (state and verifier) is gone once used.
    expect(await page.evaluate<string | null>("sessionStorage.getItem('pirm.oidc')")).toBeNull();
    expect(errors).toEqual([]);
  });

  it('refuses a callback whose state this tab did not send, and keeps no token', async () => {
    const { page } = await newPage();
    await page.goto(`${stack.url}/sign-in/callback?code=stolen&state=forged`);
    await page.getByText('登录请求已失效或不是本页发起的，请重新登录。').waitFor();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('pirm.token')")).toBeNull();
    await expectAccessible(page, 'a refused sign-in callback');
  });

  it('refuses a development token: only the identity provider’s tokens are trusted', async () => {
    const me = await stack.graphql('{ me { code } }', {}, stack.token(CODE));
    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${stack.url}/dev/people`)).status).toBe(404);
  });
});
