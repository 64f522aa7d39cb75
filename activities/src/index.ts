import { createCampaignActivities, type CampaignActivityDeps } from './campaign.activities';
import { createOversightActivities, type OversightActivityDeps } from './oversight.activities';
import { createReviewActivities, type ReviewActivityDeps } from './review.activities';
import { createUnitCampaignActivities, type UnitCampaignActivityDeps } from './unit-campaign.activities';

export * from './campaign.activities';
export * from './oversight.activities';
export * from './review.activities';
export * from './unit-campaign.activities';

export type ActivityDeps = CampaignActivityDeps & ReviewActivityDeps & UnitCampaignActivityDeps & OversightActivityDeps;

/** Every activity the worker registers, built over its injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createCampaignActivities(deps), ...createReviewActivities(deps), ...createUnitCampaignActivities(deps), ...createOversightActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
