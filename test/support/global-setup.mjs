// Starts the real parts every integration and end-to-end test uses, once per `jest` run: a Temporal dev
// server (in memory, headless), an embedded PostgreSQL in a throwaway folder with a template database
// migrated by the owner role, and the path of the time-skipping test server. Nothing here touches .data/.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCjkFont } from '../../infra/font.mjs';
import { dist, root } from '../../infra/paths.mjs';
import { freePort } from '../../infra/ports.cjs';
import { ensureDatabase, ensureServiceRoles, startEmbeddedPostgres } from '../../infra/postgres.mjs';
import { temporalCli, temporalTestServer } from '../../infra/temporal-bin.mjs';
import { startTemporalDevServer } from '../../infra/temporal-server.cjs';

const TEMPLATE_DB = 'pirm_template';

export default async function globalSetup() {
  // Both server tiers name this setup; one stack serves the whole run.
  if (globalThis.__PIRM_STACK__) return;
  const t0 = Date.now();
  // Migrations and the workflow bundle come from the compiled packages: make sure they are current.
  const build = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  const work = mkdtempSync(join(tmpdir(), 'pirm-test-'));
  chmodSync(work, 0o755);
  const [temporalPort, pgPort] = [await freePort(), await freePort()];
  const { searchAttributeRegistrations } = createRequire(import.meta.url)(dist.contracts);
  const cli = temporalCli();
  const [temporal, pg] = await Promise.all([
    startTemporalDevServer({
      cli,
      port: temporalPort,
      searchAttributes: searchAttributeRegistrations(),
      logFile: join(work, 'temporal.log'),
    }),
    startEmbeddedPostgres({ dataDir: join(work, 'postgres'), port: pgPort, database: 'postgres' }),
  ]);
  globalThis.__PIRM_STACK__ = { temporal, pg };

  // As in production: the owner role migrates, the tests and the services connect as the app role.
  await ensureDatabase(pg.adminUrl, TEMPLATE_DB);
  const secret = () => randomBytes(16).toString('hex');
  const { ownerUrl, appUrl } = await ensureServiceRoles(pg.adminUrl, TEMPLATE_DB, {
    ownerPassword: secret(),
    appPassword: secret(),
  });
  const migrate = spawnSync(process.execPath, [dist.migrate], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: ownerUrl },
  });
  if (migrate.status !== 0) throw new Error('migrations failed on the test template database');

  process.env.PIRM_TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.PIRM_TEST_TEMPORAL_CLI = cli;
  process.env.PIRM_TEST_PG_ADMIN_URL = pg.adminUrl;
  process.env.PIRM_TEST_PG_TEMPLATE = TEMPLATE_DB;
  process.env.PIRM_TEST_PG_OWNER_URL = ownerUrl;
  process.env.PIRM_TEST_PG_APP_URL = appUrl;
  process.env.PIRM_TEST_TEMPORAL_TEST_SERVER = temporalTestServer();
  process.env.PIRM_TEST_WORK_DIR = work;
  // Printing (R23): the provisioned CJK font, for the workers that render exports.
  process.env.PRINT_FONT_PATH = await ensureCjkFont();
  console.log(`\n[test stack] Temporal ${temporal.address}, PostgreSQL ${pgPort}, ready in ${Date.now() - t0} ms`);
}
