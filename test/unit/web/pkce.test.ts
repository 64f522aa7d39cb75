import { authorizationUrl, challengeOf, randomToken } from '../../../apps/web/src/lib/pkce';

/** Issue 14: the console's OpenID Connect request (authorization code with PKCE, RFC 7636). */
describe('the console’s OpenID Connect request (issue 14)', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers and states of 43 URL-safe characters, never the same twice', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
  });

  it('asks for a code with the challenge, the state and, when configured, the gateway as resource', () => {
    const settings = { issuer: 'https://idp.example', clientId: 'pirm-console', scope: 'openid', resource: 'urn:pirm' };
    const url = new URL(
      authorizationUrl('https://idp.example/auth?x=1', settings, {
        redirectUri: 'https://pirm.example/sign-in/callback',
        state: 's',
        challenge: 'c',
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      x: '1',
      response_type: 'code',
      client_id: 'pirm-console',
      redirect_uri: 'https://pirm.example/sign-in/callback',
      scope: 'openid',
      state: 's',
      code_challenge: 'c',
      code_challenge_method: 'S256',
      resource: 'urn:pirm',
    });
    const plain = authorizationUrl(
      'https://idp.example/auth',
      { ...settings, resource: null },
      {
        redirectUri: 'r',
        state: 's',
        challenge: 'c',
      },
    );
    expect(new URL(plain).searchParams.has('resource')).toBe(false);
  });
});
