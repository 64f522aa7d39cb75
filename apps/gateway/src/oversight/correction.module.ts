import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { CorrectionService } from './correction.service';

/** Correction rounds (R20). */
@Module({
  imports: [ReviewModule],
  providers: [CorrectionService],
  exports: [CorrectionService],
})
export class CorrectionModule {}
