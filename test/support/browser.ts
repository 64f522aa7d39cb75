import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = join(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS launcher module without types
const consoleBuild = require('../../infra/console-build.cjs') as { ensureConsoleBuilt(root: string): boolean };
/**
 * Where the browser tests save their screenshots: the README's (docs/screenshots) with `PIRM_SCREENSHOTS=docs`
 * (`npm run screenshots`), otherwise a folder of the run's own, so a test run leaves the work tree as it was.
 */
export const SCREENSHOTS =
  process.env.PIRM_SCREENSHOTS === 'docs'
    ? join(root, 'docs/screenshots')
    : join(process.env.PIRM_TEST_WORK_DIR ?? tmpdir(), 'screenshots');

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it): Playwright cannot download browsers here. */
export function chromiumPath(): string {
  const path =
    process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium || true'], { encoding: 'utf8' }).trim();
  if (!path) throw new Error('chromium is not installed: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return path;
}

/** `npm test` builds the console before the tests; a run of this tier alone builds it when it is missing. */
export function ensureConsoleBuilt(): void {
  // The console, and the trusted documents a production gateway loads with it (issue 20.3): as `npm start` does.
  consoleBuild.ensureConsoleBuilt(root);
}

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core on the page as it is now: the serious and critical violations (WCAG 2 A/AA and best practices).
 * Injected through the DevTools protocol, so the console's CSP (scripts from 'self' only) stays as it is.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await settled(page);
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            ctx: unknown,
            o: unknown,
          ) => Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
          }>;
        };
      }
    ).axe;
    // A toast that has begun to fade out (its time is up) is not measured: its contrast mid-fade says nothing.
    const leaving = ['.ant-message-fade-leave', '.ant-notification-fade-leave'];
    const r = await axe.run(
      { include: [(globalThis as unknown as { document: unknown }).document], exclude: leaving },
      { resultTypes: ['violations'] },
    );
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Waits until no finite CSS animation or transition runs: a dialog fading out still covers the page with its
 * half-transparent mask, and axe would measure colour contrast through it.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as {
          document: {
            getAnimations(): { playState: string; effect: { getTiming(): { iterations: number } } | null }[];
          };
        }
      ).document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: 5_000 },
  );
}

/** Fails the test naming each serious or critical violation of the page. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const found = await seriousViolations(page);
  if (found.length) throw new Error(`${what}: axe found ${JSON.stringify(found, null, 2)}`);
}

/** Browser console errors and CSP refusals, collected so that a test can require there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * Waits for `done` (what an action leads to), or fails at once with the refusal the page shows instead (an error
 * Alert), so a refused mutation reads as its message rather than as a timeout.
 */
export async function unlessRefused(page: Page, what: string, done: Promise<unknown>): Promise<void> {
  const refusal = page.locator('.ant-alert-error').first();
  const refused = await Promise.race([done.then(() => undefined), refusal.waitFor().then(() => refusal.innerText())]);
  if (refused !== undefined) throw new Error(`refused instead of ${what}: ${refused}`);
}

/** Waits for the page to go to `url` after an action, or fails with the page's refusal. */
export function untilNavigated(page: Page, url: RegExp): Promise<void> {
  return unlessRefused(page, `going to ${url}`, page.waitForURL(url));
}

/** Signs `who` in through the development sign-in page (its button names the person) and waits to leave it. */
export async function signInAs(page: Page, baseUrl: string, who: { code: string; name: string }, path = '/') {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(/\/sign-in/);
  await page.getByRole('button', { name: `${who.name}（${who.code}）` }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/**
 * No page-level sideways scroll: what is wider (a table) scrolls in a region of its own. The layout is read until
 * it settles (antd's menu folds its items into "…" only after its resize observer runs); a page still too wide
 * after 10 s fails, naming the elements that stick out.
 */
export async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  // The page's own globals: the tests compile without the DOM's types.
  const measure = () =>
    page.evaluate<{ scroll: number; view: number; wide: string[] }>(`(() => {
      const root = document.documentElement;
      const wide = [...document.body.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
        .slice(0, 3)
        .map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
      return { scroll: root.scrollWidth, view: root.clientWidth, wide };
    })()`);
  let last = await measure();
  for (const deadline = Date.now() + 10_000; last.scroll > last.view && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 200));
    last = await measure();
  }
  if (last.scroll > last.view)
    throw new Error(`${what}: the page scrolls sideways (${last.scroll} > ${last.view}): ${last.wide.join(', ')}`);
}

/** The pages of one browser test file, each in a context of its own (a person's session), closed together. */
export class BrowserPages {
  private readonly contexts: BrowserContext[] = [];

  constructor(private readonly browser: () => Browser) {}

  /** A page at `width` (a phone below 600 px) in Chinese, collecting its console errors. */
  async open(width = 1280): Promise<{ page: Page; errors: string[] }> {
    const context = await this.browser().newContext({
      viewport: { width, height: width < 600 ? 812 : 900 },
      locale: 'zh-CN',
    });
    // A decision goes through a Temporal workflow; on 2 cores, with the cluster test's servers running beside the
    // browser tests, its result has been seen to take more than 15 s to show.
    context.setDefaultTimeout(30_000);
    this.contexts.push(context);
    const page = await context.newPage();
    return { page, errors: collectPageErrors(page) };
  }

  async closeAll(): Promise<void> {
    for (const c of this.contexts.splice(0)) await c.close();
  }
}
