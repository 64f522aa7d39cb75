// `npm run bench:console`: the web console's figures (JSON), issue 14's targets: the console's initial JavaScript
// (gzip, target ≤ 350 KB: the entry and the signed-in shell; each page's chunk loads with the page) and the time until
// the inbox of a district reviewer with 10,000 tasks in the read model shows its first page in Chromium (≤ 1.5 s).
// Beside them, all the JavaScript a signed-in reviewer's first load of the inbox fetches, counted in the browser.
// Flags: --units/--people size the district (150/10000), --runs N warm page loads (5), --no-build.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { root } from '../infra/paths.mjs';
import { seedFormsInReview } from './inbox-seed.mjs';
import { freePort } from '../infra/ports.cjs';
import { ensureDatabase, startEmbeddedPostgres } from '../infra/postgres.mjs';
import { percentile, round, startStack } from './temporal.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const { createDataSource, runMigrations, applyRoster, generateDistrictRows } = require(
  join(root, 'libs/persistence/dist/index.js'),
);
const { parseRoster } = require(join(root, 'libs/domain/dist/index.js'));

const { values: flags } = parseArgs({
  options: {
    units: { type: 'string', default: '150' },
    people: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    'no-build': { type: 'boolean', default: false },
  },
});
const say = (m) => console.error(`[bench:console] ${m}`);
const dist = join(root, 'apps/web/dist');

if (!flags['no-build']) {
  const r = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('building the console failed');
}

/** The built files' sizes, each gzipped on its own (as the gateway would send them compressed). */
function jsSizes(files) {
  const sizes = files.map((f) => {
    const bytes = readFileSync(join(dist, f));
    return { file: f, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  });
  const gzip = sizes.reduce((n, s) => n + s.gzipBytes, 0);
  return { files: sizes, gzipKB: round(gzip / 1024) };
}

/**
 * What index.html alone makes a browser fetch (its module script and the modules it preloads): the console's entry,
 * all that a visitor without a session downloads before the sign-in page starts loading.
 */
function indexHtmlFiles() {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map(
    (m) => m[1],
  );
}

/** `files` and every module they import statically, transitively (dynamic imports, i.e. pages, left out). */
function withStaticImports(files) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const m of code.matchAll(/(?:import|from)\s*["']\.\/([^"']+\.js)["']/g)) visit(`assets/${m[1]}`);
  };
  files.forEach(visit);
  return [...seen].sort();
}

/**
 * The console's initial JavaScript for a signed-in person: the entry and the shell (menu, who I am, notices) with
 * what they import; each page's own chunk loads when the page is opened, beside the shell (App.tsx).
 */
function signedInBootJs() {
  const shell = readdirSync(join(dist, 'assets')).find((f) => /^Shell-[\w-]+\.js$/.test(f));
  if (!shell) throw new Error('no Shell chunk in apps/web/dist/assets');
  return jsSizes(withStaticImports([...indexHtmlFiles(), `assets/${shell}`]));
}

/**
 * The JavaScript a signed-in reviewer's first load of the inbox downloads, counted in the browser: a fresh
 * context (empty cache) with the session in place before the page runs, every script the gateway serves until the
 * inbox shows its first row and the network is quiet (with a session, App.tsx starts the shell's and the inbox's chunks at once).
 */
async function reviewerInboxJs(browser, baseUrl, token) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(`sessionStorage.setItem('pirm.token', ${JSON.stringify(token)})`);
    const page = await context.newPage();
    const origin = new URL(baseUrl).origin;
    const files = new Set();
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.origin === origin && url.pathname.endsWith('.js')) files.add(url.pathname.slice(1));
    });
    await page.goto(`${baseUrl}/inbox`);
    await page.locator('tr[data-task-id]').first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle', { timeout: 30_000 });
    return jsSizes([...files].sort());
  } finally {
    await context.close();
  }
}

const results = { machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadavg().map(round) } };
const entry = jsSizes(indexHtmlFiles());
const boot = signedInBootJs();
say(`initial JS: entry ${entry.gzipKB} KB gzip, with the signed-in shell ${boot.gzipKB} KB gzip`);

const work = mkdtempSync(join(tmpdir(), 'pirm-bench-console-'));
chmodSync(work, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), port: await freePort(), database: 'postgres' });
try {
  await ensureDatabase(pg.adminUrl, 'bench');
  const databaseUrl = pg.adminUrl.replace(/\/postgres$/, '/bench');
  const ds = createDataSource({ url: databaseUrl, applicationName: 'pirm-bench', poolSize: 4 });
  await ds.initialize();
  await runMigrations(ds);
  const { roster, errors } = parseRoster(
    generateDistrictRows({ units: Number(flags.units), people: Number(flags.people), seed: 1 }),
  );
  if (errors.length) throw new Error(JSON.stringify(errors.slice(0, 3)));
  await applyRoster(ds, roster);
  // Every person's form in review, each with an open task of the district discipline team.
  await seedFormsInReview(ds, { departmentHeads: false, openShare: 1 });
  const [{ tasks }] = await ds.query(`SELECT count(*)::int AS tasks FROM review_task WHERE status = 'OPEN'`);
  say(`${tasks} open tasks for discipline-1; starting Temporal, worker and gateway`);

  const stack = await startStack({ databaseUrl, work });
  const browser = await chromium.launch({
    executablePath:
      process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim(),
    args: ['--no-sandbox'],
  });
  try {
    const token = stack.token('discipline-1');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.evaluate(`sessionStorage.setItem('pirm.token', ${JSON.stringify(token)})`);
    /** From navigation to the first page of the inbox on screen (its first row rendered). */
    const inbox = async () => {
      const t0 = performance.now();
      await page.goto(`${stack.baseUrl}/inbox`);
      await page.locator('tr[data-task-id]').first().waitFor({ timeout: 30_000 });
      return performance.now() - t0;
    };
    const first = await inbox();
    const warm = [];
    for (let i = 0; i < Number(flags.runs); i++) warm.push(await inbox());
    const rows = await page.locator('tr[data-task-id]').count();
    const inboxJs = await reviewerInboxJs(browser, stack.baseUrl, token);
    results.initialJs = {
      entry,
      signedInBoot: boot,
      gzipKB: boot.gzipKB,
      targetKB: 350,
      withinTarget: boot.gzipKB <= 350,
    };
    // The stricter reading of the same target: everything a reviewer's first inbox load fetches.
    results.reviewerFirstInboxJs = { ...inboxJs, targetKB: 350, withinTarget: inboxJs.gzipKB <= 350 };
    say(`all JS of a signed-in reviewer's first inbox load ${inboxJs.gzipKB} KB gzip`);
    results.inboxFirstPage = {
      tasks,
      rowsShown: rows,
      firstLoadMs: round(first),
      warmP50Ms: round(percentile(warm, 50)),
      warmMaxMs: round(Math.max(...warm)),
      targetMs: 1500,
      withinTarget: first <= 1500 && Math.max(...warm) <= 1500,
    };
  } finally {
    await browser.close();
    await stack.stop();
    await ds.destroy();
  }
} finally {
  await pg.stop();
  rmSync(work, { recursive: true, force: true });
}
results.machine.loadAverageAtEnd = loadavg().map(round);
console.log(JSON.stringify(results, null, 2));
