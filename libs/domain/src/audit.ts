/**
 * The audit trail's hash chain: each record's hash covers its canonical JSON and the previous record's hash,
 * so changing, removing or reordering any record breaks every link after it. The digest function is passed
 * in (SHA-256 in persistence) to keep this module free of Node APIs.
 */
export interface AuditEntry {
  chain: string;
  actor: string;
  role: string | null;
  action: string;
  target: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  /** ISO instant. */
  at: string;
  requestId: string | null;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export const GENESIS_HASH = '0'.repeat(64);

export function chainHash(entry: AuditEntry, prevHash: string, sha256: (text: string) => string): string {
  return sha256(`${canonicalJson(entry)}|${prevHash}`);
}

/** The first record whose stored hash or link does not match, or null when the chain is intact. */
export function firstBrokenLink(
  records: readonly (AuditEntry & { seq: number; prevHash: string; hash: string })[],
  sha256: (text: string) => string,
): { seq: number; reason: string } | null {
  let prev = GENESIS_HASH;
  for (const r of records) {
    const { seq, prevHash, hash, ...entry } = r;
    if (prevHash !== prev) return { seq, reason: 'its link to the previous record does not match' };
    if (chainHash(entry, prevHash, sha256) !== hash) return { seq, reason: 'its content does not match its hash' };
    prev = hash;
  }
  return null;
}
