import { Module } from '@nestjs/common';
import { GradingResolver } from './grading.resolver';

/** The versioned grading rules (R12). */
@Module({
  providers: [GradingResolver],
})
export class GradingModule {}
