import { EnvReader, type EnvVariables } from '@pirm/domain';

export interface DatabaseConfig {
  url: string;
  poolSize: number;
}

export function readDatabaseConfig(env: EnvReader): DatabaseConfig {
  const url = env.string('DATABASE_URL');
  env.check('DATABASE_URL', !url || /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// URL');
  return { url, poolSize: env.int('DATABASE_POOL_SIZE', 10, 1, 200) };
}

/**
 * The migration tool's database: the role that owns the schema (DATABASE_MIGRATION_URL), else DATABASE_URL
 * (the service's own role may not change the schema).
 */
export function readMigrationUrl(env: EnvReader): string {
  const url = env.optional('DATABASE_MIGRATION_URL') ?? env.optional('DATABASE_URL');
  env.check('DATABASE_MIGRATION_URL', url !== undefined, 'is required (or DATABASE_URL)');
  env.check('DATABASE_MIGRATION_URL', !url || /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// URL');
  return url ?? '';
}

/** The variables the migration tool reads (the deployment files are checked against them). */
export function migrationVariables(): EnvVariables {
  const r = new EnvReader({});
  readMigrationUrl(r);
  return r.variables();
}
