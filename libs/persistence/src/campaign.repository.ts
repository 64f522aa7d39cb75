import type { DataSource } from 'typeorm';
import type { Phase, PhaseWindow } from '@pirm/domain';
import { CampaignEntity } from './entities/campaign.entity';

export interface CampaignProjection {
  campaignId: string;
  year: number;
  status: string;
  currentPhase: Phase | null;
  calendar: PhaseWindow[];
  launchedBy: string;
  revision: number;
}

/**
 * Writes a campaign's state if it is newer than what the table holds. Replays, retries and
 * out-of-order deliveries of older revisions change nothing, which makes the projecting activity idempotent.
 * Returns whether the row changed.
 */
export async function upsertCampaignProjection(ds: DataSource, p: CampaignProjection): Promise<boolean> {
  const rows: unknown[] = await ds.query(
    `INSERT INTO campaign AS c (id, year, status, current_phase, calendar, launched_by, revision)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
     ON CONFLICT (id) DO UPDATE
       SET status = EXCLUDED.status, current_phase = EXCLUDED.current_phase, calendar = EXCLUDED.calendar,
           revision = EXCLUDED.revision, updated_at = now()
       WHERE c.revision < EXCLUDED.revision
     RETURNING id`,
    [p.campaignId, p.year, p.status, p.currentPhase, JSON.stringify(p.calendar), p.launchedBy, p.revision],
  );
  return rows.length === 1;
}

export function findCampaign(ds: DataSource, id: string): Promise<CampaignEntity | null> {
  return ds.getRepository(CampaignEntity).findOneBy({ id });
}
