import { EnvReader } from '@pirm/domain';
import { readMigrationUrl } from '../config';
import { createDataSource, runMigrations } from '../data-source';

/**
 * `node libs/persistence/dist/cli/migrate.js`: applies pending migrations as the schema's owner,
 * DATABASE_MIGRATION_URL (the service's own DATABASE_URL role may not change the schema), else DATABASE_URL.
 */
async function main(): Promise<void> {
  const env = new EnvReader(process.env);
  const url = readMigrationUrl(env);
  env.done();
  const ds = createDataSource({ url, applicationName: 'pirm-migrate', poolSize: 1 });
  await ds.initialize();
  try {
    const applied = await runMigrations(ds);
    console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
