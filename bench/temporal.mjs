// The Temporal benchmarks of `npm run bench` (issue 8): lifecycle throughput and decision round trip against
// a bare Temporal workflow, launch and screening of a whole district, and the shared-deadline escalation
// storm (fault 7). The worker and the gateway run as child processes (`node apps/*/dist/main.js`, as
// `npm start` runs them) so that their peak memory is their own; the bench process is the client.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { dist, root } from '../infra/paths.mjs';
import { freePort } from '../infra/ports.cjs';
import { temporalCli, temporalTestServer } from '../infra/temporal-bin.mjs';
import { startTemporalDevServer } from '../infra/temporal-server.cjs';

const require = createRequire(import.meta.url);
const { Client, Connection, WithStartWorkflowOperation } = require('@temporalio/client');
const { TestWorkflowEnvironment } = require('@temporalio/testing');
const { Worker, NativeConnection, bundleWorkflowCode, Runtime, DefaultLogger } = require('@temporalio/worker');
const { CHINA_HOLIDAYS, dateOf, defaultCalendar } = require(join(root, 'libs/domain/dist/index.js'));
const c = require(dist.contracts);
const { createDataSource, findReviewChain, upsertCampaignProjection } = require(
  join(root, 'libs/persistence/dist/index.js'),
);
const { bundleWorkflows, createCampaignWorker } = require(join(root, 'apps/worker/dist/index.js'));
const { issueToken } = require(join(root, 'apps/gateway/dist/tokens.js'));

Runtime.install({ logger: new DefaultLogger('ERROR') });

export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
export const round = (x) => Math.round(x * 100) / 100;
const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over `items`, `concurrency` at a time; returns each call's latency in ms. Stops at the first failure. */
async function pool(items, concurrency, fn) {
  const latencies = [];
  let next = 0;
  let failed = false;
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length && !failed) {
        const item = items[next++];
        const t0 = now();
        await fn(item).catch((err) => {
          failed = true;
          throw err;
        });
        latencies.push(now() - t0);
      }
    }),
  );
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
  return latencies;
}

async function until(what, probe, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** A process's resident memory now and at its peak (`VmHWM`), in MiB, from /proc. */
export function processMemoryMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: round(kib('VmRSS') / 1024), peak: round(kib('VmHWM') / 1024) };
}

/** A child process started from `script`, ready once its output matches `ready`; its memory from /proc. */
function startChild(name, script, env, ready) {
  // `npm run bench -- --profile DIR`: each child writes a V8 CPU profile there when it stops (bench/profile-top.mjs).
  const profile = process.env.BENCH_CPU_PROFILE_DIR
    ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...profile, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready after 120 s: ${out.slice(-2000)}`)), 120_000);
    const onData = (b) => {
      out += b.toString();
      if (out.length > 100_000) out = out.slice(-50_000);
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({
          pid: child.pid,
          memoryMiB() {
            if (child.exitCode !== null || child.signalCode !== null)
              throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}): ${out.slice(-3000)}`);
            return processMemoryMiB(child.pid);
          },
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`${name} exited (${code}): ${out.slice(-2000)}`)));
  });
}

/** Temporal dev server, worker and gateway (child processes) against the bench database. */
export async function startStack({ databaseUrl, work }) {
  const port = await freePort();
  const temporal = await startTemporalDevServer({
    cli: temporalCli(),
    port,
    searchAttributes: c.searchAttributeRegistrations(),
    logFile: join(work, 'temporal.log'),
  });
  const secret = randomBytes(32).toString('hex');
  const gatewayPort = await freePort();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: 'bench',
    TEMPORAL_RPC_TIMEOUT_MS: '30000',
  };
  const [worker, gateway] = await Promise.all([
    startChild('worker', dist.worker, env, /polling task queue/),
    startChild(
      'gateway',
      dist.gateway,
      { ...env, AUTH_JWT_SECRET: secret, PORT: String(gatewayPort) },
      /gateway listening/,
    ),
  ]);
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  const bare = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'bench-bare',
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: join(root, 'bench/bare-workflow.mjs'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
    }),
  });
  const bareRun = bare.run();
  return {
    client,
    worker,
    gateway,
    ...gatewayClient(`http://127.0.0.1:${gatewayPort}`, secret),
    memory: () => ({ worker: worker.memoryMiB(), gateway: gateway.memoryMiB() }),
    async stop() {
      bare.shutdown();
      await bareRun;
      await nativeConnection.close();
      await connection.close();
      await Promise.all([gateway.stop(), worker.stop()]);
      await temporal.stop();
    },
  };
}

