import { createPublicKey, type KeyObject } from 'node:crypto';
import { decode, sign, verify, type Algorithm, type JwtPayload } from 'jsonwebtoken';
import type { EnvReader } from '@pirm/domain';

/**
 * Either a shared secret (HS256: development, small installations) or an identity provider's JWKS URL
 * (RS256/ES256: production single sign-on). Issuer and audience are checked either way.
 */
export interface TokenSettings {
  jwtSecret: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** A token must carry `exp`, at most this far from its issue (and from now). */
  maxLifetimeSeconds: number;
  /** The console signs in with OpenID Connect (authorization code + PKCE) at the issuer; only with `jwksUrl`. */
  oidc?: OidcSettings;
}

/** What the console needs to sign a person in at the identity provider (it is a public client: no secret). */
export interface OidcSettings {
  /** The provider's issuer URL (`AUTH_JWT_ISSUER`), where its discovery document lives. */
  issuer: string;
  clientId: string;
  scope: string;
  /** RFC 8707 resource indicator, for providers that issue a JWT access token for the gateway only when asked. */
  resource?: string;
}

/** How long a token may live by default: a working day. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 12 * 3600;

export function readTokenSettings(r: EnvReader): TokenSettings {
  const jwksUrl = r.optional('AUTH_JWKS_URL');
  const settings: TokenSettings = {
    jwtSecret: jwksUrl ? (r.optional('AUTH_JWT_SECRET') ?? '') : r.string('AUTH_JWT_SECRET'),
    jwksUrl,
    issuer: r.string('AUTH_JWT_ISSUER', 'pirm'),
    audience: r.string('AUTH_JWT_AUDIENCE', 'pirm-gateway'),
    maxLifetimeSeconds: r.int('AUTH_TOKEN_MAX_LIFETIME_SECONDS', DEFAULT_TOKEN_LIFETIME_SECONDS, 60, 7 * 24 * 3600),
  };
  r.check(
    'AUTH_JWT_SECRET',
    settings.jwtSecret.length === 0 || settings.jwtSecret.length >= 32,
    'must be at least 32 characters',
  );
  r.check('AUTH_JWKS_URL', !jwksUrl || /^https?:\/\//.test(jwksUrl), 'must be an http(s) URL');
  const clientId = r.optional('AUTH_OIDC_CLIENT_ID');
  const scope = r.string('AUTH_OIDC_SCOPE', 'openid');
  const resource = r.optional('AUTH_OIDC_RESOURCE');
  if (clientId) settings.oidc = { issuer: settings.issuer, clientId, scope, resource };
  r.check('AUTH_OIDC_CLIENT_ID', !clientId || !!jwksUrl, 'needs AUTH_JWKS_URL: the identity provider signs the tokens');
  r.check(
    'AUTH_JWT_ISSUER',
    !clientId || /^https?:\/\//.test(settings.issuer),
    "must be the identity provider's issuer URL when AUTH_OIDC_CLIENT_ID is set",
  );
  r.check('AUTH_OIDC_SCOPE', scope.split(' ').includes('openid'), 'must include openid');
  return settings;
}

/** Issues an HS256 bearer token for a person code; used by `npm run token` and the tests. */
export function issueToken(
  settings: Pick<TokenSettings, 'jwtSecret' | 'issuer' | 'audience'>,
  personCode: string,
  ttlSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS,
): string {
  return sign({}, settings.jwtSecret, {
    algorithm: 'HS256',
    subject: personCode,
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn: ttlSeconds,
  });
}

const JWKS_TTL_MS = 10 * 60_000;
/** At most one refetch per this interval when a token names an unknown key id (key rotation). */
const JWKS_REFETCH_MS = 30_000;
const ASYMMETRIC: Algorithm[] = ['RS256', 'ES256'];
/** Tolerated difference between the identity provider's clock and ours. */
const CLOCK_SKEW_SECONDS = 60;

/** Verifies bearer tokens; returns the subject (person code) of a valid token, or undefined. */
export class TokenVerifier {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  /** The fetch in progress: requests that arrive meanwhile wait for its keys instead of refusing the token. */
  private fetching?: Promise<void>;

  constructor(private readonly settings: TokenSettings) {}

  async verify(token: string): Promise<string | undefined> {
    try {
      const options = { issuer: this.settings.issuer, audience: this.settings.audience };
      const claims = this.settings.jwksUrl
        ? verify(token, await this.keyFor(token), { ...options, algorithms: ASYMMETRIC })
        : verify(token, this.settings.jwtSecret, { ...options, algorithms: ['HS256'] });
      if (typeof claims !== 'object' || typeof claims.sub !== 'string' || !claims.sub || !this.lifetimeOk(claims))
        return undefined;
      return claims.sub;
    } catch {
      return undefined;
    }
  }

  /** jsonwebtoken accepts a token without `exp`: a stolen one would then work forever. */
  private lifetimeOk(claims: JwtPayload): boolean {
    if (typeof claims.exp !== 'number') return false;
    const max = this.settings.maxLifetimeSeconds + CLOCK_SKEW_SECONDS;
    const fromIssue = typeof claims.iat === 'number' ? claims.exp - claims.iat : 0;
    return fromIssue <= max && claims.exp - Date.now() / 1000 <= max;
  }

  private async keyFor(token: string): Promise<KeyObject> {
    const kid = decode(token, { complete: true })?.header.kid;
    if (!kid) throw new Error('token has no key id');
    if (this.fetching) await this.fetching;
    const stale = Date.now() - this.fetchedAt > JWKS_TTL_MS;
    const unknown = !this.keys.has(kid) && Date.now() - this.fetchedAt > JWKS_REFETCH_MS;
    if (stale || unknown) {
      this.fetching ??= this.fetchKeys().finally(() => (this.fetching = undefined));
      await this.fetching;
    }
    const key = this.keys.get(kid);
    if (!key) throw new Error(`unknown key id ${kid}`);
    return key;
  }

  private async fetchKeys(): Promise<void> {
    this.fetchedAt = Date.now();
    const res = await fetch(this.settings.jwksUrl!, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`JWKS answered ${res.status}`);
    const { keys } = (await res.json()) as { keys: (Record<string, unknown> & { kid?: string })[] };
    this.keys = new Map(
      keys.filter((k) => k.kid).map((k) => [k.kid!, createPublicKey({ key: k as never, format: 'jwk' })]),
    );
  }
}
