import { Module } from '@nestjs/common';
import { DisposalService } from './disposal.service';

/** Disposal cases (R17). */
@Module({
  providers: [DisposalService],
  exports: [DisposalService],
})
export class DisposalModule {}
