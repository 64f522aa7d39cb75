// The real Temporal server on PostgreSQL (issue 16), the way a cluster runs it in production: built from the Go
// module proxy (`go install`, pinned, cached under .cache/), its two databases set up by its own SQL tool from the
// schema files of the same module, a configuration derived from the module's development-postgres12.yaml, and
// the namespace with the project's search attributes registered through the API.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import YAML from 'yaml';
import { dist, root } from './paths.mjs';
import { TEMPORAL_SERVER_GO } from './versions.mjs';

const require = createRequire(import.meta.url);
const { isPortFree } = require('./ports.cjs');
const { ensureNamespace } = require('./temporal-namespace.cjs');

const cacheDir = join(root, '.cache');
const log = (msg) => process.stderr.write(`[temporal-server] ${msg}\n`);

// Go's own caches live in the project's cache too, so a second run (and `rm -rf .cache`) needs nothing else.
// -modcacherw: the module cache is normally read-only, which makes the folder hard to delete.
const goEnv = () => ({
  ...process.env,
  GOPATH: join(cacheDir, 'go'),
  GOMODCACHE: join(cacheDir, 'go', 'pkg', 'mod'),
  GOCACHE: join(cacheDir, 'go', 'build'),
  GOFLAGS: '-modcacherw',
  // Never download another toolchain: a Go too old for the module fails with Go's own message instead.
  GOTOOLCHAIN: 'local',
});

const { module: MODULE, version: VERSION, minGo: MIN_GO } = TEMPORAL_SERVER_GO;
const binDir = join(cacheDir, 'temporal-server', VERSION);
export const moduleDir = join(cacheDir, 'go', 'pkg', 'mod', `${MODULE}@${VERSION}`);

function findGo() {
  if (process.env.GO) return process.env.GO;
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/local/go/bin']) {
    if (dir && existsSync(join(dir, 'go'))) return join(dir, 'go');
  }
  return undefined;
}

