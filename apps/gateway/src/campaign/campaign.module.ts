import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { CampaignResolver } from './campaign.resolver';
import { CampaignService } from './campaign.service';

/** Campaigns, their units' progress and the holiday calendar. */
@Module({
  imports: [ReviewModule],
  providers: [CampaignResolver, CampaignService],
})
export class CampaignModule {}
