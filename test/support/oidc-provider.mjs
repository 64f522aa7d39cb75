// A real OpenID Connect provider (the `oidc-provider` package) for the console's sign-in tests, run as a child
// process because the package is ESM-only. Its built-in login page accepts any login: the login is the subject,
// i.e. the person's 工号. Prints {"issuer": …} on stdout once it listens.
//   node test/support/oidc-provider.mjs <client_id> <redirect_uri> <audience>
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors } from 'oidc-provider';

const [clientId, redirectUri, audience] = process.argv.slice(2);
if (!clientId || !redirectUri || !audience) {
  console.error('usage: oidc-provider.mjs <client_id> <redirect_uri> <audience>');
  process.exit(2);
}
// The API the console's access token is for (RFC 8707): oidc-provider issues JWT access tokens only for a resource.
const RESOURCE = 'urn:pirm:gateway';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  // A single-page console calls the token endpoint from its own origin.
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((u) => new URL(u).origin === origin),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== RESOURCE) throw new errors.InvalidTarget();
        return { scope: 'openid', audience, accessTokenFormat: 'jwt', accessTokenTTL: 3600 };
      },
    },
  },
});
server.on('request', provider.callback());
process.stdout.write(JSON.stringify({ issuer, resource: RESOURCE }) + '\n');