/**
 * The bench's GraphQL caller of a gateway (or of nginx before several) at `baseUrl`, with tokens signed by `secret`.
 * Requests time out (DEADLINE_EXCEEDED) when the machine is saturated, and nginx answers 502 while a gateway is
 * down: it retries the same request, which is idempotent, and counts the retries.
 */
export function gatewayClient(baseUrl, secret) {
  return {
    baseUrl,
    token: (code) => issueToken({ jwtSecret: secret, issuer: 'pirm', audience: 'pirm-gateway' }, code),
    retries: 0,
    async graphql(query, variables, token) {
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const text = await res.text();
        // nginx answers for a gateway that is down (502/503, HTML): another try reaches the other one.
        if ([502, 503].includes(res.status) && !text.startsWith('{') && attempt < 5) {
          console.error(`[bench] HTTP ${res.status} from ${baseUrl}, retried: ${text.slice(0, 120)}`);
          this.retries += 1;
          await sleep(1_000);
          continue;
        }
        const body = JSON.parse(text);
        if (!body.errors) return body.data;
        if (body.errors[0].extensions?.code !== 'DEADLINE_EXCEEDED' || attempt === 5)
          throw new Error(`${res.status} ${JSON.stringify(body.errors[0])}`);
        this.retries += 1;
      }
    },
  };
}

/** DRAFT forms, filled so that they can be submitted, for `limit` people of `formType` (all types: null). */
export async function insertDraftForms(ds, campaignId, { limit = null, formType = null } = {}) {
  const forms = await ds.query(
    `INSERT INTO risk_form (campaign_id, person_id, unit_id, department_id, post_id, form_type, status, name, position, department_name, post_duties,
                            workflow_description, person_in_charge, control_measures, rules_version, version, review_revision)
     SELECT $1, p.id, p.unit_id, p.department_id, p.post_id, po.form_type, 'DRAFT', p.name, '岗位', '科室', '职责', '流程', '负责人', '措施', 1, 1, 0
     FROM person p JOIN post po ON po.id = p.post_id
     WHERE ($2::text IS NULL OR po.form_type = $2) AND NOT EXISTS (SELECT 1 FROM risk_form f WHERE f.campaign_id = $1 AND f.person_id = p.id)
     ORDER BY p.code LIMIT $3
     RETURNING id, campaign_id AS "campaignId", person_id AS "personId", unit_id AS "unitId", department_id AS "departmentId", form_type AS "formType"`,
    [campaignId, formType, limit ?? 1_000_000],
  );
  // One risk point each; leadership forms one per part of 三重一大.
  await ds.query(
    `INSERT INTO risk_point (form_id, ordinal, description, category, causes, likelihood, harm, computed_level, level, finding_method, direction, control_measures, major_matter)
     SELECT f.id, m.ordinal, '违规收受礼品', 'POST_DUTY', ARRAY['POST_DUTY'], 2, 2, 'LEVEL_2', 'LEVEL_2', 'SELF', 'FORWARD', '公开承诺', m.matter
     FROM risk_form f
     CROSS JOIN LATERAL (SELECT * FROM unnest(CASE WHEN f.form_type = 'LEADERSHIP' THEN ARRAY['MAJOR_DECISIONS', 'IMPORTANT_APPOINTMENTS', 'MAJOR_PROJECTS', 'LARGE_FUNDS'] ELSE ARRAY[NULL] END)
                         WITH ORDINALITY AS x(matter, ordinal)) m(matter, ordinal)
     WHERE f.campaign_id = $1 AND f.id = ANY($2::uuid[])`,
    [campaignId, forms.map((f) => f.id)],
  );
  return forms;
}

