import type { DataSource } from 'typeorm';
import type { GradingRules, Phase, PhaseWindow } from '@pirm/domain';
import { DISTRICT_CHAIN, appendAudit } from './audit.repository';
import { CampaignEntity } from './entities/campaign.entity';
import { GradingRuleSetEntity } from './entities/grading-rule-set.entity';

/**
 * What the upsert reads of a CampaignState. The row's `state` is what is passed: the workflow passes its whole
 * state; tests that seed a campaign without one pass these fields only.
 */
export interface CampaignProjection {
  campaignId: string;
  year: number;
  status: string;
  currentPhase: Phase | null;
  calendar: PhaseWindow[];
  rulesVersion: number;
  launchedBy: string;
  revision: number;
  actions?: { key: string; kind: string; by: string; unitId?: string | null; at: number }[];
}

/**
 * Writes a campaign's state if it is newer than what the table holds. Replays, retries and
 * out-of-order deliveries of older revisions change nothing, which makes the projecting activity idempotent.
 * Returns whether the row changed.
 */
export async function upsertCampaignProjection(ds: DataSource, p: CampaignProjection): Promise<boolean> {
  return ds.transaction(async (tx) => {
    const rows: unknown[] = await tx.query(
      `INSERT INTO campaign AS c (id, year, status, current_phase, calendar, rules_version, launched_by, revision, state)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::jsonb)
     ON CONFLICT (id) DO UPDATE
       SET status = EXCLUDED.status, current_phase = EXCLUDED.current_phase, calendar = EXCLUDED.calendar,
           revision = EXCLUDED.revision, state = EXCLUDED.state, updated_at = now()
       WHERE c.revision < EXCLUDED.revision
     RETURNING id`,
      [
        p.campaignId,
        p.year,
        p.status,
        p.currentPhase,
        JSON.stringify(p.calendar),
        p.rulesVersion,
        p.launchedBy,
        p.revision,
        JSON.stringify(p),
      ],
    );
    if (rows.length === 1) {
      if (p.revision === 1) {
        await appendAudit(tx, {
          chain: p.campaignId,
          actor: p.launchedBy,
          role: 'OFFICE_ADMIN',
          action: 'CAMPAIGN_LAUNCH',
          target: `campaign:${p.campaignId}`,
          after: p.calendar,
          key: `launch:${p.campaignId}`,
        });
      }
      for (const a of p.actions ?? []) {
        await appendAudit(tx, {
          chain: p.campaignId,
          actor: a.by,
          role: 'OFFICE_ADMIN',
          action: `CAMPAIGN_${a.kind}`,
          target: a.unitId ? `unit:${a.unitId}` : `campaign:${p.campaignId}`,
          after: a,
          at: new Date(a.at).toISOString(),
          key: `action:${p.campaignId}:${a.key}`,
        });
      }
    }
    return rows.length === 1;
  });
}

export function findCampaign(ds: DataSource, id: string): Promise<CampaignEntity | null> {
  return ds.getRepository(CampaignEntity).findOneBy({ id });
}

/** The newest grading rules version: what a campaign launched now fixes. */
export async function latestGradingRules(ds: DataSource): Promise<GradingRuleSetEntity> {
  const [latest] = await ds.getRepository(GradingRuleSetEntity).find({ order: { version: 'DESC' }, take: 1 });
  if (!latest) throw new Error('no grading rule set: the migrations seed version 1');
  return latest;
}

/**
 * Stores `rules` as the next version. Versions are never changed afterwards, so forms graded under an
 * earlier version keep their grades. Returns null when another publication took that version first.
 */
export async function publishGradingRules(
  ds: DataSource,
  rules: Omit<GradingRules, 'version'>,
  createdBy: string,
): Promise<GradingRuleSetEntity | null> {
  const latest = await latestGradingRules(ds);
  const version = latest.version + 1;
  const inserted: unknown[] = await ds.transaction(async (tx) => {
    const rows: unknown[] = await tx.query(
      `INSERT INTO grading_rule_set (version, rules, created_by) VALUES ($1, $2::jsonb, $3) ON CONFLICT (version) DO NOTHING RETURNING version`,
      [version, JSON.stringify({ ...rules, version }), createdBy],
    );
    if (rows.length)
      await appendAudit(tx, {
        chain: DISTRICT_CHAIN,
        actor: createdBy,
        role: 'OFFICE_ADMIN',
        action: 'GRADING_RULES_PUBLISH',
        target: `rules:${version}`,
        after: rules,
        key: `rules:${version}`,
      });
    return rows;
  });
  return inserted.length ? ds.getRepository(GradingRuleSetEntity).findOneByOrFail({ version }) : null;
}
