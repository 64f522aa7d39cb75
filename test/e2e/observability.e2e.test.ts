import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { issueToken } from '../../apps/gateway/src/tokens';
import { submitToFirstStep } from '../support/district';
import { TestStack } from '../support/gateway';
import { startService, type ServiceProcess } from '../support/processes';
import { campaignYear } from '../support/campaign';
import { launchWithScreeningOpen } from '../support/screening';
import { temporalAddress } from '../support/stack';
import { until } from '../support/wait';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../infra/ports.cjs') as { freePort: () => Promise<number> };

// A year derived from the test (claimed for the run), so no other file launches it on the shared server.
const YEAR = campaignYear('observability');
const DECIDE = `mutation($i: DecideInput!) { decideReviewTask(input: $i) { formVersion } }`;

/** The value of a Prometheus sample (`name{labels}`), summed over every series whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * Issue 16 "Observable", R09: after a reviewer's decision, the gateway's /metrics counts it by operation and
 * outcome and times the Temporal call, and the worker's /metrics (the SDK core's task metrics and the process
 * metrics) moved; the worker logs JSON lines with workflow ids and no person's name.
 */
describe('issue 16 R09: metrics and logs of the gateway and the worker after a decision', () => {
  const stack = new TestStack();
  let worker: ServiceProcess;
  let workerMetrics: string;
  const scrape = async (url: string) => (await fetch(url)).text();

  beforeAll(async () => {
    await stack.start();
    await stack.stopWorker(); // the worker runs as its own process, as `npm start` runs it
    const port = await freePort();
    worker = await startService({
      script: join(__dirname, '../../apps/worker/dist/main.js'),
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'debug', // the SDK logs a workflow's start and end, with its ids, at debug
        DATABASE_URL: stack.db.url,
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: stack.taskQueue,
        WORKER_METRICS_PORT: String(port),
      },
      ready: /polling task queue/,
    });
    workerMetrics = `http://127.0.0.1:${port}/metrics`;
    const root = await stack.person('metrics-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 2, people: 30, seed: 4 }));
    const imported = await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      root,
    );
    expect(imported.errors).toBeUndefined();
  });
  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await stack.stop();
  });

  it('counts and times the decision at the gateway, and the worker’s task metrics move', async () => {
    await launchWithScreeningOpen(stack, YEAR, ['s001'], stack.token('office-admin'));
    const task = await submitToFirstStep(stack, String(YEAR), 's001-0011', (c) => stack.token(c));
    const gatewayBefore = await scrape(`${stack.url}/metrics`);
    const workerBefore = await scrape(workerMetrics);

    const decided = await stack.graphql(
      DECIDE,
      {
        i: {
          taskId: task.taskId,
          idempotencyKey: 'metrics',
          decision: 'APPROVE',
          opinion: '同意',
          formVersion: task.formVersion,
        },
      },
      stack.token(task.reviewer),
    );
    expect(decided.errors).toBeUndefined();
    const refused = await stack.graphql('{ me { code } }'); // no token
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const gateway = await scrape(`${stack.url}/metrics`);
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sample(gateway, name, labels) - sample(gatewayBefore, name, labels);
    expect(moved('pirm_graphql_requests_total', { operation: 'decideReviewTask', outcome: 'OK' })).toBe(1);
    expect(moved('pirm_graphql_requests_total', { operation: 'me', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(moved('pirm_graphql_request_duration_seconds_count', { operation: 'decideReviewTask' })).toBe(1);
    expect(moved('pirm_temporal_call_duration_seconds_count', { outcome: 'OK' })).toBeGreaterThanOrEqual(1);
    expect(sample(gateway, 'pirm_gateway_process_resident_memory_bytes')).toBeGreaterThan(0);

    const after = await scrape(workerMetrics);
    const workerMoved = (name: string) => sample(after, name) - sample(workerBefore, name);
    expect(workerMoved('temporal_workflow_task_execution_latency_count')).toBeGreaterThan(0);
    expect(after).toContain('temporal_worker_task_slots_available');
    expect(sample(after, 'pirm_worker_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('the gateway logs one JSON line per request with its id, operation and the caller’s 工号, never the token', async () => {
    const secret = randomBytes(32).toString('hex');
    const gateway = await startService({
      script: join(__dirname, '../support/gateway-process.cjs'),
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL: stack.db.url,
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: stack.taskQueue,
        AUTH_JWT_SECRET: secret,
        AUTH_JWKS_URL: '',
      },
      ready: /gateway listening on /,
    });
    try {
      const url = /gateway listening on (\S+)/.exec(gateway.output())![1]!;
      const token = issueToken({ jwtSecret: secret, issuer: 'pirm', audience: 'pirm-gateway' }, 'metrics-admin');
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'obs-req-1' },
        body: JSON.stringify({ query: '{ me { code } }' }),
      });
      expect(res.headers.get('x-request-id')).toBe('obs-req-1');
      const line = await until('the request’s log line', () =>
        gateway
          .output()
          .split('\n')
          .find((l) => l.includes('"obs-req-1"')),
      );
      expect(JSON.parse(line)).toMatchObject({ req: { id: 'obs-req-1' }, operation: 'me', caller: 'metrics-admin' });
      expect(gateway.output()).not.toContain(token);
    } finally {
      await gateway.kill('SIGTERM');
    }
  });

  it('the worker logs JSON lines carrying workflow ids and no names', () => {
    const lines = worker
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => typeof l.level === 'number' && typeof l.time === 'number')).toBe(true);
    expect(lines.some((l) => typeof l.workflowId === 'string')).toBe(true);
    expect(lines.some((l) => JSON.stringify(l).includes('"name":'))).toBe(false);
  });
});
