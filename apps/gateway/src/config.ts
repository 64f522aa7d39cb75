import { EnvReader } from '@pirm/domain';
import { readTemporalConfig, type TemporalConfig } from '@pirm/contracts';
import { readDatabaseConfig, type DatabaseConfig } from '@pirm/persistence';
import { readTokenSettings, type TokenSettings } from './tokens';

export type RuntimeEnv = 'development' | 'test' | 'production';

export interface GatewayConfig {
  env: RuntimeEnv;
  port: number;
  database: DatabaseConfig;
  temporal: TemporalConfig;
  /** Largest accepted request body, e.g. '16mb'. */
  bodyLimit: string;
  /** Deadline for every call from a GraphQL request into Temporal. */
  temporalRpcTimeoutMs: number;
  auth: TokenSettings;
}

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const r = new EnvReader(env);
  const config: GatewayConfig = {
    env: r.oneOf('NODE_ENV', ['development', 'test', 'production'], 'development'),
    port: r.int('PORT', 3000, 0, 65535),
    database: readDatabaseConfig(r),
    temporal: readTemporalConfig(r),
    bodyLimit: r.string('HTTP_BODY_LIMIT', '16mb'),
    temporalRpcTimeoutMs: r.int('TEMPORAL_RPC_TIMEOUT_MS', 10_000, 100, 120_000),
    auth: readTokenSettings(r),
  };
  r.check('HTTP_BODY_LIMIT', /^\d+(kb|mb)$/.test(config.bodyLimit), "must look like '512kb' or '8mb'");
  r.done();
  return config;
}
