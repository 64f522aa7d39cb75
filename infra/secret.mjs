import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataDir } from './paths.mjs';

/** A secret generated once and kept, readable by its owner only, in .data/`name`. */
function kept(name) {
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The development JWT secret: AUTH_JWT_SECRET, else one generated once and kept under .data/. */
export function devJwtSecret() {
  return process.env.AUTH_JWT_SECRET || kept('jwt-secret');
}

/** Passwords of the embedded PostgreSQL's owner and app roles (infra/postgres.mjs), kept under .data/. */
export function devDatabasePasswords() {
  return { ownerPassword: kept('db-owner-password'), appPassword: kept('db-app-password') };
}

/** Password of the `temporal` role that the real Temporal server (npm run start:cluster) connects as. */
export function devTemporalDbPassword() {
  return kept('db-temporal-password');
}
