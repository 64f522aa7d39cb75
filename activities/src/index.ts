import { createCampaignActivities, type CampaignActivityDeps } from './campaign.activities';
import { createReviewActivities, type ReviewActivityDeps } from './review.activities';

export * from './campaign.activities';
export * from './review.activities';

export type ActivityDeps = CampaignActivityDeps & ReviewActivityDeps;

/** Every activity the worker registers, built over its injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createCampaignActivities(deps), ...createReviewActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
