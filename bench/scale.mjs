// `npm run bench:scale` (issue 16): how the cost grows with the district, on both topologies. For each size and
// topology it runs the launcher itself in a throwaway folder (`infra/start.mjs`: the dev server, one worker, one
// gateway; `--cluster`: the real Temporal server on PostgreSQL, two workers, two gateways, nginx), imports a
// synthetic district, launches a campaign through the gateway, opens every unit's screening and has `--screen`
// of its people submit through the gateway (nginx in the cluster). Prints JSON; each figure also goes to stderr.
// Flags: --sizes (people, 10000,50000), --topologies (dev,cluster), --screen N (submissions per size, 3000; 0 = all
// the district's people), --concurrency N (clients, 20). Units: one per ~67 people, the district's (150 per 10,000)
// and a province's (7,500 per 500,000) ratio.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dist, root } from '../infra/paths.mjs';
import { freePort } from '../infra/ports.cjs';
import { districtBench, gatewayClient, historySizes, processMemoryMiB, round } from './temporal.mjs';

const require = createRequire(import.meta.url);
const { Client, Connection } = require('@temporalio/client');
const { createDataSource, applyRoster, generateDistrictRows } = require(join(root, 'libs/persistence/dist/index.js'));
const { parseRoster } = require(join(root, 'libs/domain/dist/index.js'));

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,50000' },
    topologies: { type: 'string', default: 'dev,cluster' },
    screen: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '20' },
  },
});
const PEOPLE_PER_UNIT = 10_000 / 150;
const log = (msg) => console.error(`[bench:scale] ${msg}`);

/** Every descendant of `pid`, from the parent pid in each process's /proc/N/stat. */
function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const out = [];
  const walk = (p) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(pid);
  return out;
}

/** The launcher's parts by role: worker(s), gateway(s), the Temporal server. */
function parts(launcherPid) {
  const found = { worker: [], gateway: [], temporal: [] };
  for (const pid of descendants(launcherPid)) {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (cmd.includes(dist.worker)) found.worker.push(pid);
    else if (cmd.includes(dist.gateway)) found.gateway.push(pid);
    else if (cmd.includes('start-dev') || cmd.includes('--config-file')) found.temporal.push(pid);
  }
  return found;
}

