import type { DataSource } from 'typeorm';
import { latestGradingRules, publishGradingRules } from '../campaign.repository';
import { GradingRuleSetEntity } from '../entities/grading-rule-set.entity';
import type { After } from './bound';

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
}
