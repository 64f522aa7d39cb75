import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** GET /health, /health/ready (PostgreSQL and Temporal probes) and /health/live. */
@Module({
  controllers: [HealthController],
})
export class HealthModule {}
