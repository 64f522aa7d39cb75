import type { DataSource } from 'typeorm';
import type { GradingRules, RegradeForm, RiskCategory, RiskLevel, Score } from '@pirm/domain';
import { latestGradingRules, publishGradingRules } from '../campaign.repository';
import { GradingRuleSetEntity } from '../entities/grading-rule-set.entity';
import type { After } from './bound';

/** What a grading preview compares against: a campaign's graded forms and the rules it fixed at launch. */
export interface RegradeBasis {
  campaignId: string;
  rules: GradingRules;
  forms: RegradeForm[];
}

/** The versioned grading rule sets (R11). */
export class GradingRepository {
  constructor(private readonly ds: DataSource) {}

  /** A version, or the latest when none is given. */
  ruleSet(version?: number | null): Promise<GradingRuleSetEntity | null> {
    return version ? this.ds.getRepository(GradingRuleSetEntity).findOneBy({ version }) : latestGradingRules(this.ds);
  }

  publish(...a: After<typeof publishGradingRules>) {
    return publishGradingRules(this.ds, ...a);
  }

  /**
   * The graded forms of a campaign (default: the latest launched) with their points, and the campaign's rules;
   * null when there is no such campaign. One query aggregates the points per form, so the preview is one trip.
   */
  async regradeBasis(campaignId?: string | null): Promise<RegradeBasis | null> {
    const [campaign] = (await this.ds.query(
      `SELECT c.id, g.rules FROM campaign c JOIN grading_rule_set g ON g.version = c.rules_version
        WHERE ($1::text IS NULL OR c.id = $1) ORDER BY c.year DESC LIMIT 1`,
      [campaignId ?? null],
    )) as { id: string; rules: GradingRules }[];
    if (!campaign) return null;
    const rows = (await this.ds.query(
      `SELECT coalesce(json_agg(json_build_object(
                'likelihood', p.likelihood, 'harm', p.harm, 'level', p.level, 'computedLevel', p.computed_level,
                'causes', p.causes, 'controlMeasures', p.control_measures)) FILTER (WHERE p.id IS NOT NULL), '[]') AS points
         FROM risk_form f LEFT JOIN risk_point p ON p.form_id = f.id
        WHERE f.campaign_id = $1 AND f.post_grade IS NOT NULL
        GROUP BY f.id`,
      [campaign.id],
    )) as {
      points: {
        likelihood: Score;
        harm: Score;
        level: RiskLevel;
        computedLevel: RiskLevel;
        causes: RiskCategory[];
        controlMeasures: string;
      }[];
    }[];
    return { campaignId: campaign.id, rules: campaign.rules, forms: rows };
  }
}
