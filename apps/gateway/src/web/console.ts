import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type RequestHandler, type Response } from 'express';
import type { GatewayConfig } from '../config';

/** Where `npm run build -w apps/web` puts the console (the same from src/ under ts-jest and from dist/). */
export const CONSOLE_DIR = resolve(__dirname, '../../../web/dist');

/** Paths the gateway itself answers; the console never shadows them. */
const SERVER_PATHS = /^\/(graphql|health|metrics|exports|dev|auth)(\/|$)/;

/**
 * The console's own CSP, looser than the API's: its scripts and styles from this origin only; antd writes its
 * CSS-in-JS into <style> elements, hence 'unsafe-inline' for styles (never for scripts); GraphQL over HTTP and
 * graphql-ws to this origin ('self' covers ws: and wss: of the same host); export downloads are links. With
 * OpenID Connect, the console also fetches the identity provider's discovery document and token endpoint.
 */
export function consoleCsp(auth: GatewayConfig['auth']): string {
  const idp = auth.oidc ? ` ${new URL(auth.oidc.issuer).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${idp}`,
    "worker-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join(';');
}

function page(res: Response, file: string, csp: string): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('cache-control', 'no-cache');
  res.sendFile(file);
}

/**
 * Serves the built console at `/`: its files, and index.html for any other page a browser asks for (the
 * console routes in the browser). GraphiQL (`/graphiql`) only outside production. Runs before the gateway's
 * routes, so it lets everything of the API pass.
 */
export function serveConsole(config: Pick<GatewayConfig, 'env' | 'auth'>, dir = CONSOLE_DIR): RequestHandler {
  const csp = consoleCsp(config.auth);
  const files = express.static(dir, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      res.setHeader('content-security-policy', csp);
      // Vite names assets by content hash: a changed file has a new name.
      if (path.includes(`${dir}/assets/`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  const graphiql = config.env !== 'production';
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/graphiql' || req.path === '/graphiql.html') {
      return graphiql ? page(res, join(dir, 'graphiql.html'), csp) : next();
    }
    // A browser opening the API's URL gets the IDE in development (where Apollo's CDN landing page was).
    if (graphiql && req.path === '/graphql' && req.accepts(['json', 'html']) === 'html')
      return res.redirect('/graphiql');
    if (SERVER_PATHS.test(req.path)) return next();
    files(req, res, () => {
      if (req.path.startsWith('/assets/') || req.accepts('html') !== 'html') return next();
      const index = join(dir, 'index.html');
      if (!existsSync(index)) {
        res.status(503).type('text/plain; charset=utf-8');
        return res.send('控制台尚未构建：运行 npm run build -w apps/web（npm start 会自动构建）。');
      }
      page(res, index, csp);
    });
  };
}
