import type { DataSource } from 'typeorm';
import { DISTRICT_CHAIN, appendAudit, type AuditActor } from './audit.repository';
import { type AccessTokenEntity } from './entities/access-token.entity';

/** The channel a revocation is announced on (payload: the token's id), so every gateway closes its subscriptions. */
export const ACCESS_TOKEN_CHANNEL = 'pirm_access_token_revoked';

/** A token as its owner's list shows it: never its hash. */
export type AccessTokenRow = Omit<AccessTokenEntity, 'tokenHash' | 'person'>;

/** What authentication needs of a token, found by the hash of the secret presented. */
export interface TokenAuthRow {
  id: string;
  personId: string;
  personCode: string;
  scope: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

const COLUMNS = `id, person_id AS "personId", name, scope, created_at AS "createdAt", expires_at AS "expiresAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt", revoked_by AS "revokedBy"`;

export interface NewAccessToken {
  personId: string;
  name: string;
  scope: string;
  tokenHash: string;
  expiresAt: Date;
}

/**
 * Stores a token (its hash only) with its audit record in one transaction, unless the person already holds
 * `activeMax` usable tokens: returns null then. The person's tokens are counted under a lock on the person, so
 * two concurrent creations cannot both pass the bound.
 */
export async function createAccessToken(
  ds: DataSource,
  t: NewAccessToken,
  activeMax: number,
  by: AuditActor & { requestId?: string | null },
): Promise<AccessTokenRow | null> {
  return ds.transaction(async (tx) => {
    await tx.query(`SELECT 1 FROM person WHERE id = $1 FOR UPDATE`, [t.personId]);
    const [{ n }] = (await tx.query(
      `SELECT count(*)::int AS n FROM access_token WHERE person_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [t.personId],
    )) as [{ n: number }];
    if (n >= activeMax) return null;
    const [row] = (await tx.query(
      `INSERT INTO access_token (person_id, name, scope, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [t.personId, t.name, t.scope, t.tokenHash, t.expiresAt],
    )) as [AccessTokenRow];
    await appendAudit(tx, {
      chain: DISTRICT_CHAIN,
      actor: by.actor,
      role: by.role,
      action: 'ACCESS_TOKEN_CREATE',
      target: `access-token:${row.id}`,
      after: { personId: row.personId, name: row.name, scope: row.scope, expiresAt: row.expiresAt.toISOString() },
      requestId: by.requestId ?? null,
      key: `access-token:${row.id}:create`,
    });
    return row;
  });
}

/** A person's tokens, newest first (revoked and expired ones included, so the list says what happened). */
export function listAccessTokens(ds: DataSource, personId: string, limit: number): Promise<AccessTokenRow[]> {
  return ds.query(`SELECT ${COLUMNS} FROM access_token WHERE person_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [
    personId,
    limit,
  ]);
}

export function findAccessToken(ds: DataSource, id: string): Promise<AccessTokenRow | undefined> {
  return ds.query(`SELECT ${COLUMNS} FROM access_token WHERE id = $1`, [id]).then((rows: AccessTokenRow[]) => rows[0]);
}

/**
 * Revokes a token with its audit record and announces it (NOTIFY is delivered at commit, so no gateway closes a
 * subscription for a revocation that rolled back). Revoking a revoked token changes nothing and returns it.
 */
export async function revokeAccessToken(
  ds: DataSource,
  id: string,
  by: AuditActor & { requestId?: string | null },
): Promise<AccessTokenRow | undefined> {
  return ds.transaction(async (tx) => {
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]] = (await tx.query(
      `UPDATE access_token SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
      [id, by.actor],
    )) as [AccessTokenRow[], number];
    if (!row) return (await tx.query(`SELECT ${COLUMNS} FROM access_token WHERE id = $1`, [id]))[0] as AccessTokenRow;
    await appendAudit(tx, {
      chain: DISTRICT_CHAIN,
      actor: by.actor,
      role: by.role,
      action: 'ACCESS_TOKEN_REVOKE',
      target: `access-token:${id}`,
      requestId: by.requestId ?? null,
      key: `access-token:${id}:revoke`,
    });
    await tx.query(`SELECT pg_notify($1, $2)`, [ACCESS_TOKEN_CHANNEL, id]);
    return row;
  });
}

/** The token whose secret hashes to `tokenHash`, with its owner's 工号; undefined when none does. */
export async function tokenByHash(ds: DataSource, tokenHash: string): Promise<TokenAuthRow | undefined> {
  const rows: TokenAuthRow[] = await ds.query(
    `SELECT t.id, t.person_id AS "personId", p.code AS "personCode", t.scope, t.expires_at AS "expiresAt",
            t.revoked_at AS "revokedAt"
       FROM access_token t JOIN person p ON p.id = t.person_id WHERE t.token_hash = $1`,
    [tokenHash],
  );
  return rows[0];
}

/**
 * Records a use: `last_used_at` moves at most once a minute; the first use ever appends its audit record in the
 * same transaction (the row lock makes exactly one request the first).
 */
export async function recordAccessTokenUse(
  ds: DataSource,
  id: string,
  by: AuditActor & { requestId?: string | null },
): Promise<void> {
  await ds.transaction(async (tx) => {
    const [rows] = (await tx.query(
      `WITH prev AS (SELECT id, last_used_at FROM access_token WHERE id = $1 FOR UPDATE)
       UPDATE access_token t SET last_used_at = now() FROM prev
        WHERE t.id = prev.id AND (prev.last_used_at IS NULL OR prev.last_used_at < now() - interval '1 minute')
       RETURNING prev.last_used_at IS NULL AS first`,
      [id],
    )) as [{ first: boolean }[], number];
    if (!rows[0]?.first) return;
    await appendAudit(tx, {
      chain: DISTRICT_CHAIN,
      actor: by.actor,
      role: by.role,
      action: 'ACCESS_TOKEN_FIRST_USE',
      target: `access-token:${id}`,
      requestId: by.requestId ?? null,
      key: `access-token:${id}:first-use`,
    });
  });
}

/** Of `ids`, those that no longer authenticate: revoked, expired, or their person has left the roster. */
export async function unusableAccessTokens(ds: DataSource, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows: { id: string }[] = await ds.query(
    `SELECT t.id FROM access_token t JOIN person p ON p.id = t.person_id
      WHERE t.id = ANY($1::uuid[]) AND (t.revoked_at IS NOT NULL OR t.expires_at <= now() OR p.left_at IS NOT NULL)`,
    [ids],
  );
  return rows.map((r) => r.id);
}
