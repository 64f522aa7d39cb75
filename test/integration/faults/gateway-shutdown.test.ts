import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startService, type ServiceProcess } from '../../support/processes';
import { createTestDatabase, temporalAddress, type TestDatabase } from '../../support/stack';
import { within } from '../../support/wait';

const MAIN = join(__dirname, '../../../apps/gateway/dist/main.js');

/**
 * Issue 13 points 8 and 11 with the production entry point as a process of its own: it listens on loopback
 * unless HOST says otherwise, and after SIGTERM it exits within SHUTDOWN_DEADLINE_MS even when the graceful
 * shutdown cannot finish (here: a request whose body never arrives keeps the HTTP server from closing).
 */
describe('issue 13: the gateway process binds HOST and exits within its shutdown deadline', () => {
  let db: TestDatabase;
  let gateway: ServiceProcess | undefined;
  const env = () => ({ NODE_ENV: 'test', DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporalAddress(), AUTH_JWT_SECRET: randomBytes(32).toString('hex'), AUTH_JWKS_URL: '', PORT: '0' });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await gateway?.kill();
    await db?.drop();
  });

  it('issue 13.8 issue 13.11 listens on 127.0.0.1 by default; a hung shutdown still ends within the deadline after SIGTERM', async () => {
    gateway = await startService({ script: MAIN, env: { ...env(), SHUTDOWN_DEADLINE_MS: '2000' }, ready: /gateway listening on /, timeoutMs: 60_000 });
    const url = new URL(/gateway listening on (\S+)/.exec(gateway.output())![1]!);
    expect(url.hostname).toBe('127.0.0.1');
    expect((await fetch(`${url.origin}/health`)).status).toBeLessThan(500);

    // A request that announces a body and never sends it: the server cannot close while it is open.
    const socket = connect(Number(url.port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`POST /graphql HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":`);
    socket.on('error', () => undefined);

    const t0 = Date.now();
    gateway.proc.kill('SIGTERM');
    const exit = await within('the gateway to exit after SIGTERM', gateway.exited, 15_000);
    gateway = undefined;
    socket.destroy();
    expect(exit).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('issue 13.11 the shutdown deadline and HOST are validated at boot', () => {
    const boot = spawnSync(process.execPath, [MAIN], { env: { ...process.env, ...env(), SHUTDOWN_DEADLINE_MS: 'soon', HOST: 'every-interface' }, encoding: 'utf8', timeout: 60_000 });
    expect(boot.status).toBe(1);
    expect(boot.stdout + boot.stderr).toMatch(/SHUTDOWN_DEADLINE_MS .*HOST must be an IP address/s);
  });
});
