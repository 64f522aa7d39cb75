import { Module } from '@nestjs/common';
import { CampaignResolver } from './campaign.resolver';
import { CampaignService } from './campaign.service';

/** Campaigns, their units' progress and the holiday calendar. */
@Module({
  providers: [CampaignResolver, CampaignService],
})
export class CampaignModule {}