/** `infra/start.mjs` in `dataDir` on free ports; resolves once it says it is running. */
async function launch(topology, dataDir, secret) {
  const [port, temporalPort, uiPort, pgPort, g1, g2] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  const child = spawn(
    process.execPath,
    [join(root, 'infra/start.mjs'), ...(topology === 'cluster' ? ['--cluster'] : [])],
    {
      env: {
        ...process.env,
        PIRM_DATA_DIR: dataDir,
        NODE_ENV: 'production',
        AUTH_JWT_SECRET: secret,
        PORT: String(port),
        TEMPORAL_PORT: String(temporalPort),
        TEMPORAL_UI_PORT: String(uiPort),
        PG_PORT: String(pgPort),
        CLUSTER_GATEWAY_PORTS: `${g1},${g2}`,
        WORKER_METRICS_PORT: '',
        LOG_LEVEL: 'warn',
        TEMPORAL_RPC_TIMEOUT_MS: '30000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const exited = new Promise((res) => child.once('exit', res));
  await new Promise((resolve, reject) => {
    const onData = (b) => {
      out = (out + b).slice(-20_000);
      // A part that dies and is restarted by the launcher's supervision is part of the figures: show it.
      for (const line of String(b).split('\n')) if (/exited|restart|giving up/i.test(line)) log(line);
      if (/is running/.test(out)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`start.mjs exited (${code}): ${out.slice(-3000)}`)));
    setTimeout(() => reject(new Error(`start.mjs not running after 600 s: ${out.slice(-3000)}`)), 600_000).unref();
  });
  return {
    pid: child.pid,
    runtime: JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')),
    async stop() {
      child.kill('SIGINT'); // Ctrl-C: the launcher stops every part
      await exited;
    },
  };
}

/** Current and peak memory of each role: the largest replica's, as a replica is what a host must hold. */
function memoryOf(pids) {
  const of = (list) => {
    const m = list.map((pid) => processMemoryMiB(pid));
    return { rss: Math.max(...m.map((x) => x.rss)), peak: Math.max(...m.map((x) => x.peak)), replicas: m.length };
  };
  return { worker: of(pids.worker), gateway: of(pids.gateway), temporal: of(pids.temporal) };
}

/** Bytes on disk of a folder (the dev server's SQLite files). */
function folderBytes(dir) {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

async function runOne(topology, people) {
  const units = Math.round(people / PEOPLE_PER_UNIT);
  const dataDir = mkdtempSync(join(tmpdir(), `pirm-scale-${topology}-`));
  const secret = `bench-${Math.random().toString(36).slice(2)}-secret-of-32-chars-or-more`;
  const load = loadavg().map(round);
  let t0 = Date.now();
  const launcher = await launch(topology, dataDir, secret);
  const startS = (Date.now() - t0) / 1000;
  const pids = parts(launcher.pid);
  const ds = createDataSource({ url: launcher.runtime.DATABASE_URL, applicationName: 'pirm-bench', poolSize: 4 });
  const connection = await Connection.connect({ address: launcher.runtime.TEMPORAL_ADDRESS });
  try {
    await ds.initialize();
    t0 = Date.now();
    const { roster, errors } = parseRoster(generateDistrictRows({ units, people, seed: 1 }));
    if (errors.length) throw new Error(JSON.stringify(errors.slice(0, 3)));
    await applyRoster(ds, roster);
    const rosterS = (Date.now() - t0) / 1000;
    log(`${topology} ${people}: started in ${startS} s, roster of ${units} units in ${rosterS} s`);
    const stack = {
      client: new Client({ connection }),
      ...gatewayClient(launcher.runtime.GATEWAY_URL, secret),
      memory: () => memoryOf(pids),
    };
    const screen = Number(flags.screen) || null;
    const district = await districtBench(stack, ds, {
      year: 2098,
      concurrency: Number(flags.concurrency),
      screen,
      // Two seconds a unit at worst, ten minutes at least: a shared machine launches slowly, not wrongly.
      timeoutMs: Math.max(600_000, units * 2_000),
    });
    const sample = await ds.query(
      `SELECT campaign_id, person_id FROM risk_form WHERE status <> 'DRAFT' ORDER BY random() LIMIT 50`,
    );
    const history = await historySizes(
      stack,
      '2098',
      sample.map((f) => ({ campaignId: f.campaign_id, personId: f.person_id })),
    );
    const mib = async (db) => round(Number((await ds.query('SELECT pg_database_size($1) AS b', [db]))[0].b) / 2 ** 20);
    const database = {
      readModelMiB: await mib('pirm'),
      ...(topology === 'cluster'
        ? { temporalMiB: await mib('temporal'), temporalVisibilityMiB: await mib('temporal_visibility') }
        : { temporalSqliteMiB: round(folderBytes(join(dataDir, 'temporal')) / 2 ** 20) }),
    };
    return {
      topology,
      people,
      units,
      loadAverageAtStart: load,
      loadAverageAtEnd: loadavg().map(round),
      startS: round(startS),
      rosterImportS: round(rosterS),
      launch: district.launch,
      screening: { screened: district.screened, ...district.screening },
      peakMemoryMiB: memoryOf(pids),
      workerRssSecondHalf: district.workerRssSecondHalf,
      historyEvents: history,
      database,
    };
  } finally {
    await connection.close();
    if (ds.isInitialized) await ds.destroy();
    await launcher.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = { machine: { cpus: cpus().length, node: process.version }, runs: [] };
for (const people of flags.sizes.split(',').map(Number)) {
  for (const topology of flags.topologies.split(',')) {
    const run = await runOne(topology, people);
    log(JSON.stringify(run));
    results.runs.push(run);
  }
}
console.log(JSON.stringify(results, null, 2));
