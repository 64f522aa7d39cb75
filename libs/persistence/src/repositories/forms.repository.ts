import { In, type DataSource } from 'typeorm';
import type { GradingRules } from '@pirm/domain';
import { findCampaign } from '../campaign.repository';
import { DepartmentEntity } from '../entities/department.entity';
import { GradingRuleSetEntity } from '../entities/grading-rule-set.entity';
import { PersonEntity } from '../entities/person.entity';
import { PostEntity } from '../entities/post.entity';
import { RiskTemplateEntity } from '../entities/risk-template.entity';
import { latestArchivedPost } from '../risk-archive.repository';
import { latestSnapshot } from '../review.repository';
import { createDraftForm, findRiskForm, listRiskForms, updateDraftForm } from '../risk-form.repository';
import type { After } from './bound';

/** Risk forms and their drafts (R09, R10), with the roster and library they are filled from. */
export class FormsRepository {
  constructor(private readonly ds: DataSource) {}

  campaign(...a: After<typeof findCampaign>) {
    return findCampaign(this.ds, ...a);
  }

  form(...a: After<typeof findRiskForm>) {
    return findRiskForm(this.ds, ...a);
  }

  list(...a: After<typeof listRiskForms>) {
    return listRiskForms(this.ds, ...a);
  }

  createDraft(...a: After<typeof createDraftForm>) {
    return createDraftForm(this.ds, ...a);
  }

  latestSnapshot(...a: After<typeof latestSnapshot>) {
    return latestSnapshot(this.ds, ...a);
  }

  updateDraft(...a: After<typeof updateDraftForm>) {
    return updateDraftForm(this.ds, ...a);
  }

  latestArchivedPost(...a: After<typeof latestArchivedPost>) {
    return latestArchivedPost(this.ds, ...a);
  }

  post(id: string): Promise<PostEntity | null> {
    return this.ds.getRepository(PostEntity).findOneBy({ id });
  }

  department(id: string): Promise<DepartmentEntity | null> {
    return this.ds.getRepository(DepartmentEntity).findOneBy({ id });
  }

  person(id: string): Promise<PersonEntity | null> {
    return this.ds.getRepository(PersonEntity).findOneBy({ id });
  }

  /** Posts by id, within a unit when one is given. */
  async postsById(ids: readonly string[], unitId?: string): Promise<PostEntity[]> {
    if (!ids.length) return [];
    return this.ds
      .getRepository(PostEntity)
      .findBy(unitId === undefined ? { id: In([...ids]) } : { unitId, id: In([...ids]) });
  }

  async postsByCode(unitId: string, codes: readonly string[]): Promise<PostEntity[]> {
    return codes.length ? this.ds.getRepository(PostEntity).findBy({ unitId, code: In([...codes]) }) : [];
  }

  /** The library's common risks for these post types ('*': every post), in library order. */
  templatesFor(postTypes: readonly string[]): Promise<RiskTemplateEntity[]> {
    return this.ds
      .getRepository(RiskTemplateEntity)
      .find({ where: { postType: In([...postTypes]) }, order: { sortOrder: 'ASC' } });
  }

  async templatesById(ids: readonly string[]): Promise<RiskTemplateEntity[]> {
    return ids.length ? this.ds.getRepository(RiskTemplateEntity).findBy({ id: In([...ids]) }) : [];
  }

  async gradingRules(version: number): Promise<GradingRules | null> {
    return (await this.ds.getRepository(GradingRuleSetEntity).findOneBy({ version }))?.rules ?? null;
  }
}
