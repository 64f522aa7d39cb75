// The pure parts of the console's OpenID Connect request (RFC 6749 §4.1, RFC 7636): no browser state.

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
  resource?: string | null;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** RFC 7636: the S256 challenge of a verifier. */
export async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export function authorizationUrl(
  endpoint: string,
  settings: OidcSettings,
  p: { redirectUri: string; state: string; challenge: string },
): string {
  const url = new URL(endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: p.redirectUri,
    scope: settings.scope,
    state: p.state,
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
  };
  if (settings.resource) params.resource = settings.resource;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
