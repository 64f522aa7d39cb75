import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  FORM_STATUS_LABELS,
  assertValid,
  canViewForm,
  checkSearch,
  formListScope,
  archivedPostIds,
  computeLevel,
  gradePost,
  pointsFromArchive,
  pointsFromTemplates,
  mayEditForm,
  prefilledTexts,
  submissionProblems,
  validateRiskFormDraft,
  type Bilingual,
  type FieldError,
  type GradingRules,
  type RiskFormFields,
  type RiskPointInput,
  type Score,
  diffSnapshots,
  snapshotOf,
  type FieldChange,
  type FormSnapshot,
  type FormStatus,
  type FormType,
  type PostRiskGrade,
} from '@pirm/domain';
import {
  FormsRepository,
  type ArchivedForm,
  type PostEntity,
  type RiskTemplateEntity,
  type RiskFormEntity,
  type RiskPointEntity,
  type StoredRiskPoint,
  type Page,
  type RiskFormRow,
} from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import { isUuid } from '../graphql/formats';
import { decodeCursor } from '../graphql/connection';

export interface RiskFormListArgs {
  campaignId: string;
  unitId?: string | null;
  status?: FormStatus | null;
  formType?: FormType | null;
  postGrade?: PostRiskGrade | null;
  search?: string | null;
  first: number;
  after?: string | null;
}

export interface RiskPointView extends RiskPointEntity {
  responsiblePostCode: string | null;
}

export interface RiskFormView extends Omit<RiskFormEntity, 'riskPoints'> {
  riskPoints: RiskPointView[];
  submissionProblems: FieldError[];
}

/** Saving or submitting before the person started their form (the review service submits it). */
export const NO_FORM_YET: Bilingual = {
  en: 'You have no form in this campaign yet: start it first.',
  zh: '您在本次活动中还没有表单，请先开始填写',
};

/** A form the caller may not see (the review service opens it for review alike). */
export const OUTSIDE_REVIEW_SCOPE: Bilingual = {
  en: 'This form is outside your review scope.',
  zh: '这份表单不在您的审核范围内',
};

const FIELD_NAMES: readonly (keyof RiskFormFields)[] = [
  'position',
  'departmentName',
  'postDuties',
  'workflowDescription',
  'personInCharge',
  'controlMeasures',
];

export interface DraftChanges extends Partial<RiskFormFields> {
  campaignId: string;
  expectedVersion: number;
  riskPoints?: RiskPointInput[];
}

/** The person's own risk form (R09): start it from the post's common risks (R10), save drafts, read it. */
@Injectable()
export class FormsService {
  constructor(private readonly repo: FormsRepository) {}

