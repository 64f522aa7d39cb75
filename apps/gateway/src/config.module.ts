import { Global, Module } from '@nestjs/common';
import { loadGatewayConfig } from './config';
import { GATEWAY_CONFIG } from './providers';

/** Loads and validates the configuration once, at boot, for every module of the gateway. */
@Global()
@Module({
  providers: [{ provide: GATEWAY_CONFIG, useFactory: () => loadGatewayConfig() }],
  exports: [GATEWAY_CONFIG],
})
export class GatewayConfigModule {}
