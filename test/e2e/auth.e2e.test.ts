import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from 'jsonwebtoken';
import { Role } from '@pirm/domain';
import { TestStack } from '../support/gateway';

describe('sign-in with an identity provider’s keys (JWKS, RS256)', () => {
  const stack = new TestStack();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let jwks: Server;
  let fetches = 0;

  const rs256 = (claims: { sub: string; aud?: string; expiresIn?: number }, key = privateKey, kid = 'k1') =>
    sign({}, key, {
      algorithm: 'RS256',
      keyid: kid,
      subject: claims.sub,
      issuer: 'https://idp.example',
      audience: claims.aud ?? 'pirm-gateway',
      expiresIn: claims.expiresIn ?? 600,
    });
  const me = async (token: string) => {
    const res = await stack.graphql<{ me: { code: string } }>(`{ me { code } }`, {}, token);
    return res.data?.me.code ?? res.errors?.[0]?.extensions?.code;
  };

  beforeAll(async () => {
    // The keys come back after a while, as from a distant identity provider: requests arrive meanwhile.
    jwks = createServer((_req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      const body = JSON.stringify({
        keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }],
      });
      setTimeout(() => res.end(body), 300);
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    await stack.start({ AUTH_JWKS_URL: url, AUTH_JWT_ISSUER: 'https://idp.example' });
    await stack.person('office-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
  });
  afterAll(async () => {
    await stack.stop();
    await new Promise((r) => jwks.close(r));
  });

  it('accepts a token signed by a key of the JWKS, fetching the keys once, also for requests during the fetch', async () => {
    // The console's first page sends several requests at once; each waits for the one fetch of the keys.
    const first = await Promise.all([1, 2, 3, 4].map(() => me(rs256({ sub: 'office-admin' }))));
    expect(first).toEqual(Array(4).fill('office-admin'));
    expect(await me(rs256({ sub: 'office-admin' }))).toBe('office-admin');
    expect(fetches).toBe(1);
  });

  it('rejects a shared-secret token, an unknown key, a wrong audience and an expired token', async () => {
    expect(await me(stack.token('office-admin'))).toBe('UNAUTHENTICATED');
    expect(await me(rs256({ sub: 'office-admin' }, other.privateKey, 'k1'))).toBe('UNAUTHENTICATED');
    expect(await me(rs256({ sub: 'office-admin' }, other.privateKey, 'k2'))).toBe('UNAUTHENTICATED');
    expect(await me(rs256({ sub: 'office-admin', aud: 'someone-else' }))).toBe('UNAUTHENTICATED');
    expect(await me(rs256({ sub: 'office-admin', expiresIn: -10 }))).toBe('UNAUTHENTICATED');
  });
});