  async start(principal: Principal, campaignId: string): Promise<RiskFormView> {
    const campaign = await this.repo.campaign(campaignId);
    if (!campaign) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No campaign ${campaignId}.`, zh: '没有这次活动' });
    const existing = await this.repo.form({ campaignId, personId: principal.personId });
    if (existing) return this.view(existing);
    if (campaign.status === 'COMPLETED')
      throw new DomainError(ErrorCode.CONFLICT, { en: `Campaign ${campaignId} has ended.`, zh: '这次活动已经结束' });
    const post = principal.postId ? await this.repo.post(principal.postId) : null;
    if (!post || !principal.unitId)
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'Only people who hold a post on the roster fill a risk form.',
        zh: '只有花名册中有岗位的人员才填写风险表',
      });
    const department = principal.departmentId ? await this.repo.department(principal.departmentId) : null;
    const head = department?.headPersonId ? await this.repo.person(department.headPersonId) : null;
    const person = await this.repo.person(principal.personId);
    if (!person) throw new Error(`person ${principal.personId} is missing`);
    // R20 R21: the post's risks as last confirmed seed the form; the library only when the post was never archived.
    const archived = await this.repo.latestArchivedPost(campaignId, principal.unitId, post.code, person.name);
    const rules = await this.rules(campaign.rulesVersion);
    const points = await this.storedPoints(
      archived ? await this.archivedPoints(archived.form, principal.unitId) : await this.templatePoints(post),
      rules,
      principal.unitId,
      post.id,
    );
    const form = await this.repo.createDraft(
      {
        campaignId,
        personId: principal.personId,
        unitId: principal.unitId,
        departmentId: principal.departmentId,
        postId: post.id,
        formType: post.formType,
        name: person.name,
        position: person.position,
        ...prefilledTexts({
          archived: archived?.form ?? null,
          post,
          departmentName: department?.name ?? null,
          headName: head?.name ?? null,
        }),
        rulesVersion: campaign.rulesVersion,
        prefilledFrom: archived?.source ?? null,
      },
      points,
      gradePost(points, rules),
    );
    return this.view(form);
  }

  async saveDraft(principal: Principal, changes: DraftChanges): Promise<RiskFormView> {
    const form = await this.repo.form({ campaignId: changes.campaignId, personId: principal.personId });
    if (!form) throw new DomainError(ErrorCode.NOT_FOUND, NO_FORM_YET);
    if (!mayEditForm(form.status)) {
      throw new DomainError(ErrorCode.CONFLICT, {
        en: `The form is ${form.status} and cannot be edited now.`,
        zh: `表单${FORM_STATUS_LABELS[form.status] ?? ''}，现在不能修改`,
      });
    }
    const fields: Partial<RiskFormFields> = {};
    for (const name of FIELD_NAMES)
      if (changes[name] !== undefined && changes[name] !== null) fields[name] = changes[name];
    const errors = validateRiskFormDraft(form.formType, fields, changes.riskPoints);
    if (changes.riskPoints) errors.push(...(await this.referenceProblems(changes.riskPoints, form.unitId)));
    assertValid(errors);
    const rules = await this.rules(form.rulesVersion);
    const points = changes.riskPoints
      ? await this.storedPoints(changes.riskPoints, rules, form.unitId, form.postId)
      : undefined;
    const graded = points ?? form.riskPoints ?? [];
    const ok = await this.repo.updateDraft(form.id, changes.expectedVersion, fields, points, gradePost(graded, rules), {
      campaignId: form.campaignId,
      actor: principal.code,
      role: null,
    });
    if (!ok) {
      const current = await this.repo.form({ id: form.id });
      throw new DomainError(ErrorCode.CONFLICT, {
        en: `The form changed since version ${changes.expectedVersion} (it is now version ${current?.version}, ${current?.status}): reload and save again.`,
        zh: '表单已被修改，请刷新后再保存',
      });
    }
    return this.view((await this.repo.form({ id: form.id }))!);
  }

  async mine(principal: Principal, campaignId: string): Promise<RiskFormView | null> {
    const form = await this.repo.form({ campaignId, personId: principal.personId });
    return form ? this.view(form) : null;
  }

  /**
   * A campaign's forms in the units the caller reads in full (formListScope): the office and the discipline
   * team every unit, a unit's leaders their own. Filters combine; the list pages by unit, name and id.
   */
  async list(principal: Principal, q: RiskFormListArgs): Promise<Page<RiskFormRow>> {
    const errors: FieldError[] = [];
    const search = checkSearch(errors, q.search);
    assertValid(errors);
    const after = decodeCursor(q.after, 3, 1);
    const scope = formListScope(principal.roles);
    if (q.unitId && scope !== 'ALL' && !scope.includes(q.unitId))
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `The forms of unit ${q.unitId} are outside your scope.`,
        zh: '该单位的表单不在您的查看范围内',
      });
    if (!(await this.repo.campaign(q.campaignId)))
      throw new DomainError(ErrorCode.NOT_FOUND, { en: `No campaign ${q.campaignId}.`, zh: '没有这次活动' });
    return this.repo.list({
      campaignId: q.campaignId,
      unitIds: q.unitId ? [q.unitId] : scope === 'ALL' ? null : scope,
      status: q.status ?? null,
      formType: q.formType ?? null,
      postGrade: q.postGrade ?? null,
      search,
      after,
      first: q.first,
    });
  }

  /** A form by id, for its owner and the people of its review chain (canViewForm); others get FORBIDDEN. */
  async get(principal: Principal, id: string): Promise<RiskFormView> {
    const form = isUuid(id) ? await this.repo.form({ id }) : null;
    if (!form) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No risk form ${id}.`, zh: '没有这份表单' });
    const scope = {
      ownerPersonId: form.personId,
      unitId: form.unitId,
      departmentId: form.departmentId,
      formType: form.formType,
    };
    if (!canViewForm(principal.personId, principal.roles, scope))
      throw new DomainError(ErrorCode.FORBIDDEN, OUTSIDE_REVIEW_SCOPE);
    return this.view(form);
  }

  /** Common risks for a post type (default: the principal's own post's), plus those for every post. */
  async library(principal: Principal, postType?: string): Promise<RiskTemplateEntity[]> {
    let type = postType;
    if (!type && principal.postId) type = (await this.repo.post(principal.postId))?.postType;
    return this.repo.templatesFor(type ? [type, '*'] : ['*']);
  }

  /** R10: the common risks of the post's type from the library. */
  private async templatePoints(post: PostEntity): Promise<RiskPointInput[]> {
    return pointsFromTemplates(await this.repo.templatesFor([post.postType, '*']), post.formType);
  }

  /** R20 R21: the post's archived risk points, naming responsible posts still on the unit's roster. */
  private async archivedPoints(form: ArchivedForm, unitId: string): Promise<RiskPointInput[]> {
    return pointsFromArchive(form.riskPoints, await this.repo.postsById(archivedPostIds(form.riskPoints), unitId));
  }

  private async rules(version: number): Promise<GradingRules> {
    const rules = await this.repo.gradingRules(version);
    if (!rules) throw new Error(`grading rule set ${version} is missing`);
    return rules;
  }

  /** The form's changes since its latest submitted round; the form was read under its own access check. */
  async changesSinceSubmission(
    form: RiskFormFields & { id: string; riskPoints: readonly FormSnapshot['riskPoints'][number][] },
  ): Promise<FieldChange[]> {
    const submitted = await this.repo.latestSnapshot(form.id);
    return submitted ? diffSnapshots(submitted, snapshotOf(form)) : [];
  }

  /** Responsible posts must be posts of the form's unit; templates must exist. */
  private async referenceProblems(points: readonly RiskPointInput[], unitId: string): Promise<FieldError[]> {
    const codes = [...new Set(points.map((p) => p.responsiblePostCode).filter((c): c is string => !!c))];
    const templateIds = [...new Set(points.map((p) => p.templateId).filter((t): t is string => !!t))];
    const posts = await this.repo.postsByCode(unitId, codes);
    const validIds = templateIds.filter(isUuid);
    const templates = await this.repo.templatesById(validIds);
    const errors: FieldError[] = [];
    points.forEach((p, i) => {
      if (p.responsiblePostCode && !posts.some((x) => x.code === p.responsiblePostCode)) {
        errors.push({
          field: `riskPoints[${i}].responsiblePostCode`,
          reason: `no post ${p.responsiblePostCode} in unit ${unitId}`,
          message: `本单位没有编码为 ${p.responsiblePostCode} 的岗位`,
        });
      }
      if (p.templateId && !templates.some((t) => t.id === p.templateId)) {
        errors.push({
          field: `riskPoints[${i}].templateId`,
          reason: 'no such risk template',
          message: '风险库中没有此条目',
        });
      }
    });
    return errors;
  }

  /** Applies the rules to each point: computed level (the level in force until a reviewer decides) and responsible post. */
  private async storedPoints(
    points: readonly RiskPointInput[],
    rules: GradingRules,
    unitId: string,
    ownPostId: string,
  ): Promise<StoredRiskPoint[]> {
    const codes = [...new Set(points.map((p) => p.responsiblePostCode).filter((c): c is string => !!c))];
    const posts = await this.repo.postsByCode(unitId, codes);
    return points.map((p) => {
      const computedLevel = computeLevel(p.likelihood as Score, p.harm as Score, rules);
      const responsible = p.responsiblePostCode ? posts.find((x) => x.code === p.responsiblePostCode)?.id : ownPostId;
      return { ...p, computedLevel, level: computedLevel, responsiblePostId: responsible ?? ownPostId };
    });
  }

  private async view(form: RiskFormEntity): Promise<RiskFormView> {
    const points = form.riskPoints ?? [];
    const postIds = [...new Set(points.map((p) => p.responsiblePostId).filter((x): x is string => !!x))];
    const posts = await this.repo.postsById(postIds);
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
      riskPoints: points.map((p) => ({
        ...p,
        responsiblePostCode: posts.find((x) => x.id === p.responsiblePostId)?.code ?? null,
      })),
      submissionProblems: submissionProblems(form.formType, fields, points),
    };
  }
}
