import { Module } from '@nestjs/common';
import { ComplaintsModule } from './complaints.module';
import { CorrectionModule } from './correction.module';
import { DisposalModule } from './disposal.module';
import { EvaluationModule } from './evaluation.module';
import { OversightResolver } from './oversight.resolver';

/** The four oversight features (R17–R20) behind their one GraphQL resolver. */
@Module({
  imports: [ComplaintsModule, DisposalModule, EvaluationModule, CorrectionModule],
  providers: [OversightResolver],
})
export class OversightModule {}
