import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { appendAudit } from '@pirm/persistence';
import { createTestDatabase, uniqueName, type TestDatabase } from '../../support/stack';

/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS launchers without types */
const { freePort } = require('../../../infra/ports.cjs') as { freePort(): Promise<number> };
const { startTemporalDevServer } = require('../../../infra/temporal-server.cjs') as {
  startTemporalDevServer(o: {
    cli: string;
    port: number;
    dbFile: string;
    searchAttributes: string[];
    logFile: string;
  }): Promise<{ stop(): Promise<void> }>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const root = join(__dirname, '../../..');

async function asClient<T>(url: string, fn: (c: PgClient) => Promise<T>): Promise<T> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Issue 13.8: the services connect as `pirm_app`, which reads and writes rows but owns nothing, so the
 * insert-only triggers of the audit trail and the archive hold against it; migrations run as `pirm_owner`.
 */
describe('issue 13.8 the service’s database role changes rows, never the schema', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.transaction((tx) =>
      appendAudit(tx, {
        chain: 'district',
        actor: 'office-admin',
        role: null,
        action: 'TEST',
        target: 'x',
        after: { a: 1 },
        key: uniqueName('k'),
      }),
    );
  });
  afterAll(() => db?.drop());

  it('issue 13.8 the app role cannot disable the audit or archive trigger, alter a table, or update and delete an audit record', async () => {
    const ds = db.dataSource;
    expect(
      await ds.query(`SELECT current_user AS who, rolsuper AS super FROM pg_roles WHERE rolname = current_user`),
    ).toEqual([{ who: 'pirm_app', super: false }]);
    await expect(ds.query(`ALTER TABLE audit_record DISABLE TRIGGER trg_audit_record_insert_only`)).rejects.toThrow(
      /must be owner/,
    );
    await expect(ds.query(`ALTER TABLE audit_record DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    await expect(ds.query(`ALTER TABLE risk_archive DISABLE TRIGGER trg_risk_archive_immutable`)).rejects.toThrow(
      /must be owner/,
    );
    await expect(ds.query(`DROP TRIGGER trg_audit_record_insert_only ON audit_record`)).rejects.toThrow(
      /must be owner/,
    );
    await expect(ds.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
    await expect(ds.query(`CREATE TABLE intruder (x int)`)).rejects.toThrow(/permission denied/);
    await expect(ds.query(`UPDATE audit_record SET actor = 'someone-else'`)).rejects.toThrow(/immutable/);
    await expect(ds.query(`DELETE FROM audit_record`)).rejects.toThrow(/immutable/);
    expect((await ds.query(`SELECT count(*)::int AS n FROM audit_record WHERE actor = 'office-admin'`))[0].n).toBe(1);
  });

  it('issue 13.8 a table a later migration creates (as the owner) is the app role’s to read and write, by default privileges', async () => {
    await asClient(db.ownerUrl, (c) => c.query(`CREATE TABLE later_table (id serial PRIMARY KEY, v text)`));
    await db.dataSource.query(`INSERT INTO later_table (v) VALUES ('x')`);
    expect(await db.dataSource.query(`SELECT v FROM later_table`)).toEqual([{ v: 'x' }]);
  });

  it('issue 13.8 ensureServiceRoles hands a database migrated as the superuser (an earlier .data) to the owner role', async () => {
    const name = uniqueName('t_adopt').replace(/-/g, '_');
    const adminUrl = process.env.PIRM_TEST_PG_ADMIN_URL!;
    const inDb = (url: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
    await asClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    try {
      await asClient(inDb(adminUrl), async (c) => {
        await c.query(`CREATE TABLE old_table (id bigserial PRIMARY KEY, v text)`);
        await c.query(
          `CREATE FUNCTION old_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'immutable'; END $$`,
        );
        await c.query(`CREATE TRIGGER old_trg BEFORE UPDATE ON old_table FOR EACH ROW EXECUTE FUNCTION old_fn()`);
      });
      // The roles' passwords stay those of this run (ensureServiceRoles sets them).
      const [owner, app] = [process.env.PIRM_TEST_PG_OWNER_URL!, process.env.PIRM_TEST_PG_APP_URL!].map((u) =>
        decodeURIComponent(new URL(u).password),
      );
      const script = `import { ensureServiceRoles } from ${JSON.stringify(join(root, 'infra/postgres.mjs'))};
        await ensureServiceRoles(process.env.ADMIN_URL, process.env.DB, { ownerPassword: process.env.OWNER_PW, appPassword: process.env.APP_PW });`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, ADMIN_URL: adminUrl, DB: name, OWNER_PW: owner, APP_PW: app },
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const owners = await asClient(inDb(adminUrl), async (c) => {
        const rel = await c.query(
          `SELECT relname, pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname IN ('old_table', 'old_table_id_seq') ORDER BY 1`,
        );
        const fn = await c.query(`SELECT pg_get_userbyid(proowner) AS owner FROM pg_proc WHERE proname = 'old_fn'`);
        const db = await c.query(
          `SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()`,
        );
        return [
          ...rel.rows.map((r: { relname: string; owner: string }) => `${r.relname}:${r.owner}`),
          `old_fn:${fn.rows[0].owner}`,
          `db:${db.rows[0].owner}`,
        ];
      });
      expect(owners).toEqual([
        'old_table:pirm_owner',
        'old_table_id_seq:pirm_owner',
        'old_fn:pirm_owner',
        'db:pirm_owner',
      ]);
      await asClient(inDb(process.env.PIRM_TEST_PG_APP_URL!), async (c) => {
        await c.query(`INSERT INTO old_table (v) VALUES ('x')`);
        await expect(c.query(`UPDATE old_table SET v = 'y'`)).rejects.toThrow(/immutable/);
        await expect(c.query(`ALTER TABLE old_table DISABLE TRIGGER old_trg`)).rejects.toThrow(/must be owner/);
      });
    } finally {
      await asClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });
});

describe('issue 13.8 the Temporal store is its user’s alone', () => {
  it('issue 13.8 a dev server’s SQLite store and log are created 0600 in folders created 0700', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pirm-store-'));
    const server = await startTemporalDevServer({
      cli: process.env.PIRM_TEST_TEMPORAL_CLI!,
      port: await freePort(),
      dbFile: join(dir, 'temporal', 'temporal.db'),
      searchAttributes: [],
      logFile: join(dir, 'logs', 'temporal.log'),
    });
    try {
      for (const folder of ['temporal', 'logs']) {
        expect({ folder, mode: statSync(join(dir, folder)).mode & 0o777 }).toEqual({ folder, mode: 0o700 });
        for (const file of readdirSync(join(dir, folder)))
          expect({ file, mode: statSync(join(dir, folder, file)).mode & 0o777 }).toEqual({ file, mode: 0o600 });
      }
    } finally {
      await server.stop();
    }
  });
});
