import { Global, Module } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions } from '@pirm/contracts';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, TEMPORAL_CLIENT } from '../providers';

/** The one Temporal client of the gateway. */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [GATEWAY_CONFIG],
      // Lazy: the gateway starts (and /health reports) even while Temporal is still coming up.
      useFactory: (config: GatewayConfig) =>
        new Client({
          connection: Connection.lazy(temporalConnectionOptions(config.temporal)),
          namespace: config.temporal.namespace,
        }),
    },
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalModule {}
