import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { GENESIS_HASH, canonicalJson, chainHash, firstBrokenLink, type AuditEntry } from '@pirm/domain';
import { AuditRecordEntity } from './entities/audit.entity';

/** The chain of changes outside any campaign (roster, grading rules, review chains). */
export const DISTRICT_CHAIN = 'district';

export interface AuditActor {
  actor: string;
  role: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { actor: 'system', role: null };

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A digest of any value, for the before/after columns (never the personal data itself). */
export function digestOf(value: unknown): string {
  return sha256(canonicalJson(value));
}

export interface AuditInput extends Omit<AuditEntry, 'at' | 'beforeDigest' | 'afterDigest' | 'requestId'> {
  at?: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  /** Unique per change: appending the same key twice appends once. */
  key: string;
}

/**
 * Appends one record to its chain inside the caller's transaction (so the change and its record commit
 * together). Chains are serialised by an advisory lock, so links never fork.
 */
export async function appendAudit(tx: EntityManager, input: AuditInput): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('pirm:audit:' || $1))`, [input.chain]);
  const exists = await tx.getRepository(AuditRecordEntity).existsBy({ idemKey: input.key });
  if (exists) return;
  const [last] = (await tx.query(`SELECT hash FROM audit_record WHERE chain = $1 ORDER BY seq DESC LIMIT 1`, [
    input.chain,
  ])) as { hash: string }[];
  const entry: AuditEntry = {
    chain: input.chain,
    actor: input.actor,
    role: input.role,
    action: input.action,
    target: input.target,
    beforeDigest: input.before === undefined ? null : digestOf(input.before),
    afterDigest: input.after === undefined ? null : digestOf(input.after),
    at: input.at ?? new Date().toISOString(),
    requestId: input.requestId ?? null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx
    .getRepository(AuditRecordEntity)
    .insert({ ...entry, idemKey: input.key, prevHash, hash: chainHash(entry, prevHash, sha256) });
}

export async function verifyAuditChain(
  ds: DataSource,
  chain: string,
): Promise<{ records: number; broken: { seq: number; reason: string } | null }> {
  const rows = await ds.getRepository(AuditRecordEntity).find({ where: { chain }, order: { seq: 'ASC' } });
  const records = rows.map((r) => ({
    seq: Number(r.seq),
    chain: r.chain,
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    beforeDigest: r.beforeDigest,
    afterDigest: r.afterDigest,
    at: r.at,
    requestId: r.requestId,
    prevHash: r.prevHash,
    hash: r.hash,
  }));
  return { records: records.length, broken: firstBrokenLink(records, sha256) };
}

export interface AuditFilter {
  chain: string;
  actor?: string;
  action?: string;
  target?: string;
  /** Records at or after this instant. */
  from?: Date;
  /** Records before this instant. */
  to?: Date;
}

export function listAudit(
  ds: DataSource,
  f: AuditFilter,
  limit: number,
  afterSeq?: number,
): Promise<AuditRecordEntity[]> {
  const qb = ds.getRepository(AuditRecordEntity).createQueryBuilder('a').where('a.chain = :chain', { chain: f.chain });
  if (f.actor) qb.andWhere('a.actor = :actor', { actor: f.actor });
  if (f.action) qb.andWhere('a.action = :action', { action: f.action });
  if (f.target) qb.andWhere('a.target = :target', { target: f.target });
  // `at` is stored as toISOString() text (what was hashed), so text order is time order.
  if (f.from) qb.andWhere('a.at >= :from', { from: f.from.toISOString() });
  if (f.to) qb.andWhere('a.at < :to', { to: f.to.toISOString() });
  if (afterSeq !== undefined) qb.andWhere('a.seq > :after', { after: afterSeq });
  return qb.orderBy('a.seq', 'ASC').take(limit).getMany();
}
