import type { DataSource } from 'typeorm';
import type { CampaignState } from '@pirm/contracts';
import { upsertCampaignProjection } from '@pirm/persistence';

export interface CampaignActivityDeps {
  dataSource: DataSource;
}

/** Activities of the campaign workflow. Each is idempotent: safe to retry after a crash or timeout. */
export function createCampaignActivities({ dataSource }: CampaignActivityDeps) {
  return {
    /** Writes the campaign's read model; older revisions are ignored. */
    async projectCampaign(state: CampaignState): Promise<void> {
      await upsertCampaignProjection(dataSource, state);
    },
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;
