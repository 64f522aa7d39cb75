import { Module } from '@nestjs/common';
import { ComplaintsService } from './complaints.service';

/** Public complaint intake and handling (R16). */
@Module({
  providers: [ComplaintsService],
  exports: [ComplaintsService],
})
export class ComplaintsModule {}
