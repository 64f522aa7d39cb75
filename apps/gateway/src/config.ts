import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import proxyAddr from 'proxy-addr';
import { EnvReader, type EnvVariables } from '@pirm/domain';
import { readTemporalConfig, type TemporalConfig } from '@pirm/contracts';
import {
  readDatabaseConfig,
  readExportStorageConfig,
  type DatabaseConfig,
  type ExportStorageConfig,
} from '@pirm/persistence';
import { readAccessTokenSettings, type AccessTokenSettings } from './access-tokens/settings';
import { readTrustedDocuments, type TrustedDocumentMap } from './graphql/document-manifest';
import { readTokenSettings, type TokenSettings } from './tokens';

export type RuntimeEnv = 'development' | 'test' | 'production';

export interface GatewayConfig {
  env: RuntimeEnv;
  port: number;
  /** The interface the gateway listens on; loopback unless an operator opens it. */
  host: string;
  database: DatabaseConfig;
  temporal: TemporalConfig;
  /** Largest request body, e.g. '256kb', for every caller but the office importing a roster. */
  bodyLimit: string;
  /** Largest body of a request whose bearer is a district office administrator (roster files arrive base64-encoded). */
  importBodyLimit: string;
  /** After SIGTERM/SIGINT the process exits within this, whether or not the graceful shutdown finished. */
  shutdownDeadlineMs: number;
  /** Deadline for every call from a GraphQL request into Temporal. */
  temporalRpcTimeoutMs: number;
  auth: TokenSettings;
  exports: ExportConfig;
  /** Personal access tokens: their longest expiry and their rate limit. */
  accessTokens: AccessTokenSettings;
  /**
   * The reverse proxies (addresses, CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`) whose
   * X-Forwarded-For names the client; empty: the socket's address is the client's.
   */
  trustedProxies: string[];
  /** pino's level for the JSON logs (requests are logged at info). */
  logLevel: LogLevel;
  /** 催办: a task's reviewers are nudged at most once per this many hours (issue 18). */
  nudgeIntervalHours: number;
  /** The console's registered documents by hash: all an anonymous caller may run in production (issue 20). */
  trustedDocuments: TrustedDocumentMap;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Printing and exports (R21, R23): the worker renders the files (and reads the font); the gateway hands out their links. */
export interface ExportConfig {
  /** How long a finished export's download link works. */
  linkTtlMinutes: number;
  /** Where the files are: the store the workers write them to. */
  storage: ExportStorageConfig;
}

/** Reads and validates the gateway's configuration once, at boot; a bad value throws naming every bad variable. */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const r = new EnvReader(env);
  const config = readGatewayConfig(r);
  r.done();
  return config;
}

/** The variables the gateway reads and those it requires (the deployment files are checked against them). */
export function gatewayVariables(): EnvVariables {
  const r = new EnvReader({});
  readGatewayConfig(r);
  return r.variables();
}

function readGatewayConfig(r: EnvReader): GatewayConfig {
  const env = r.oneOf<RuntimeEnv>('NODE_ENV', ['development', 'test', 'production'], 'development');
  const config: GatewayConfig = {
    env,
    port: r.int('PORT', 3000, 0, 65535),
    host: r.string('HOST', '127.0.0.1'),
    database: readDatabaseConfig(r),
    temporal: readTemporalConfig(r, readFileSync),
    bodyLimit: r.string('HTTP_BODY_LIMIT', '256kb'),
    importBodyLimit: r.string('HTTP_IMPORT_BODY_LIMIT', '16mb'),
    shutdownDeadlineMs: r.int('SHUTDOWN_DEADLINE_MS', 10_000, 100, 300_000),
    temporalRpcTimeoutMs: r.int('TEMPORAL_RPC_TIMEOUT_MS', 10_000, 100, 120_000),
    auth: readTokenSettings(r),
    exports: {
      linkTtlMinutes: r.int('EXPORT_LINK_TTL_MINUTES', 60, 1, 7 * 24 * 60),
      storage: readExportStorageConfig(r),
    },
    accessTokens: readAccessTokenSettings(r),
    trustedProxies: r
      .string('TRUSTED_PROXIES', '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    logLevel: LOG_LEVELS[0],
    nudgeIntervalHours: r.int('NUDGE_INTERVAL_HOURS', 24, 1, 720),
    trustedDocuments: readTrustedDocuments(r, env === 'production'),
  };
  // Tests keep their output to warnings and errors unless asked for more.
  config.logLevel = r.oneOf('LOG_LEVEL', LOG_LEVELS, config.env === 'test' ? 'warn' : 'info');
  r.check('HTTP_BODY_LIMIT', /^\d+(kb|mb)$/.test(config.bodyLimit), "must look like '512kb' or '8mb'");
  r.check('HTTP_IMPORT_BODY_LIMIT', /^\d+(kb|mb)$/.test(config.importBodyLimit), "must look like '512kb' or '8mb'");
  r.check(
    'HOST',
    isIP(config.host) !== 0 || config.host === 'localhost',
    'must be an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every interface) or localhost',
  );
  r.check(
    'TRUSTED_PROXIES',
    compiles(config.trustedProxies),
    "must be comma-separated IP addresses or CIDR ranges (or 'loopback', 'linklocal', 'uniquelocal')",
  );
  return config;
}

function compiles(proxies: string[]): boolean {
  try {
    proxyAddr.compile(proxies);
    return true;
  } catch {
    return false;
  }
}
