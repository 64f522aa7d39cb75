import type { FieldError } from './errors';
import { tooLong } from './fields';
import { textProblem } from './text';

/**
 * Personal access tokens (issue 20): a secret a person creates for a client of their own, limited by a scope.
 * The secret's recognisable prefix lets secret scanners (GitHub's, gitleaks, trufflehog) find leaked ones.
 */
export const ACCESS_TOKEN_PREFIX = 'pirm_pat_';

/** What a token may do: READ, queries and subscriptions; REVIEW, those plus deciding the person's own tasks. */
export const TOKEN_SCOPES = ['READ', 'REVIEW'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = { READ: '只读', REVIEW: '审核' };

/** The expiry a token gets when its creator names none. */
export const ACCESS_TOKEN_DEFAULT_DAYS = 90;
/** Names are for the person's own list: short, one line. */
export const ACCESS_TOKEN_NAME_MAX = 60;
/** Bounds the list a person keeps (and what one stolen session can mint). */
export const ACCESS_TOKENS_ACTIVE_MAX = 20;

export interface AccessTokenRequest {
  name: string;
  scope: string;
  /** Days from now; the default when absent. */
  expiresInDays?: number | null;
}

/** The default expiry under an installation's maximum. */
export const defaultTokenDays = (maxDays: number): number => Math.min(ACCESS_TOKEN_DEFAULT_DAYS, maxDays);

/** Field errors of a token request under the installation's maximum lifetime (`maxDays`). */
export function accessTokenProblems(req: AccessTokenRequest, maxDays: number): FieldError[] {
  const errors: FieldError[] = [];
  const name = req.name.trim();
  if (!name) errors.push({ field: 'name', reason: 'must not be empty', message: '请填写名称' });
  else if (name.length > ACCESS_TOKEN_NAME_MAX) errors.push({ field: 'name', ...tooLong(ACCESS_TOKEN_NAME_MAX) });
  else {
    const problem = textProblem(name, false);
    if (problem) errors.push({ field: 'name', ...problem });
  }
  if (!(TOKEN_SCOPES as readonly string[]).includes(req.scope))
    errors.push({
      field: 'scope',
      reason: `must be one of ${TOKEN_SCOPES.join(', ')}`,
      message: `须为${TOKEN_SCOPES.map((s) => TOKEN_SCOPE_LABELS[s]).join('或')}`,
    });
  const days = req.expiresInDays;
  if (days !== undefined && days !== null && (!Number.isInteger(days) || days < 1 || days > maxDays))
    errors.push({
      field: 'expiresInDays',
      reason: `must be a whole number of days from 1 to ${maxDays}`,
      message: `有效期须为 1 到 ${maxDays} 天的整数`,
    });
  return errors;
}

/** A stored token's state as authentication needs it. */
export interface StoredTokenState {
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Whether a token still authenticates at `now`: neither revoked nor expired. */
export const tokenUsable = (t: StoredTokenState, now: number): boolean =>
  t.revokedAt === null && t.expiresAt.getTime() > now;
