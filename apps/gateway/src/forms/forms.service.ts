import { Inject, Injectable } from '@nestjs/common';
import { In, type DataSource } from 'typeorm';
import {
  DomainError,
  ErrorCode,
  assertValid,
  canViewForm,
  computeLevel,
  gradePost,
  submissionProblems,
  validateRiskFormDraft,
  type FieldError,
  type GradingRules,
  type RiskFormFields,
  type RiskPointInput,
  type Score,
} from '@pirm/domain';
import {
  DepartmentEntity,
  GradingRuleSetEntity,
  PersonEntity,
  PostEntity,
  RiskTemplateEntity,
  createDraftForm,
  findCampaign,
  findRiskForm,
  latestArchivedPost,
  updateDraftForm,
  type ArchivedForm,
  type RiskFormEntity,
  type RiskPointEntity,
  type StoredRiskPoint,
} from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import { DATA_SOURCE } from '../providers';
import { isUuid } from '../graphql/formats';

export interface RiskPointView extends RiskPointEntity {
  responsiblePostCode: string | null;
}

export interface RiskFormView extends Omit<RiskFormEntity, 'riskPoints'> {
  riskPoints: RiskPointView[];
  submissionProblems: FieldError[];
}

const FIELD_NAMES: readonly (keyof RiskFormFields)[] = ['position', 'departmentName', 'postDuties', 'workflowDescription', 'personInCharge', 'controlMeasures'];

export interface DraftChanges extends Partial<RiskFormFields> {
  campaignId: string;
  expectedVersion: number;
  riskPoints?: RiskPointInput[];
}

