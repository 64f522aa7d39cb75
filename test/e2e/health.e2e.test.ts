import { TestStack } from '../support/gateway';
import { until } from '../support/wait';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../infra/ports.cjs') as { freePort(): Promise<number> };

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe('issue 16: liveness and readiness of the gateway', () => {
  const stack = new TestStack();

  beforeAll(() => stack.start());
  afterAll(() => stack.stop());

  it('is live and ready while PostgreSQL and Temporal answer', async () => {
    expect(await get(`${stack.url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(`${stack.url}/health/ready`)).toEqual({
      status: 200,
      body: { status: 'ok', database: 'up', temporal: 'up' },
    });
  });

  it('issue 16 closes its own database connections when it shuts down, not when PostgreSQL times them out', async () => {
    const gatewayBackends = async (): Promise<number[]> =>
      (
        await stack.db.dataSource.query(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'pirm-gateway' AND datname = current_database()`,
        )
      ).map((r: { pid: number }) => r.pid);
    expect((await get(`${stack.url}/health/ready`)).status).toBe(200);
    const before = await gatewayBackends();
    expect(before.length).toBeGreaterThan(0);
    await stack.restartGateway();
    // Well inside the pool's 10 s idle timeout, which would otherwise end them.
    await until(
      'the old gateway’s connections to end',
      async () => ((await gatewayBackends()).some((pid) => before.includes(pid)) ? undefined : true),
      2_000,
    );
  });

  it('is not ready (503, naming Temporal) but still live while Temporal is unreachable', async () => {
    // Nothing listens on a port just found free: the gateway's lazy connection cannot reach Temporal.
    process.env.TEMPORAL_ADDRESS = `127.0.0.1:${await freePort()}`;
    await stack.restartGateway();
    const down = { status: 503, body: { status: 'degraded', database: 'up', temporal: 'down' } };
    expect(await get(`${stack.url}/health/ready`)).toEqual(down);
    expect(await get(`${stack.url}/health`)).toEqual(down);
    expect(await get(`${stack.url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
