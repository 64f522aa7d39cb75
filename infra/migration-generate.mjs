// `npm run migration:generate -- <Name>`: writes a TypeORM migration with the SQL that brings a database
// migrated to the current migrations up to the current entities. It uses a throwaway embedded PostgreSQL,
// so it needs no running database. Review the generated SQL before committing it.
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './paths.mjs';
import { freePort } from './ports.cjs';
import { ensureDatabase, startEmbeddedPostgres } from './postgres.mjs';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
  console.error('usage: npm run migration:generate -- <PascalCaseName>');
  process.exit(2);
}
const { createDataSource, runMigrations } = createRequire(import.meta.url)(
  join(root, 'libs/persistence/dist/index.js'),
);
const work = mkdtempSync(join(tmpdir(), 'pirm-migration-'));
chmodSync(work, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), port: await freePort(), database: 'postgres' });
try {
  await ensureDatabase(pg.adminUrl, 'gen');
  const ds = createDataSource({
    url: pg.adminUrl.replace(/\/postgres$/, '/gen'),
    applicationName: 'pirm-migration-generate',
    poolSize: 1,
  });
  await ds.initialize();
  await runMigrations(ds);
  const { upQueries, downQueries } = await ds.driver.createSchemaBuilder().log();
  await ds.destroy();
  if (!upQueries.length) {
    console.log('entities and migrations agree: nothing to generate');
  } else {
    const ts = Date.now();
    const q = (list) =>
      list
        .map(
          (x) =>
            `    await q.query(${JSON.stringify(x.query)}${x.parameters?.length ? `, ${JSON.stringify(x.parameters)}` : ''});`,
        )
        .join('\n');
    const file = join(
      root,
      'libs/persistence/src/migrations',
      `${ts}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
    );
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${ts} implements MigrationInterface {\n  name = '${name}${ts}';\n\n  async up(q: QueryRunner): Promise<void> {\n${q(upQueries)}\n  }\n\n  async down(q: QueryRunner): Promise<void> {\n${q([...downQueries].reverse())}\n  }\n}\n`,
    );
    console.log(`wrote ${file}: add ${name}${ts} to MIGRATIONS in libs/persistence/src/data-source.ts`);
  }
} finally {
  await pg.stop();
  rmSync(work, { recursive: true, force: true });
}
