import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'jsonwebtoken';
import { parseRoster } from '@pirm/domain';
import { applyRoster, generateDistrictRows } from '@pirm/persistence';
import { CONSOLE_DIR, consoleCsp } from '../../apps/gateway/src/web/console';
import { DEMO_DISTRICT } from '../../libs/persistence/src/cli/seed-demo';
import { ensureConsoleBuilt } from '../support/browser';
import { TestStack } from '../support/gateway';

const API_CSP = "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'";
/** Without OpenID Connect the console talks to its own origin only. */
const CONSOLE_CSP = consoleCsp({ jwtSecret: '', issuer: 'pirm', audience: 'pirm-gateway', maxLifetimeSeconds: 3600 });
const html = { accept: 'text/html,application/xhtml+xml' };

/** Issue 14: the gateway serves the console at / (SPA fallback, its own CSP), GraphiQL and dev sign-in outside production only. */
describe('the gateway serves the web console (issue 14)', () => {
  const stack = new TestStack();
  const get = (path: string, headers: Record<string, string> = html) =>
    fetch(`${stack.url}${path}`, { headers, redirect: 'manual' });

  beforeAll(async () => {
    ensureConsoleBuilt();
    await stack.start();
    const { roster } = parseRoster(generateDistrictRows(DEMO_DISTRICT));
    await applyRoster(stack.db.dataSource, roster);
  });
  afterAll(() => stack.stop());

  it('serves the console at / and any page of it (SPA fallback) with the console CSP; assets are immutable; a missing asset is 404', async () => {
    for (const path of ['/', '/inbox', '/my-form?x=1']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(await res.text()).toContain('<div id="root"></div>');
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toMatch(/script-src[^;]*unsafe/);
    const asset = readdirSync(join(CONSOLE_DIR, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await get(`/assets/${asset}`, {});
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await get('/assets/missing-0000.js', {})).status).toBe(404);
  });

  it('keeps the API as it was: /graphql and /health answer with the strict CSP, never the console', async () => {
    const api = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(api.headers.get('content-security-policy')).toBe(API_CSP);
    const health = await get('/health', {});
    expect(health.headers.get('content-security-policy')).toBe(API_CSP);
    expect(health.headers.get('content-type')).toContain('json');
    expect((await get('/exports/nothing/download', {})).status).toBe(404);
  });

  it('outside production: GraphiQL (bundled, no CDN) at /graphiql, a browser opening /graphql is sent there, and dev sign-in mints an hour-long token', async () => {
    const ide = await get('/graphiql');
    expect(ide.status).toBe(200);
    const page = await ide.text();
    expect(page).toContain('id="graphiql"');
    expect(page).not.toMatch(/https?:\/\//);
    expect((await get('/graphql')).headers.get('location')).toBe('/graphiql');

    const people = (await (await get('/dev/people', {})).json()) as { code: string; roleLabels: string[] }[];
    expect(people.find((p) => p.code === 'office-admin')?.roleLabels).toContain('领导小组办公室');
    const signIn = (code: string) =>
      fetch(`${stack.url}/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
    const { token } = (await (await signIn('s001-0011')).json()) as { token: string };
    const claims = decode(token) as { sub: string; exp: number; iat: number };
    expect(claims.sub).toBe('s001-0011');
    expect(claims.exp - claims.iat).toBe(3600);
    expect((await stack.graphql<{ me: { code: string } }>('{ me { code } }', {}, token)).data?.me.code).toBe(
      's001-0011',
    );
    expect((await signIn('nobody')).status).toBe(404);
    expect(await (await get('/auth/config', {})).json()).toEqual({ devSignIn: true, oidc: null });
  });

  it('in production: no dev sign-in, no GraphiQL, /graphql is only the API; the console is still served', async () => {
    process.env.NODE_ENV = 'production';
    try {
      await stack.restartGateway();
      expect((await get('/dev/people', {})).status).toBe(404);
      expect(await (await get('/auth/config', {})).json()).toEqual({ devSignIn: false, oidc: null });
      const signIn = await fetch(`${stack.url}/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'office-admin' }),
      });
      expect(signIn.status).toBe(404);
      expect((await get('/graphiql')).status).toBe(404);
      expect((await get('/graphiql.html')).status).toBe(404);
      expect((await get('/graphql')).headers.get('location')).toBeNull();
      expect((await get('/')).status).toBe(200);
    } finally {
      process.env.NODE_ENV = 'test';
      await stack.restartGateway();
    }
  });
});
