import type { DataSource } from 'typeorm';
import { sweepRateLimits, takeRateLimit } from '../rate-limit.repository';
import type { After } from './bound';

/** Fixed-window request counters shared by every gateway instance. */
export class RateLimitRepository {
  constructor(private readonly ds: DataSource) {}

  take(...a: After<typeof takeRateLimit>) {
    return takeRateLimit(this.ds, ...a);
  }

  sweep(...a: After<typeof sweepRateLimits>) {
    return sweepRateLimits(this.ds, ...a);
  }
}
