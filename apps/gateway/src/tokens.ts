import { sign, verify } from 'jsonwebtoken';
import type { EnvReader } from '@pirm/domain';

export interface TokenSettings {
  jwtSecret: string;
  issuer: string;
  audience: string;
}

export function readTokenSettings(r: EnvReader): TokenSettings {
  const settings = {
    jwtSecret: r.string('AUTH_JWT_SECRET'),
    issuer: r.string('AUTH_JWT_ISSUER', 'pirm'),
    audience: r.string('AUTH_JWT_AUDIENCE', 'pirm-gateway'),
  };
  r.check('AUTH_JWT_SECRET', settings.jwtSecret.length === 0 || settings.jwtSecret.length >= 32, 'must be at least 32 characters');
  return settings;
}

/** Issues a bearer token for a person code; used by `npm run token` and the tests. */
export function issueToken(settings: TokenSettings, personCode: string, ttlSeconds = 12 * 3600): string {
  return sign({}, settings.jwtSecret, {
    algorithm: 'HS256',
    subject: personCode,
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn: ttlSeconds,
  });
}

/** Returns the subject (person code) of a valid token, or undefined. */
export function verifyToken(settings: TokenSettings, token: string): string | undefined {
  try {
    const claims = verify(token, settings.jwtSecret, {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience,
    });
    return typeof claims === 'object' && typeof claims.sub === 'string' && claims.sub ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}
