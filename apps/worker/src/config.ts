import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvReader, type EnvVariables } from '@pirm/domain';
import { readTemporalConfig, type TemporalConfig } from '@pirm/contracts';
import type { PrintConfig } from '@pirm/activities';
import { readDatabaseConfig, type DatabaseConfig } from '@pirm/persistence';

export interface WorkerConfig {
  database: DatabaseConfig;
  temporal: TemporalConfig;
  /** Concurrent activity executions; each may hold a database connection. */
  maxConcurrentActivities: number;
  /**
   * Runs kept in memory between their tasks (Temporal's sticky cache, ~0.4 MiB each here), which sets the
   * worker's memory. 500 keeps it near 500 MiB; an evicted run replays its history (< 100 events) on its next task.
   */
  maxCachedWorkflows: number;
  /** pino's level for the JSON logs. */
  logLevel: (typeof LOG_LEVELS)[number];
  /** Port of the worker's Prometheus endpoint; 0 serves none. */
  metricsPort: number;
  /** Interface of that endpoint (loopback unless an operator opens it, as the gateway's HOST). */
  metricsHost: string;
  /** `/health/live` and `/health/ready` over HTTP on this port (0: none, the default). */
  healthPort: number;
  healthHost: string;
  /** The CJK font of printed forms (R23): the worker renders exports. */
  print: PrintConfig;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// src/ and dist/ both sit two folders below the repository root.
const repoRoot = resolve(__dirname, '../../..');

/** Reads and validates the worker's configuration once, at boot. */
export function loadWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const r = new EnvReader(env);
  const config = readWorkerConfig(r);
  r.done();
  return config;
}

/** The variables the worker reads and those it requires (the deployment files are checked against them). */
export function workerVariables(): EnvVariables {
  const r = new EnvReader({});
  readWorkerConfig(r);
  return r.variables();
}

function readWorkerConfig(r: EnvReader): WorkerConfig {
  return {
    database: readDatabaseConfig(r),
    temporal: readTemporalConfig(r, readFileSync),
    maxConcurrentActivities: r.int('WORKER_MAX_CONCURRENT_ACTIVITIES', 50, 1, 1000),
    maxCachedWorkflows: r.int('WORKER_MAX_CACHED_WORKFLOWS', 500, 2, 100_000),
    healthPort: r.int('WORKER_HEALTH_PORT', 0, 0, 65535),
    healthHost: r.string('WORKER_HEALTH_HOST', '127.0.0.1'),
    // Info in tests too: tests that start the worker process wait for its info line "polling task queue".
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    metricsPort: r.int('WORKER_METRICS_PORT', 0, 0, 65535),
    metricsHost: r.string('WORKER_METRICS_HOST', '127.0.0.1'),
    print: readPrintConfig(r),
  };
}

/** The font of printed forms; infra/font.mjs provisions the default one. Checked here so a missing font stops the boot, not an export. */
function readPrintConfig(r: EnvReader): PrintConfig {
  const print = {
    fontPath: r.string('PRINT_FONT_PATH', join(repoRoot, '.cache/fonts/wqy-zenhei.ttc')),
    fontFace: r.string('PRINT_FONT_FACE', 'WenQuanYiZenHei'),
  };
  r.check(
    'PRINT_FONT_PATH',
    existsSync(print.fontPath),
    `no font at ${print.fontPath}: run npm run font:install, or point it at a CJK .ttf/.ttc`,
  );
  return print;
}

/** The print settings alone (for tests that assemble a worker in process). */
export function loadPrintConfig(env: Record<string, string | undefined> = process.env): PrintConfig {
  const r = new EnvReader(env);
  const print = readPrintConfig(r);
  r.done();
  return print;
}
