import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver';
import { DashboardResolver } from './dashboard.resolver';

/** The audit chains and the campaign dashboard. */
@Module({
  providers: [AuditResolver, DashboardResolver],
})
export class AuditModule {}
