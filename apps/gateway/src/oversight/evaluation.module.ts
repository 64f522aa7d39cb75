import { Module } from '@nestjs/common';
import { EvaluationService } from './evaluation.service';

/** Self-assessment and evaluation rounds (R18, R19). */
@Module({
  providers: [EvaluationService],
  exports: [EvaluationService],
})
export class EvaluationModule {}
