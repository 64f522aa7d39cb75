import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { GatewayConfigModule } from '../config.module';
import { GATEWAY_CONFIG } from '../providers';
import { MetricsController } from './metrics.controller';

/** What the gateway adds to a request while serving it, for its log line. */
export interface ObservedRequest extends IncomingMessage {
  principal?: Principal;
  operationLabel?: string;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * JSON logs (pino through nestjs-pino: one line per request with its id, the GraphQL operation and the caller's
 * 工号, never a name, a token or a complaint's contact) and the Prometheus endpoint.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [GatewayConfigModule],
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          // A proxy's request id is kept so that its log and ours join; otherwise a new one.
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const given = req.headers['x-request-id'];
            const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
            res.setHeader('X-Request-Id', id);
            return id;
          },
          customProps: (req: IncomingMessage) => {
            const r = req as ObservedRequest;
            // A personal access token is named by its id, never its secret.
            return { operation: r.operationLabel, caller: r.principal?.code, accessToken: r.principal?.token?.id };
          },
          // Only what identifies the request: no headers (the token) and no body (personal data).
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
        },
      }),
    }),
  ],
  controllers: [MetricsController],
})
export class ObservabilityModule {}