const newer = (a, b) => {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

/** `go install` of both packages, with a progress line every 20 s (a first build takes ~6 min on 2 cores). */
async function goInstall(go) {
  const found = /go(\d+)\.(\d+)(?:\.(\d+))?/.exec(spawnSync(go, ['version'], { encoding: 'utf8' }).stdout ?? '');
  const min = MIN_GO.split('.').map(Number);
  if (!found || !newer(found.slice(1).map(Number), min)) {
    throw new Error(
      `${go} is ${found?.[0] ?? 'not a working Go'}; the Temporal server ${VERSION} needs Go ≥ ${MIN_GO}`,
    );
  }
  const packages = ['cmd/server', 'cmd/tools/sql'].map((p) => `${MODULE}/${p}@${VERSION}`);
  log(`building ${packages.join(' and ')} with ${found[0]} into ${binDir}`);
  log('first build only: about 6 minutes on 2 cores; later starts reuse .cache/');
  mkdirSync(binDir, { recursive: true });
  const t0 = Date.now();
  let compiled = 0;
  let downloaded = 0;
  let tail = '';
  const child = spawn(go, ['install', '-v', ...packages], {
    env: { ...goEnv(), GOBIN: binDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (buf) => {
    for (const line of String(buf).split('\n')) {
      if (!line) continue;
      if (line.startsWith('go: downloading')) downloaded++;
      else compiled++;
      tail = (tail + line + '\n').slice(-4000);
    }
  });
  const timer = setInterval(
    () => log(`… ${Math.round((Date.now() - t0) / 1000)} s: ${downloaded} modules fetched, ${compiled} packages built`),
    20_000,
  );
  const code = await new Promise((res) => child.once('exit', res));
  clearInterval(timer);
  if (code !== 0) throw new Error(`go install failed (exit ${code}):\n${tail}`);
  log(`built in ${Math.round((Date.now() - t0) / 1000)} s`);
}

/**
 * The pinned Temporal server and its SQL tool, built on first use; and the module's folder (schemas, sample
 * configs). Throws saying what to install when Go is missing.
 */
export async function temporalServerBinaries() {
  const server = join(binDir, 'server');
  const sqlTool = join(binDir, 'sql');
  if (existsSync(server) && existsSync(sqlTool) && existsSync(moduleDir)) return { server, sqlTool, moduleDir };
  const go = findGo();
  if (!go) {
    throw new Error(
      `Go is needed to build the Temporal server (go install ${MODULE}/cmd/server@${VERSION}): install Go ` +
        `${MIN_GO} or later (https://go.dev/dl/, or Debian's golang package if recent enough), put it on PATH or set GO=/path/to/go`,
    );
  }
  await goInstall(go);
  return { server, sqlTool, moduleDir };
}

/** Creates the `temporal` role (its own password) and its two databases on a PostgreSQL we administer. */
export async function ensureTemporalDatabases(adminUrl, password) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const { rowCount } = await c.query(`SELECT 1 FROM pg_roles WHERE rolname = 'temporal'`);
    await c.query(`${rowCount ? 'ALTER' : 'CREATE'} ROLE temporal LOGIN PASSWORD ${c.escapeLiteral(password)}`);
    for (const db of ['temporal', 'temporal_visibility']) {
      const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (!exists.rowCount) await c.query(`CREATE DATABASE ${db} OWNER temporal`);
    }
  } finally {
    await c.end();
  }
}

/**
 * Brings both schemas to the module's version with temporal-sql-tool: `setup-schema -v 0.0` on a new database
 * (the tool's version table), then `update-schema` from the module's versioned folder (a no-op when current).
 */
export async function setupTemporalSchema({ sqlTool, host, port, password }) {
  for (const [db, dir] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ]) {
    // The password travels in the environment (SQL_PASSWORD), not on a command line others can read.
    const env = { ...process.env, SQL_PASSWORD: password };
    const base = ['--plugin', 'postgres12', '--ep', host, '-p', String(port), '-u', 'temporal', '--db', db];
    const run = (args) => {
      const r = spawnSync(sqlTool, [...base, ...args], { env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`temporal-sql-tool ${args[0]} on ${db} failed: ${r.stderr || r.stdout}`);
    };
    const url = `postgres://temporal:${encodeURIComponent(password)}@${host}:${port}/${db}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const versioned = await c
      .query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'`)
      .finally(() => c.end());
    if (!versioned.rowCount) run(['setup-schema', '-v', '0.0']);
    run(['update-schema', '-d', join(moduleDir, 'schema', 'postgresql', 'v12', dir, 'versioned')]);
  }
}

/** A free port below 32768: the server stores membership ports as a PostgreSQL smallint (and the kernel's
 * ephemeral range starts above, so no outgoing connection takes it meanwhile). */
async function lowFreePort() {
  for (;;) {
    const p = 10_000 + Math.floor(Math.random() * 22_000);
    if (await isPortFree(p)) return p;
  }
}

/**
 * The server's ports: the frontend on `frontendPort`, every internal one free. Kept in `file` and reused while
 * free, because the membership table in PostgreSQL remembers a host's addresses for a while after it stops.
 */
async function serverPorts(file, frontendPort) {
  const names = ['frontendMembership', 'frontendHttp', 'history', 'historyMembership', 'matching'];
  names.push('matchingMembership', 'worker', 'workerMembership', 'metrics');
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const ports = { frontend: frontendPort };
  for (const name of names) {
    const p = kept[name];
    const taken = Object.values(ports);
    ports[name] = p && !taken.includes(p) && (await isPortFree(p)) ? p : await lowFreePort();
    while (taken.includes(ports[name])) ports[name] = await lowFreePort();
  }
  writeFileSync(file, JSON.stringify(ports, null, 2), { mode: 0o600 });
  return ports;
}

/**
 * Writes the server's configuration into `dir`: the module's development-postgres12.yaml with our addresses,
 * ports, credentials, log file and dynamic config. `tls` (optional): `{ certFile, keyFile, clientCaFile,
 * systemWorker: { certFile, keyFile, caFile, serverName } }`: the frontend serves `certFile` and demands a client
 * certificate of `clientCaFile` (mTLS); the server's system workers connect with `systemWorker`'s. Returns the file
 * and the ports.
 */
