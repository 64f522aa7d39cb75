import { Module } from '@nestjs/common';
import { ExecutionResolver } from './execution.resolver';
import { ExecutionService } from './execution.service';

/** Execution records (R14–R16). */
@Module({
  providers: [ExecutionResolver, ExecutionService],
})
export class ExecutionModule {}
