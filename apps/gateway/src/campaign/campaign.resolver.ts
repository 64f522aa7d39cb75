import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { CampaignModel, LaunchCampaignInput, PhaseWindowModel } from './campaign.model';
import { CampaignService, type CampaignView } from './campaign.service';

function toModel(v: CampaignView): CampaignModel {
  return Object.assign(new CampaignModel(), {
    id: v.campaignId,
    year: v.year,
    status: v.status,
    currentPhase: v.currentPhase,
    phases: v.calendar.map((w) => PhaseWindowModel.of(w)),
    rulesVersion: v.rulesVersion,
    launchedBy: v.launchedBy,
    source: v.source,
  });
}

@Resolver(() => CampaignModel)
export class CampaignResolver {
  constructor(private readonly campaigns: CampaignService) {}

  @Mutation(() => CampaignModel, { description: 'Office only. Starts the year’s campaign; launching a year again returns it.' })
  async launchCampaign(@CurrentPrincipal() principal: Principal, @Args('input') input: LaunchCampaignInput): Promise<CampaignModel> {
    return toModel(await this.campaigns.launch(principal, input.year, input.calendar));
  }

  @Query(() => CampaignModel, { description: 'A campaign with its phases; any signed-in person of the district.' })
  async campaign(@CurrentPrincipal() _principal: Principal, @Args('id', { type: () => ID }) id: string): Promise<CampaignModel> {
    return toModel(await this.campaigns.get(id));
  }
}