export async function writeTemporalConfig({ dir, frontendPort, pgPort, password, logFile, tls }) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ports = await serverPorts(join(dir, 'ports.json'), frontendPort);
  const config = YAML.parse(readFileSync(join(moduleDir, 'config', 'development-postgres12.yaml'), 'utf8'));
  config.log = { stdout: false, level: 'warn', outputFile: logFile };
  for (const store of Object.values(config.persistence.datastores)) {
    Object.assign(store.sql, { connectAddr: `127.0.0.1:${pgPort}`, user: 'temporal', password });
  }
  config.global.pprof = { port: 0 }; // off
  config.global.metrics.prometheus.listenAddress = `127.0.0.1:${ports.metrics}`;
  const rpc = (grpcPort, membershipPort, extra = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra },
  });
  config.services = {
    frontend: rpc(ports.frontend, ports.frontendMembership, { httpPort: ports.frontendHttp }),
    history: rpc(ports.history, ports.historyMembership),
    matching: rpc(ports.matching, ports.matchingMembership),
    worker: rpc(ports.worker, ports.workerMembership),
  };
  config.clusterMetadata.clusterInformation.active.rpcAddress = `127.0.0.1:${ports.frontend}`;
  // The sample archives to /tmp; nothing here archives.
  config.archival = { history: { state: 'disabled' }, visibility: { state: 'disabled' } };
  delete config.namespaceDefaults;
  if (tls) {
    config.global.tls = {
      frontend: {
        server: {
          certFile: tls.certFile,
          keyFile: tls.keyFile,
          requireClientAuth: true,
          clientCaFiles: [tls.clientCaFile],
        },
      },
      // The server's own system workers reach the frontend as any client must: with a certificate of that CA.
      systemWorker: {
        certFile: tls.systemWorker.certFile,
        keyFile: tls.systemWorker.keyFile,
        client: { serverName: tls.systemWorker.serverName, rootCaFiles: [tls.systemWorker.caFile] },
      },
    };
  }
  const dynamic = join(dir, 'dynamicconfig.yaml');
  writeFileSync(
    dynamic,
    '# Temporal dynamic configuration, re-read every 10 s. The service relies on updates (human decisions)\n' +
      '# and update-with-start (form submission): say so rather than rely on a default.\n' +
      'frontend.enableUpdateWorkflowExecution:\n  - value: true\n',
    { mode: 0o600 },
  );
  config.dynamicConfigClient = { filepath: dynamic, pollInterval: '10s' };
  const file = join(dir, 'temporal.yaml');
  // It holds the database password: its owner's alone; written whole, so a crash never leaves half a file.
  writeFileSync(`${file}.tmp`, YAML.stringify(config), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return { file, ports };
}

/** The command line that runs the server on `configFile` (for a supervisor). */
export function temporalServerCommand(server, configFile) {
  // --allow-no-auth: no authorizer is configured; the frontend listens on loopback only (or behind mTLS).
  return [server, '--config-file', configFile, '--allow-no-auth', 'start'];
}

/**
 * Waits until the frontend at `address` answers, then registers `namespace` and the project's search attributes
 * (SEARCH_ATTRIBUTES of libs/contracts, the list the dev server gets as flags). `connectionOptions` adds TLS.
 */
export async function registerNamespace({
  address,
  namespace = 'default',
  timeoutMs = 120_000,
  connectionOptions = {},
}) {
  const { Connection } = require('@temporalio/client');
  const { SEARCH_ATTRIBUTES } = require(dist.contracts);
  const until = Date.now() + timeoutMs;
  let connection;
  for (;;) {
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000, ...connectionOptions });
      await connection.workflowService.getSystemInfo({});
      break;
    } catch (err) {
      await connection?.close().catch(() => undefined);
      if (Date.now() > until) throw new Error(`Temporal server at ${address} did not answer: ${err?.message ?? err}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    await ensureNamespace(connection, {
      namespace,
      searchAttributes: Object.values(SEARCH_ATTRIBUTES),
      timeoutMs: Math.max(until - Date.now(), 10_000),
    });
  } finally {
    await connection.close();
  }
}
