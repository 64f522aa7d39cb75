import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A dependency's probe: resolves when it answers. */
export type Check = () => Promise<unknown>;

/** Each probe gets this long, so a hanging dependency reads as down and the answer still comes fast. */
const PROBE_TIMEOUT_MS = 2_000;

async function probe(check: Check): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The worker's probes over HTTP, as the gateway's: `/health/live` answers while the process's event loop turns
 * (never asking a dependency, so an outage does not restart every worker); `/health/ready` is 503 naming each
 * part that is down.
 */
export async function serveWorkerHealth(
  host: string,
  port: number,
  checks: Record<string, Check>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'GET') return reply(405, { status: 'method not allowed' });
    if (req.url === '/health/live') return reply(200, { status: 'ok' });
    if (req.url !== '/health/ready' && req.url !== '/health') return reply(404, { status: 'not found' });
    const names = Object.keys(checks);
    void Promise.all(names.map((n) => probe(checks[n]!))).then((states) => {
      const ok = states.every((s) => s === 'up');
      reply(ok ? 200 : 503, {
        status: ok ? 'ok' : 'degraded',
        ...Object.fromEntries(names.map((n, i) => [n, states[i]])),
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { address, port: bound } = server.address() as AddressInfo;
  return { server, url: `http://${address.includes(':') ? `[${address}]` : address}:${bound}` };
}
