import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** GET /health: PostgreSQL and Temporal probes. */
@Module({
  controllers: [HealthController],
})
export class HealthModule {}
