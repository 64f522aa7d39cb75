import { activityFailure } from '@pirm/contracts';
import { createCampaignActivities, type CampaignActivityDeps } from './campaign.activities';
import { createExportActivities, type ExportActivityDeps } from './export.activities';
import { createOversightActivities, type OversightActivityDeps } from './oversight.activities';
import { createReviewActivities, type ReviewActivityDeps } from './review.activities';
import { createUnitCampaignActivities, type UnitCampaignActivityDeps } from './unit-campaign.activities';
import { createNotifyActivities, type NotifyActivityDeps } from './notify/relay.activities';

export * from './campaign.activities';
export * from './export.activities';
export * from './oversight.activities';
export * from './review.activities';
export * from './unit-campaign.activities';
export * from './notify/channels';
export * from './notify/relay.activities';

export type ActivityDeps = CampaignActivityDeps &
  ReviewActivityDeps &
  UnitCampaignActivityDeps &
  OversightActivityDeps &
  ExportActivityDeps &
  NotifyActivityDeps;

/** Every activity the worker registers, built over its injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return failingFast({
    ...createCampaignActivities(deps),
    ...createReviewActivities(deps),
    ...createUnitCampaignActivities(deps),
    ...createOversightActivities(deps),
    ...createExportActivities(deps),
    ...createNotifyActivities(deps),
  });
}

/** Each activity reports bad input as a non-retryable failure (see `activityFailure`), so its retries end. */
function failingFast<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw activityFailure(err);
      }
    };
  }
  return wrapped as T;
}

export type Activities = ReturnType<typeof createActivities>;
