import type { EnvReader } from '@pirm/domain';

/** Personal access tokens as an installation allows them (issue 20). */
export interface AccessTokenSettings {
  /** The longest expiry a person may choose, in days (90 by default, as the issue asks; GitHub's default too). */
  maxLifetimeDays: number;
  /** Requests per minute and token, counted in PostgreSQL (shared by every gateway). */
  ratePerMinute: number;
}

export function readAccessTokenSettings(r: EnvReader): AccessTokenSettings {
  return {
    maxLifetimeDays: r.int('AUTH_PAT_MAX_LIFETIME_DAYS', 90, 1, 3650),
    ratePerMinute: r.int('AUTH_PAT_RATE_LIMIT_PER_MINUTE', 600, 1, 100_000),
  };
}
