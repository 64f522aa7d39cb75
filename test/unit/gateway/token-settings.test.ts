import { EnvReader } from '@pirm/domain';
import { readTokenSettings } from '../../../apps/gateway/src/tokens';

const read = (env: Record<string, string>) => {
  const r = new EnvReader(env);
  const settings = readTokenSettings(r);
  r.done();
  return settings;
};
const IDP = { AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_JWT_ISSUER: 'https://idp.example' };

/** Issue 14: the console's OpenID Connect settings are checked once, at boot, naming the variable. */
describe('the gateway’s sign-in settings (issue 14)', () => {
  it('names the identity provider to the console when a client id is set', () => {
    expect(read({ ...IDP, AUTH_OIDC_CLIENT_ID: 'pirm-console' }).oidc).toEqual({
      issuer: 'https://idp.example',
      clientId: 'pirm-console',
      scope: 'openid',
      resource: undefined,
    });
    expect(read(IDP).oidc).toBeUndefined();
  });

  it('refuses a client id without the provider’s keys, an issuer that is no URL, a scope without openid', () => {
    expect(() => read({ AUTH_JWT_SECRET: 'x'.repeat(32), AUTH_OIDC_CLIENT_ID: 'c' })).toThrow(
      /AUTH_OIDC_CLIENT_ID needs AUTH_JWKS_URL/,
    );
    expect(() => read({ ...IDP, AUTH_JWT_ISSUER: 'pirm', AUTH_OIDC_CLIENT_ID: 'c' })).toThrow(
      /AUTH_JWT_ISSUER must be the identity provider's issuer URL/,
    );
    expect(() => read({ ...IDP, AUTH_OIDC_CLIENT_ID: 'c', AUTH_OIDC_SCOPE: 'profile' })).toThrow(
      /AUTH_OIDC_SCOPE must include openid/,
    );
  });
});