/** The person's own risk form (R09): start it from the post's common risks (R10), save drafts, read it. */
@Injectable()
export class FormsService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async start(principal: Principal, campaignId: string): Promise<RiskFormView> {
    const campaign = await findCampaign(this.ds, campaignId);
    if (!campaign) throw new DomainError(ErrorCode.NOT_FOUND, `No campaign ${campaignId}.`);
    const existing = await findRiskForm(this.ds, { campaignId, personId: principal.personId });
    if (existing) return this.view(existing);
    if (campaign.status === 'COMPLETED') throw new DomainError(ErrorCode.CONFLICT, `Campaign ${campaignId} has ended.`);
    const post = principal.postId ? await this.ds.getRepository(PostEntity).findOneBy({ id: principal.postId }) : null;
    if (!post || !principal.unitId) throw new DomainError(ErrorCode.FORBIDDEN, 'Only people who hold a post on the roster fill a risk form.');
    const department = principal.departmentId ? await this.ds.getRepository(DepartmentEntity).findOneBy({ id: principal.departmentId }) : null;
    const head = department?.headPersonId ? await this.ds.getRepository(PersonEntity).findOneBy({ id: department.headPersonId }) : null;
    const person = await this.ds.getRepository(PersonEntity).findOneByOrFail({ id: principal.personId });
    // R20 R21: the post's risks as last confirmed seed the form; the library only when the post was never archived.
    const archived = await latestArchivedPost(this.ds, campaignId, principal.unitId, post.code, person.name);
    const rules = await this.rules(campaign.rulesVersion);
    const points = await this.storedPoints(
      archived ? await this.archivedPoints(archived.form, principal.unitId) : await this.templatePoints(post),
      rules,
      principal.unitId,
      post.id,
    );
    const form = await createDraftForm(
      this.ds,
      {
        campaignId,
        personId: principal.personId,
        unitId: principal.unitId,
        departmentId: principal.departmentId,
        postId: post.id,
        formType: post.formType,
        name: person.name,
        position: person.position,
        departmentName: department?.name ?? '',
        postDuties: archived?.form.postDuties ?? post.duties,
        workflowDescription: archived?.form.workflowDescription ?? post.processSteps.join(' → '),
        personInCharge: head?.name ?? '',
        controlMeasures: archived?.form.controlMeasures ?? '',
        rulesVersion: campaign.rulesVersion,
        prefilledFrom: archived?.source ?? null,
      },
      points,
      gradePost(points, rules),
    );
    return this.view(form);
  }

  async saveDraft(principal: Principal, changes: DraftChanges): Promise<RiskFormView> {
    const form = await findRiskForm(this.ds, { campaignId: changes.campaignId, personId: principal.personId });
    if (!form) throw new DomainError(ErrorCode.NOT_FOUND, 'You have no form in this campaign yet: start it first.');
    if (form.status !== 'DRAFT' && form.status !== 'RETURNED') {
      throw new DomainError(ErrorCode.CONFLICT, `The form is ${form.status} and cannot be edited now.`);
    }
    const fields: Partial<RiskFormFields> = {};
    for (const name of FIELD_NAMES) if (changes[name] !== undefined && changes[name] !== null) fields[name] = changes[name];
    const errors = validateRiskFormDraft(form.formType, fields, changes.riskPoints);
    if (changes.riskPoints) errors.push(...(await this.referenceProblems(changes.riskPoints, form.unitId)));
    assertValid(errors);
    const rules = await this.rules(form.rulesVersion);
    const points = changes.riskPoints ? await this.storedPoints(changes.riskPoints, rules, form.unitId, form.postId) : undefined;
    const graded = points ?? (form.riskPoints ?? []);
    const ok = await updateDraftForm(this.ds, form.id, changes.expectedVersion, fields, points, gradePost(graded, rules), {
      campaignId: form.campaignId,
      actor: principal.code,
      role: null,
    });
    if (!ok) {
      const current = await findRiskForm(this.ds, { id: form.id });
      throw new DomainError(
        ErrorCode.CONFLICT,
        `The form changed since version ${changes.expectedVersion} (it is now version ${current?.version}, ${current?.status}): reload and save again.`,
      );
    }
    return this.view((await findRiskForm(this.ds, { id: form.id }))!);
  }

  async mine(principal: Principal, campaignId: string): Promise<RiskFormView | null> {
    const form = await findRiskForm(this.ds, { campaignId, personId: principal.personId });
    return form ? this.view(form) : null;
  }

  /** A form by id, for its owner and the people of its review chain (canViewForm); others get FORBIDDEN. */
  async get(principal: Principal, id: string): Promise<RiskFormView> {
    const form = isUuid(id) ? await findRiskForm(this.ds, { id }) : null;
    if (!form) throw new DomainError(ErrorCode.NOT_FOUND, `No risk form ${id}.`);
    const scope = { ownerPersonId: form.personId, unitId: form.unitId, departmentId: form.departmentId, formType: form.formType };
    if (!canViewForm(principal.personId, principal.roles, scope)) throw new DomainError(ErrorCode.FORBIDDEN, 'This form is outside your review scope.');
    return this.view(form);
  }

  /** Common risks for a post type (default: the principal's own post's), plus those for every post. */
  async library(principal: Principal, postType?: string): Promise<RiskTemplateEntity[]> {
    let type = postType;
    if (!type && principal.postId) type = (await this.ds.getRepository(PostEntity).findOneBy({ id: principal.postId }))?.postType;
    return this.ds.getRepository(RiskTemplateEntity).find({ where: { postType: In(type ? [type, '*'] : ['*']) }, order: { sortOrder: 'ASC' } });
  }

  /** R10: the common risks of the post's type from the library. */
  private async templatePoints(post: PostEntity): Promise<RiskPointInput[]> {
    const templates = await this.ds.getRepository(RiskTemplateEntity).find({ where: { postType: In([post.postType, '*']) }, order: { sortOrder: 'ASC' } });
    return templates
      .filter((t) => t.formType === null || t.formType === post.formType)
      .map((t) => ({
        description: t.description,
        category: t.category,
        causes: t.causes,
        likelihood: t.likelihood,
        harm: t.harm,
        findingMethod: 'ORGANISATION',
        direction: 'FORWARD',
        controlMeasures: t.controlMeasures,
        templateId: t.id,
        majorMatter: t.majorMatter,
      }));
  }

  /**
   * R20 R21: the post's archived risk points, as confirmed. Archives made before they kept causes, finding method,
   * direction and 三重一大 matter get the category as the only cause, the organisation's finding (组织评: the
   * archive is the confirmed list) and a forward analysis. A responsible post no longer on the roster falls back
   * to the person's own.
   */
  private async archivedPoints(form: ArchivedForm, unitId: string): Promise<RiskPointInput[]> {
    const ids = [...new Set(form.riskPoints.map((p) => p.responsiblePostId).filter((x): x is string => !!x))];
    const posts = ids.length ? await this.ds.getRepository(PostEntity).findBy({ unitId, id: In(ids) }) : [];
    return form.riskPoints.map((p) => ({
      description: p.description,
      category: p.category,
      causes: p.causes?.length ? p.causes : [p.category],
      likelihood: p.likelihood,
      harm: p.harm,
      findingMethod: p.findingMethod ?? 'ORGANISATION',
      direction: p.direction ?? 'FORWARD',
      backwardSource: p.backwardSource ?? null,
      majorMatter: p.majorMatter ?? null,
      controlMeasures: p.controlMeasures,
      responsiblePostCode: posts.find((x) => x.id === p.responsiblePostId)?.code ?? null,
    }));
  }

  private async rules(version: number): Promise<GradingRules> {
    const set = await this.ds.getRepository(GradingRuleSetEntity).findOneBy({ version });
    if (!set) throw new Error(`grading rule set ${version} is missing`);
    return set.rules;
  }

  /** Responsible posts must be posts of the form's unit; templates must exist. */
  private async referenceProblems(points: readonly RiskPointInput[], unitId: string): Promise<FieldError[]> {
    const codes = [...new Set(points.map((p) => p.responsiblePostCode).filter((c): c is string => !!c))];
    const templateIds = [...new Set(points.map((p) => p.templateId).filter((t): t is string => !!t))];
    const posts = codes.length ? await this.ds.getRepository(PostEntity).findBy({ unitId, code: In(codes) }) : [];
    const validIds = templateIds.filter(isUuid);
    const templates = validIds.length ? await this.ds.getRepository(RiskTemplateEntity).findBy({ id: In(validIds) }) : [];
    const errors: FieldError[] = [];
    points.forEach((p, i) => {
      if (p.responsiblePostCode && !posts.some((x) => x.code === p.responsiblePostCode)) {
        errors.push({ field: `riskPoints[${i}].responsiblePostCode`, reason: `no post ${p.responsiblePostCode} in unit ${unitId}` });
      }
      if (p.templateId && !templates.some((t) => t.id === p.templateId)) {
        errors.push({ field: `riskPoints[${i}].templateId`, reason: 'no such risk template' });
      }
    });
    return errors;
  }

  /** Applies the rules to each point: computed level (the level in force until a reviewer decides) and responsible post. */
  private async storedPoints(points: readonly RiskPointInput[], rules: GradingRules, unitId: string, ownPostId: string): Promise<StoredRiskPoint[]> {
    const codes = [...new Set(points.map((p) => p.responsiblePostCode).filter((c): c is string => !!c))];
    const posts = codes.length ? await this.ds.getRepository(PostEntity).findBy({ unitId, code: In(codes) }) : [];
    return points.map((p) => {
      const computedLevel = computeLevel(p.likelihood as Score, p.harm as Score, rules);
      const responsible = p.responsiblePostCode ? posts.find((x) => x.code === p.responsiblePostCode)?.id : ownPostId;
      return { ...p, computedLevel, level: computedLevel, responsiblePostId: responsible ?? ownPostId };
    });
  }

  private async view(form: RiskFormEntity): Promise<RiskFormView> {
    const points = form.riskPoints ?? [];
    const postIds = [...new Set(points.map((p) => p.responsiblePostId).filter((x): x is string => !!x))];
    const posts = postIds.length ? await this.ds.getRepository(PostEntity).findBy({ id: In(postIds) }) : [];
    const fields: RiskFormFields = {
      position: form.position,
      departmentName: form.departmentName,
      postDuties: form.postDuties,
      workflowDescription: form.workflowDescription,
      personInCharge: form.personInCharge,
      controlMeasures: form.controlMeasures,
    };
    return {
      ...form,
      riskPoints: points.map((p) => ({ ...p, responsiblePostCode: posts.find((x) => x.id === p.responsiblePostId)?.code ?? null })),
      submissionProblems: submissionProblems(form.formType, fields, points),
    };
  }
}
