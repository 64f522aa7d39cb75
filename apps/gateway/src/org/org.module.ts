import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { OrgResolver } from './org.resolver';
import { OrgService } from './org.service';

/** The district's roster: import and scoped reads (R01, R02). */
@Module({
  imports: [ReviewModule],
  providers: [OrgResolver, OrgService],
})
export class OrgModule {}
