import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type RequestHandler } from 'express';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';
import { Role, hasRole } from '@pirm/domain';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { GATEWAY_CONFIG } from './providers';
import { serveConsole } from './web/console';
import type { GatewayConfig } from './config';

/** '256kb' / '16mb' (the forms the configuration accepts) in bytes. */
function bytesOf(limit: string): number {
  const [, n, unit] = /^(\d+)(kb|mb)$/.exec(limit)!;
  return Number(n) * (unit === 'mb' ? 1024 * 1024 : 1024);
}

/** A JSON body parser that answers an oversized body with a plain 413 (not an error in the log: anyone can send one). */
function jsonUpTo(limit: string): RequestHandler {
  const parse = json({ limit });
  return (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type !== 'entity.too.large') return next(err);
      res.status(413).json({ errors: [{ message: `The request body is larger than ${limit}.` }] });
    });
}

/**
 * A small body limit for everyone; the large one only once the bearer token has been verified, from the
 * headers and before a byte of the body is read, to name a district office administrator (who imports
 * rosters). Bodies without a Content-Length (chunked) get the small limit.
 */
function boundedJson(app: NestExpressApplication, config: GatewayConfig): RequestHandler {
  const small = jsonUpTo(config.bodyLimit);
  const large = jsonUpTo(config.importBodyLimit);
  const smallBytes = bytesOf(config.bodyLimit);
  const auth = app.get(AuthService);
  return (req, res, next) => {
    if (!(Number(req.headers['content-length']) > smallBytes)) return small(req, res, next);
    auth.authenticate(req.headers.authorization).then(
      (p) => (hasRole(p.roles, Role.OFFICE_ADMIN, null) ? large : small)(req, res, next),
      () => small(req, res, next),
    );
  };
}

/**
 * Security headers (helmet): no X-Powered-By, nosniff, no framing, no referrer, and a CSP that lets the API's
 * answers load nothing (the console's pages get their own, see web/console.ts).
 */
function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}

/** Builds the gateway application (also used by the end-to-end tests). */
export async function createGateway(
  options: Pick<NestApplicationOptions, 'logger'> = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
    ...options,
  });
  app.useLogger(app.get(PinoLogger));
  const config = app.get<GatewayConfig>(GATEWAY_CONFIG);
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(boundedJson(app, config));
  app.use(serveConsole(config));
  app.enableShutdownHooks();
  return app;
}

/**
 * Nest's shutdown hooks close the app and then exit; a hook or a connection that never finishes would keep
 * the process up for good. The first SIGTERM/SIGINT starts a deadline after which it exits regardless.
 */
export function exitWithin(deadlineMs: number): void {
  const arm = (signal: NodeJS.Signals) => () => {
    setTimeout(() => {
      console.error(`gateway: shutdown after ${signal} took longer than ${deadlineMs} ms; exiting`);
      process.exit(1);
    }, deadlineMs).unref();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, arm(signal));
}

/** The gateway process: listens on HOST:PORT and prints `gateway listening on http://host:port`. */
export async function serve(options: Pick<NestApplicationOptions, 'logger'> = {}): Promise<NestExpressApplication> {
  const app = await createGateway(options);
  const config = app.get<GatewayConfig>(GATEWAY_CONFIG);
  exitWithin(config.shutdownDeadlineMs);
  await app.listen(config.port, config.host);
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  console.log(`gateway listening on http://${address.includes(':') ? `[${address}]` : address}:${port}`);
  return app;
}

if (require.main === module) {
  serve().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
