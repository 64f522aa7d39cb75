import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, TEMPORAL_CLIENT } from '../providers';
import { callTemporal } from './temporal-call';

/** A service that drives workflows (its read model is its own repository); every call into Temporal runs under the configured deadline. */
@Injectable()
export abstract class TemporalBacked {
  constructor(
    @Inject(GATEWAY_CONFIG) protected readonly config: GatewayConfig,
    @Inject(TEMPORAL_CLIENT) protected readonly temporal: Client,
  ) {}

  protected call<T>(fn: () => Promise<T>): Promise<T> {
    return callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, fn);
  }
}
