import { createHash, randomBytes } from 'node:crypto';
import { ACCESS_TOKEN_PREFIX } from '@pirm/domain';

/** The secret's random part: 32 bytes (256 bits) from the system's CSPRNG, base64url (43 characters). */
const SECRET_BYTES = 32;
const SECRET = new RegExp(`^${ACCESS_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

/** A new secret, e.g. `pirm_pat_Q2xx…`: shown to its creator once and never stored. */
export const newAccessTokenSecret = (): string => ACCESS_TOKEN_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');

/** Whether a bearer looks like one of our secrets (anything else is tried as a JWT). */
export const isAccessTokenSecret = (bearer: string): boolean => bearer.startsWith(ACCESS_TOKEN_PREFIX);

/** Whether it has the exact shape of one: a malformed one is refused without a database lookup. */
export const wellFormedSecret = (bearer: string): boolean => SECRET.test(bearer);

/**
 * What is stored and looked up: the hex SHA-256 of the whole secret. A plain (unsalted, fast) hash suffices
 * because the secret is 256 random bits, not a password: nothing can be guessed or precomputed, so a slow or
 * salted hash would add cost without protection, and a deterministic hash is what lets authentication find the
 * row by an index. Why no constant-time comparison: the database compares hashes, not secrets. Timing could at
 * most tell an attacker how much of a *hash* their guess matched, and a matching hash prefix says nothing about
 * the secret (finding a secret with a given hash is a preimage of SHA-256).
 */
export const hashAccessTokenSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