const decideArgs = (key, step, reviewerId, formVersion) => ({
  key,
  step,
  revision: 1,
  reviewerId,
  decision: 'APPROVE',
  opinion: '同意',
  returnTo: null,
  levelChanges: [],
  gradeChange: null,
  formVersion,
});

/** Submission (update-with-start, as the gateway does), then one approval per step, then the run's end. */
async function realLifecycle(client, taskQueue, chain, form) {
  const key = `submit:${form.id}:1`;
  const op = new WithStartWorkflowOperation(c.FORM_REVIEW_WORKFLOW_TYPE, {
    workflowId: c.formReviewWorkflowId(form.campaignId, form.personId),
    taskQueue,
    args: [c.formReviewInput(form, chain, CHINA_HOLIDAYS)],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  let state = await client.workflow.executeUpdateWithStart(c.submitFormUpdate, {
    args: [{ key, submittedBy: form.personId, revision: 1, formVersion: 1 }],
    updateId: key,
    startWorkflowOperation: op,
  });
  const handle = await op.workflowHandle();
  for (let step = 0; step < chain.steps.length; step++) {
    if (step > 0) state = await handle.query(c.formReviewStateQuery);
    const k = `bench:${form.id}:${step}`;
    const r = await handle.executeUpdate(c.decideUpdate, {
      args: [decideArgs(k, step, state.steps[step].assignees[0], state.formVersion)],
      updateId: k,
    });
    state.formVersion = r.formVersion;
  }
  await handle.result();
}

/** The same calls against the bare workflow. */
async function bareLifecycle(client, steps, id) {
  const op = new WithStartWorkflowOperation('bareReviewWorkflow', {
    workflowId: id,
    taskQueue: 'bench-bare',
    args: [{ steps }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await client.workflow.executeUpdateWithStart('submitForm', {
    args: [{ key: 'submit' }],
    updateId: 'submit',
    startWorkflowOperation: op,
  });
  const handle = await op.workflowHandle();
  for (let step = 0; step < steps; step++) {
    if (step > 0) await handle.query('formReviewState');
    await handle.executeUpdate('decide', { args: [decideArgs(`k${step}`, step, 'r', 1)], updateId: `k${step}` });
  }
  await handle.result();
}

/** Where a run's time goes, averaged over runs: workflow tasks, activities, and activity execution time. */
async function historyBreakdown(client, workflowIds) {
  const ms = (t) => Number(t.seconds) * 1000 + t.nanos / 1e6;
  let tasks = 0;
  let activities = 0;
  let activityMs = 0;
  for (const id of workflowIds) {
    const { events } = await client.workflow.getHandle(id).fetchHistory();
    const started = new Map();
    for (const e of events) {
      if (e.workflowTaskCompletedEventAttributes) tasks += 1;
      if (e.activityTaskStartedEventAttributes) started.set(String(e.eventId), ms(e.eventTime));
      const done = e.activityTaskCompletedEventAttributes;
      if (done) {
        activities += 1;
        activityMs += ms(e.eventTime) - started.get(String(done.startedEventId));
      }
    }
  }
  const n = workflowIds.length;
  return { workflowTasks: round(tasks / n), activities: round(activities / n), activityExecMs: round(activityMs / n) };
}

/** (a) Form lifecycles per second, ours vs the bare workflow, `forms` each at `concurrency`. */
export async function lifecycleBench(stack, ds, { campaignId, forms: n, concurrency }) {
  await upsertCampaignProjection(ds, {
    campaignId,
    year: Number(campaignId),
    status: 'RUNNING',
    currentPhase: 'SCREENING',
    calendar: [],
    rulesVersion: 1,
    launchedBy: 'bench',
    revision: 1,
  });
  const chain = await findReviewChain(ds, 'GENERAL_STAFF');
  const forms = await insertDraftForms(ds, campaignId, { limit: n, formType: 'GENERAL_STAFF' });
  let t0 = now();
  await pool(forms, concurrency, (f) => realLifecycle(stack.client, 'bench', chain, f));
  const realS = (now() - t0) / 1000;
  const [{ decisions }] = await ds.query(
    `SELECT count(*)::int AS decisions FROM review_decision d JOIN risk_form f ON f.id = d.form_id WHERE f.campaign_id = $1`,
    [campaignId],
  );
  const run = randomBytes(3).toString('hex');
  t0 = now();
  await pool(forms, concurrency, (f) => bareLifecycle(stack.client, chain.steps.length, `bare:${run}:${f.id}`));
  const bareS = (now() - t0) / 1000;
  const sample = forms.slice(0, 20);
  return {
    perLifecycle: {
      ours: await historyBreakdown(
        stack.client,
        sample.map((f) => c.formReviewWorkflowId(f.campaignId, f.personId)),
      ),
      bare: await historyBreakdown(
        stack.client,
        sample.map((f) => `bare:${run}:${f.id}`),
      ),
    },
    forms: n,
    concurrency,
    steps: chain.steps.length,
    decisionsRecorded: decisions,
    oursFormsPerS: round(n / realS),
    bareFormsPerS: round(n / bareS),
    ratio: round(bareS / realS),
    target: '≥ 0.6',
  };
}

/** Forms are submitted only while a unit's screening is open: every unit records its mobilisation first (R03–R05). */
async function openScreening(stack, ds, campaignId, admin, concurrency, timeoutMs) {
  const inPhase = async (phase) =>
    (
      await ds.query(
        `SELECT count(*)::int AS n FROM unit_phase_progress WHERE campaign_id = $1 AND phase = $2 AND status = 'IN_PROGRESS'`,
        [campaignId, phase],
      )
    )[0].n;
  // The campaign covers every unit (R01); its read-model rows appear as each unit's workflow projects itself.
  const unitIds = (await ds.query(`SELECT id FROM unit`)).map((r) => r.id);
  await until('every unit in mobilisation', async () => (await inPhase('MOBILISATION')) >= unitIds.length, timeoutMs);
  const RECORD = `mutation($i: MobilisationRecordInput!) { recordMobilisation(input: $i) { unitId } }`;
  const records = unitIds.flatMap((unitId) => c.MOBILISATION_ITEMS.map((item) => ({ unitId, item })));
  await pool(records, concurrency, ({ unitId, item }) =>
    stack.graphql(
      RECORD,
      {
        i: {
          campaignId,
          unitId,
          idempotencyKey: `bench-${item}`,
          item,
          evidence: 'bench',
          attendance: item === 'MOBILISATION_MEETING' ? 10 : null,
        },
      },
      admin,
    ),
  );
  await until('every unit in screening', async () => (await inPhase('SCREENING')) >= unitIds.length, timeoutMs);
  // The gateway opens submission from each unit's projected state (its mobilisation records): wait for that too.
  const mobilised = async () =>
    (
      await ds.query(
        `SELECT count(*)::int AS n FROM unit_campaign WHERE campaign_id = $1 AND state -> 'mobilisation' ?& $2::text[]`,
        [campaignId, c.MOBILISATION_ITEMS],
      )
    )[0].n;
  await until('every unit’s mobilisation projected', async () => (await mobilised()) >= unitIds.length, timeoutMs);
}

/**
 * (c) Launch through the gateway, then every person's submission through the gateway (screening). `timeoutMs`
 * bounds each wait for the units (launch, mobilisation): a province-sized district on a loaded machine takes long.
 */
export async function districtBench(stack, ds, { year, concurrency, screen, timeoutMs = 600_000 }) {
  const admin = stack.token('office-admin');
  const campaignId = String(year);
  const [{ units, people }] = await ds.query(
    `SELECT (SELECT count(*)::int FROM unit) AS units, (SELECT count(*)::int FROM person) AS people`,
  );
  let t0 = now();
  // Mobilisation and screening open since yesterday, so units can record their mobilisation and then submit (R13).
  const yesterday = dateOf(Date.now() - 86_400_000);
  const calendar = defaultCalendar(year).map((w) =>
    w.phase === 'MOBILISATION' || w.phase === 'SCREENING' ? { ...w, startsOn: yesterday } : w,
  );
  await stack.graphql(
    `mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }`,
    { i: { year, calendar } },
    admin,
  );
  await until(
    'every unit workflow to run',
    async () => {
      const n = await stack.client.workflow.count(
        `WorkflowType = '${c.UNIT_CAMPAIGN_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`,
      );
      return n.count >= units;
    },
    timeoutMs,
  );
  const launchS = (now() - t0) / 1000;
  // Shown at once: a large district's run is long, and a reader should not wait for the end to see its launch.
  console.error(`[bench] launch of ${units + 1} workflows: ${round(launchS)} s`);
  await openScreening(stack, ds, campaignId, admin, concurrency, timeoutMs);
  const forms = await insertDraftForms(ds, campaignId, { limit: screen });
  const submitters = await ds.query(`SELECT p.id, p.code FROM person p WHERE p.id = ANY($1::uuid[])`, [
    forms.map((f) => f.personId),
  ]);
  const memory = [stack.memory()];
  const sampler = setInterval(() => memory.push(stack.memory()), 5_000);
  t0 = now();
  const latencies = await pool(submitters, concurrency, (p) =>
    stack.graphql(
      `mutation($c: ID!) { submitRiskForm(campaignId: $c, expectedVersion: 1) { status } }`,
      { c: campaignId },
      stack.token(p.code),
    ),
  );
  const screeningS = (now() - t0) / 1000;
  clearInterval(sampler);
  memory.push(stack.memory());
  const [{ inReview }] = await ds.query(
    `SELECT count(*)::int AS "inReview" FROM risk_form WHERE campaign_id = $1 AND status = 'SUBMITTED'`,
    [campaignId],
  );
  return {
    campaignId,
    units,
    people,
    screened: forms.length,
    launch: { wallS: round(launchS), workflows: units + 1, workflowsPerS: round((units + 1) / launchS) },
    screening: {
      concurrency,
      retriesAfterTimeout: stack.retries,
      wallS: round(screeningS),
      formsInReview: inReview,
      workflowsPerS: round(forms.length / screeningS),
      submitP50Ms: round(percentile(latencies, 50)),
      submitP99Ms: round(percentile(latencies, 99)),
    },
    memoryMiB: { samples: memory.length, first: memory[0], last: memory.at(-1) },
    workerRssSecondHalf: rssGrowth(memory.map((m) => m.worker.rss)),
  };
}

/**
 * Issue 17's flatness: the worker's RSS at the end of the run against its RSS halfway through (a cache that
 * fills up in the first half is expected; growth in the second half is a leak or an unbounded cache).
 */
function rssGrowth(samples) {
  const mid = samples[Math.floor((samples.length - 1) / 2)];
  const end = samples.at(-1);
  return { midMiB: mid, endMiB: end, growth: round(end / mid - 1), samples: samples.length };
}

/** Largest history (events) among the campaign's runs: the campaign, every unit and a sample of forms. */
export async function historySizes(stack, campaignId, forms) {
  const formIds = forms.map((f) => c.formReviewWorkflowId(f.campaignId, f.personId));
  const unitIds = [];
  for await (const wf of stack.client.workflow.list({ query: `WorkflowType = '${c.UNIT_CAMPAIGN_WORKFLOW_TYPE}'` }))
    unitIds.push(wf.workflowId);
  const sizes = async (list) => {
    let max = 0;
    for (const id of list)
      max = Math.max(max, (await stack.client.workflow.getHandle(id).fetchHistory()).events.length);
    return max;
  };
  return {
    campaign: await sizes([c.campaignWorkflowId(campaignId)]),
    unitMax: await sizes(unitIds),
    units: unitIds.length,
    formSample: formIds.length,
    formMax: await sizes(formIds),
  };
}

/** (b) GraphQL decideReviewTask round trips at each concurrency vs a bare executeUpdate. */
export async function decisionBench(stack, ds, { campaignId, levels, perLevel }) {
  const tasks = await ds.query(
    `SELECT t.id, f.version, p.code FROM review_task t JOIN risk_form f ON f.id = t.form_id JOIN person p ON p.id = t.assignees[1]
     WHERE t.campaign_id = $1 AND t.status = 'OPEN' AND t.step = 0 ORDER BY t.id LIMIT $2`,
    [campaignId, levels.reduce((s, l) => s + perLevel(l), 0)],
  );
  const run = randomBytes(3).toString('hex');
  const out = {};
  let offset = 0;
  for (const level of levels) {
    const batch = tasks.slice(offset, (offset += perLevel(level)));
    const ours = await pool(batch, level, (t) =>
      stack.graphql(
        `mutation($i: DecideInput!) { decideReviewTask(input: $i) { status } }`,
        {
          i: {
            taskId: t.id,
            decision: 'APPROVE',
            opinion: '同意',
            formVersion: t.version,
            idempotencyKey: `bench-${t.id}`,
          },
        },
        stack.token(t.code),
      ),
    );
    const bareIds = batch.map((_, i) => `bare-rtt:${run}:${level}:${i}`);
    await pool(bareIds, 20, async (id) => {
      const op = new WithStartWorkflowOperation('bareReviewWorkflow', {
        workflowId: id,
        taskQueue: 'bench-bare',
        args: [{ steps: 3 }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      await stack.client.workflow.executeUpdateWithStart('submitForm', {
        args: [{ key: 'submit' }],
        updateId: 'submit',
        startWorkflowOperation: op,
      });
    });
    const bare = await pool(bareIds, level, (id) =>
      stack.client.workflow
        .getHandle(id)
        .executeUpdate('decide', { args: [decideArgs('k0', 0, 'r', 1)], updateId: 'k0' }),
    );
    out[`concurrency${level}`] = {
      decisions: batch.length,
      oursP50Ms: round(percentile(ours, 50)),
      oursP99Ms: round(percentile(ours, 99)),
      bareP50Ms: round(percentile(bare, 50)),
      bareP99Ms: round(percentile(bare, 99)),
      p99Ratio: round(percentile(ours, 99) / percentile(bare, 99)),
    };
  }
  return { ...out, retriesAfterTimeout: stack.retries, target: 'p99 ≤ 2× bare' };
}

/**
 * Fault 7: `n` form reviews whose first step shares one deadline, on Temporal's time-skipping server (a
 * deadline is the end of a working day: only skipped time reaches it in a bench). Time is skipped to just
 * before the deadline, then across it; drain time is from crossing it until every escalation is recorded.
 */
export async function escalationStorm(ds, { databaseUrl, campaignId, n, concurrency }) {
  const workerDs = createDataSource({ url: databaseUrl, applicationName: 'pirm-bench-worker', poolSize: 20 });
  await workerDs.initialize();
  await upsertCampaignProjection(ds, {
    campaignId,
    year: Number(campaignId),
    status: 'RUNNING',
    currentPhase: 'SCREENING',
    calendar: [],
    rulesVersion: 1,
    launchedBy: 'bench',
    revision: 1,
  });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServer() } },
  });
  const worker = await createCampaignWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: 'storm',
    dataSource: workerDs,
    // The storm prints nothing: the font is never opened.
    print: { fontPath: process.env.PRINT_FONT_PATH ?? '', fontFace: 'WenQuanYiZenHei' },
    workflowBundle: await bundleWorkflows(),
    maxConcurrentActivities: 100,
  });
  const running = worker.run();
  try {
    const forms = await insertDraftForms(ds, campaignId, { limit: n });
    const chains = Object.fromEntries(
      await Promise.all(
        ['LEADERSHIP', 'MIDDLE_MANAGER', 'GENERAL_STAFF'].map(async (t) => [t, await findReviewChain(ds, t)]),
      ),
    );
    let t0 = now();
    let submitRetries = 0;
    await pool(forms, concurrency, async (form) => {
      // A reminder already due at submission is not sent: only the escalation timer stays armed.
      const input = c.formReviewInput(
        form,
        { ...chains[form.formType], stepDeadlineWorkingDays: 1, reminderWorkingDays: 10 },
        CHINA_HOLIDAYS,
      );
      const key = `submit:${form.id}:1`;
      const op = new WithStartWorkflowOperation(c.FORM_REVIEW_WORKFLOW_TYPE, {
        workflowId: c.formReviewWorkflowId(campaignId, form.personId),
        taskQueue: 'storm',
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      // The time-skipping server sometimes fails an update-with-start under load (a NullPointerException in its
      // gRPC layer); the call is idempotent (same workflow id, USE_EXISTING, same update id), so retry it.
      for (let attempt = 1; ; attempt++) {
        try {
          const retryOp =
            attempt === 1
              ? op
              : new WithStartWorkflowOperation(c.FORM_REVIEW_WORKFLOW_TYPE, {
                  workflowId: c.formReviewWorkflowId(campaignId, form.personId),
                  taskQueue: 'storm',
                  args: [input],
                  workflowIdConflictPolicy: 'USE_EXISTING',
                });
          await env.client.workflow.executeUpdateWithStart(c.submitFormUpdate, {
            args: [{ key, submittedBy: form.personId, revision: 1, formVersion: 1 }],
            updateId: key,
            startWorkflowOperation: retryOp,
          });
          return;
        } catch (err) {
          if (attempt >= 5) throw err;
          submitRetries += 1;
          await sleep(200 * attempt);
        }
      }
    });
    const setupS = (now() - t0) / 1000;
    const deadlines = await ds.query(
      `SELECT DISTINCT extract(epoch FROM due_at) * 1000 AS due FROM review_task WHERE campaign_id = $1`,
      [campaignId],
    );
    const due = Number(deadlines[0].due);
    await env.sleep(Math.max(0, due - (await env.currentTimeMs()) - 60_000));
    const escalated = async () =>
      (
        await ds.query(
          `SELECT count(DISTINCT form_id)::int AS n FROM notification WHERE kind = 'ESCALATION' AND form_id IN (SELECT id FROM risk_form WHERE campaign_id = $1)`,
          [campaignId],
        )
      )[0].n;
    const before = await escalated();
    t0 = now();
    await env.sleep(120_000);
    await until('every escalation', async () => (await escalated()) >= n, 3_600_000, 500);
    const drainS = (now() - t0) / 1000;
    // Exactly once: one ESCALATION event in each run's state, and one escalation notice per recipient.
    const sample = forms.filter((_, i) => i % Math.max(1, Math.floor(n / 200)) === 0);
    let events = 0;
    for (const f of sample) {
      const state = await env.client.workflow
        .getHandle(c.formReviewWorkflowId(campaignId, f.personId))
        .query(c.formReviewStateQuery);
      const e = state.events.filter((x) => x.kind === 'ESCALATION').length;
      if (e !== 1) throw new Error(`form ${f.id}: ${e} escalations`);
      events += e;
    }
    const [{ dupes }] = await ds.query(
      `SELECT count(*)::int AS dupes FROM (SELECT form_id, person_id FROM notification WHERE kind = 'ESCALATION' AND form_id IN (SELECT id FROM risk_form WHERE campaign_id = $1) GROUP BY 1, 2 HAVING count(*) > 1) d`,
      [campaignId],
    );
    return {
      server: 'temporal time-skipping test server',
      workflows: n,
      distinctDeadlines: deadlines.length,
      setupWallS: round(setupS),
      submitRetries,
      escalatedBeforeDeadline: before,
      escalatedForms: await escalated(),
      duplicateEscalationNotices: dupes,
      sampledRunsWithExactlyOneEscalation: `${events}/${sample.length}`,
      drainS: round(drainS),
      escalationsPerS: round(n / drainS),
    };
  } finally {
    worker.shutdown();
    await running;
    await env.teardown();
    await workerDs.destroy();
  }
}
