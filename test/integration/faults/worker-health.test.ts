import { join } from 'node:path';
import { startService, type ServiceProcess } from '../../support/processes';
import { createTestDatabase, temporalAddress, uniqueName, type TestDatabase } from '../../support/stack';
import { until } from '../../support/wait';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../../infra/ports.cjs') as { freePort(): Promise<number> };

const WORKER_SCRIPT = join(__dirname, '../../../apps/worker/dist/main.js');

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

/** Issue 16: the worker process's probes on WORKER_HEALTH_PORT, for Kubernetes. */
describe('issue 16: liveness and readiness of the worker', () => {
  let db: TestDatabase;
  let worker: ServiceProcess | undefined;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    worker = await startService({
      script: WORKER_SCRIPT,
      env: {
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: uniqueName('health'),
        WORKER_HEALTH_PORT: String(port),
      },
      ready: /health on http:\/\/127\.0\.0\.1:\d+/,
    });
  });
  afterAll(async () => {
    await worker?.kill();
    await db?.drop();
  });

  it('is live and ready while it polls and PostgreSQL and Temporal answer', async () => {
    expect(await get(`${url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(`${url}/health/ready`)).toEqual({
      status: 200,
      body: { status: 'ok', database: 'up', temporal: 'up', worker: 'up' },
    });
  });

  it('is not ready (503, naming PostgreSQL) but still live once its database is gone', async () => {
    await db.drop();
    await until('readiness to fail', async () => (await get(`${url}/health/ready`)).status === 503, 10_000);
    expect(await get(`${url}/health/ready`)).toEqual({
      status: 503,
      body: { status: 'degraded', database: 'down', temporal: 'up', worker: 'up' },
    });
    expect(await get(`${url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
