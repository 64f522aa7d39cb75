import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { LoggerService } from '@nestjs/common';
import { DefaultLogger, Runtime, type LogLevel as SdkLogLevel } from '@temporalio/worker';
import pino, { type Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { WorkerConfig } from './config';

/** JSON logs in the gateway's format; the SDK's workflow and activity log lines carry their workflow ids. */
export function workerLogger(config: WorkerConfig): Logger {
  return pino({ level: config.logLevel, base: { process: 'worker' } });
}

/** Nest's own messages (boot, shutdown) through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}
  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }
}

const SDK_LEVEL: Record<string, SdkLogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Installs the Temporal runtime with the pino logger and, when WORKER_METRICS_PORT is set, serves `/metrics`
 * there: the SDK core's own metrics (task latencies, slots, sticky cache; its Prometheus exporter listens on
 * a loopback port of its own) followed by the process metrics of prom-client. Must run before any connection.
 */
export async function installRuntime(config: WorkerConfig, log: Logger): Promise<Server | null> {
  const corePort = config.metricsPort ? await freeLoopbackPort() : null;
  Runtime.install({
    logger: new DefaultLogger(SDK_LEVEL[config.logLevel] ?? 'INFO', ({ level, message, meta }) => {
      const method = level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error');
      log[method](meta ?? {}, message);
    }),
    telemetryOptions: corePort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${corePort}` } } } : {},
  });
  if (!corePort) return null;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pirm_worker_' });
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void Promise.all([fetch(`http://127.0.0.1:${corePort}/metrics`).then((r) => r.text()), registry.metrics()]).then(
      ([core, process]) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(`${core}\n${process}`),
      (err: unknown) => res.writeHead(503).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => server.listen(config.metricsPort, config.metricsHost, resolve));
  log.info({ port: config.metricsPort }, 'worker metrics on /metrics');
  return server;
}
