import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvReader, type EnvVariables } from '@pirm/domain';
import { readTemporalConfig, type TemporalConfig } from '@pirm/contracts';
import type { PrintConfig } from '@pirm/activities';
import {
  readDatabaseConfig,
  readExportStorageConfig,
  type DatabaseConfig,
  type ExportStorageConfig,
} from '@pirm/persistence';
import type { RelayConfig, RobotConfig } from '@pirm/activities';

export interface WorkerConfig {
  database: DatabaseConfig;
  temporal: TemporalConfig;
  /** Where the export files it renders go: the store the gateways serve them from. */
  exportStorage: ExportStorageConfig;
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
  /** The notification relay (issue 18); null when NOTIFY_RELAY=false (another worker relays). */
  relay: (RelayConfig & { heartbeatSeconds: number }) | null;
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
    exportStorage: readExportStorageConfig(r),
    maxConcurrentActivities: r.int('WORKER_MAX_CONCURRENT_ACTIVITIES', 50, 1, 1000),
    maxCachedWorkflows: r.int('WORKER_MAX_CACHED_WORKFLOWS', 500, 2, 100_000),
    healthPort: r.int('WORKER_HEALTH_PORT', 0, 0, 65535),
    healthHost: r.string('WORKER_HEALTH_HOST', '127.0.0.1'),
    // Info in tests too: tests that start the worker process wait for its info line "polling task queue".
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    metricsPort: r.int('WORKER_METRICS_PORT', 0, 0, 65535),
    metricsHost: r.string('WORKER_METRICS_HOST', '127.0.0.1'),
    print: readPrintConfig(r),
    relay: readRelayConfig(r),
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

const isHttpUrl = (v: string, protocols: string[]): boolean => {
  try {
    return protocols.includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** NOTIFY_ROBOTS: a JSON array of {group, kind, url, secret?}; every problem is reported with its index. */
function readRobots(r: EnvReader): RobotConfig[] {
  const raw = r.optional('NOTIFY_ROBOTS');
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    r.check('NOTIFY_ROBOTS', false, 'must be a JSON array of {"group","kind","url","secret"?}');
    return [];
  }
  if (!Array.isArray(parsed)) {
    r.check('NOTIFY_ROBOTS', false, 'must be a JSON array');
    return [];
  }
  return parsed.flatMap((item: Record<string, unknown>, i): RobotConfig[] => {
    const at = `NOTIFY_ROBOTS[${i}]`;
    const { group, kind, url, secret } = item ?? {};
    const ok =
      typeof group === 'string' &&
      /^[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)?$/.test(group) &&
      (kind === 'WECOM' || kind === 'DINGTALK') &&
      typeof url === 'string' &&
      isHttpUrl(url, ['https:', 'http:']) &&
      (secret === undefined || secret === null || typeof secret === 'string');
    r.check(
      at,
      ok,
      'needs group ("unit" or "unit/department code"), kind (WECOM or DINGTALK), an http(s) url, and an optional secret',
    );
    return ok ? [{ group, kind, url, secret: (secret as string | null | undefined) ?? null }] : [];
  });
}

function readRelayConfig(r: EnvReader): WorkerConfig['relay'] {
  const enabled = r.bool('NOTIFY_RELAY', true);
  const consoleUrl = r.string('NOTIFY_CONSOLE_URL', 'http://localhost:3000');
  r.check(
    'NOTIFY_CONSOLE_URL',
    isHttpUrl(consoleUrl, ['http:', 'https:']),
    'must be an http(s) URL (the console, for links)',
  );
  const smtpUrl = r.optional('SMTP_URL');
  const smtpFrom = r.optional('SMTP_FROM');
  if (smtpUrl) {
    r.check('SMTP_URL', isHttpUrl(smtpUrl, ['smtp:', 'smtps:']), 'must be smtp://user:password@host:port or smtps://…');
    r.check('SMTP_FROM', Boolean(smtpFrom), 'is required with SMTP_URL (e.g. 廉政风险防控 <noreply@edu.example.cn>)');
  }
  const smsUrl = r.optional('SMS_WEBHOOK_URL');
  const smsToken = r.optional('SMS_WEBHOOK_TOKEN') ?? null;
  if (smsUrl) r.check('SMS_WEBHOOK_URL', isHttpUrl(smsUrl, ['http:', 'https:']), 'must be an http(s) URL');
  const robots = readRobots(r);
  const sendTimeoutMs = r.int('NOTIFY_SEND_TIMEOUT_MS', 15_000, 100, 120_000);
  const leaseMs = r.int('NOTIFY_LEASE_SECONDS', 120, 1, 3_600) * 1000;
  r.check('NOTIFY_LEASE_SECONDS', leaseMs > sendTimeoutMs, 'must be longer than NOTIFY_SEND_TIMEOUT_MS');
  const baseMs = r.int('NOTIFY_BACKOFF_BASE_MS', 30_000, 10, 3_600_000);
  const maxMs = r.int('NOTIFY_BACKOFF_MAX_MS', 3_600_000, 10, 86_400_000);
  r.check('NOTIFY_BACKOFF_MAX_MS', maxMs >= baseMs, 'must not be below NOTIFY_BACKOFF_BASE_MS');
  const config = {
    consoleUrl,
    smtp: smtpUrl ? { url: smtpUrl, from: smtpFrom ?? '' } : null,
    sms: smsUrl ? { url: smsUrl, token: smsToken } : null,
    robots,
    sendTimeoutMs,
    retry: { maxAttempts: r.int('NOTIFY_MAX_ATTEMPTS', 8, 1, 100), baseMs, maxMs },
    passMs: r.int('NOTIFY_PASS_SECONDS', 300, 1, 1_200) * 1000,
    pollMs: r.int('NOTIFY_POLL_MS', 2_000, 50, 60_000),
    leaseMs,
    batch: r.int('NOTIFY_BATCH', 20, 1, 500),
    heartbeatSeconds: r.int('NOTIFY_HEARTBEAT_SECONDS', 30, 2, 600),
  };
  return enabled ? config : null;
}
