import { type EnvReader } from '@pirm/domain';

export interface DatabaseConfig {
  url: string;
  poolSize: number;
}

export function readDatabaseConfig(env: EnvReader): DatabaseConfig {
  const url = env.string('DATABASE_URL');
  env.check('DATABASE_URL', !url || /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// URL');
  return { url, poolSize: env.int('DATABASE_POOL_SIZE', 10, 1, 200) };
}
