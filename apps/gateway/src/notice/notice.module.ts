import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { NoticeResolver } from './notice.resolver';
import { NoticeService } from './notice.service';

/** The public notice of a unit's risk points and its comments (R13). */
@Module({
  imports: [ReviewModule],
  providers: [NoticeResolver, NoticeService],
})
export class NoticeModule {}
