import { EnvReader } from '@pirm/domain';
import { readTemporalConfig, type TemporalConfig } from '@pirm/contracts';
import { readDatabaseConfig, type DatabaseConfig } from '@pirm/persistence';

export interface WorkerConfig {
  database: DatabaseConfig;
  temporal: TemporalConfig;
  /** Concurrent activity executions; each may hold a database connection. */
  maxConcurrentActivities: number;
  /** Runs kept in memory between their tasks (Temporal's sticky cache), which sets the worker's memory; unset: the SDK's default, from the heap limit. */
  maxCachedWorkflows?: number;
}

/** Reads and validates the worker's configuration once, at boot. */
export function loadWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const r = new EnvReader(env);
  const config: WorkerConfig = {
    database: readDatabaseConfig(r),
    temporal: readTemporalConfig(r),
    maxConcurrentActivities: r.int('WORKER_MAX_CONCURRENT_ACTIVITIES', 50, 1, 1000),
    maxCachedWorkflows: r.optional('WORKER_MAX_CACHED_WORKFLOWS') === undefined ? undefined : r.int('WORKER_MAX_CACHED_WORKFLOWS', 0, 2, 100_000),
  };
  r.done();
  return config;
}
