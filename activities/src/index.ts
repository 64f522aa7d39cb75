import { createCampaignActivities, type CampaignActivityDeps } from './campaign.activities';

export * from './campaign.activities';

export type ActivityDeps = CampaignActivityDeps;

/** Every activity the worker registers, built over its injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createCampaignActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
