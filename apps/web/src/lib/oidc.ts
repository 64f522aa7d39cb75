import { authorizationUrl, challengeOf, randomToken, type OidcSettings } from './pkce';

// OpenID Connect sign-in for production: authorization code with PKCE, the console being a public client (no
// secret). The gateway's /auth/config names the identity provider; the access token it issues for the gateway
// becomes the tab's bearer token, as a development token does.

export interface SignInOptions {
  devSignIn: boolean;
  oidc: OidcSettings | null;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

/** What survives the round trip through the identity provider, in this tab only. */
interface Pending {
  state: string;
  verifier: string;
  tokenEndpoint: string;
  clientId: string;
  redirectUri: string;
  next: string;
}

const PENDING = 'pirm.oidc';
/** The console's page the identity provider sends the browser back to (registered as the client's redirect URI). */
export const CALLBACK_PATH = '/sign-in/callback';

async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`身份认证服务不可用（${res.status}）`);
  const d = (await res.json()) as Discovery;
  // A discovery document for another issuer would send the person's code elsewhere (OIDC Discovery §4.3).
  if (d.issuer !== issuer) throw new Error('身份认证服务的配置与网关不一致');
  return d;
}

/** Sends the browser to the identity provider; it comes back to CALLBACK_PATH. */
export async function beginSignIn(settings: OidcSettings, next: string): Promise<void> {
  const d = await discover(settings.issuer);
  const verifier = randomToken();
  const pending: Pending = {
    state: randomToken(),
    verifier,
    tokenEndpoint: d.token_endpoint,
    clientId: settings.clientId,
    redirectUri: `${location.origin}${CALLBACK_PATH}`,
    next,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const challenge = await challengeOf(verifier);
  location.assign(authorizationUrl(d.authorization_endpoint, settings, { ...pending, challenge }));
}

/** The why of a failed callback, for the sign-in page. */
export class SignInError extends Error {}

/**
 * Completes the sign-in on the callback page: the state must be the one this tab sent (else another site could
 * sign the person in as someone else), and the code is exchanged with the verifier only this tab knows.
 * Returns the access token and where to go next.
 */
export async function completeSignIn(search: string): Promise<{ token: string; next: string }> {
  const params = new URLSearchParams(search);
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  if (params.get('error'))
    throw new SignInError(`身份认证未通过：${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state)
    throw new SignInError('登录请求已失效或不是本页发起的，请重新登录。');
  const code = params.get('code');
  if (!code) throw new SignInError('身份认证服务没有返回授权码。');
  const res = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error_description?: string };
  if (!res.ok || !body.access_token)
    throw new SignInError(`换取令牌失败：${body.error_description ?? `服务器返回 ${res.status}`}`);
  return { token: body.access_token, next: pending.next };
}
