import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  FORM_FIELDS,
  FORM_TYPE_LABELS,
  RISK_CATEGORY_LABELS,
  RISK_LEVEL_LABELS,
  type FormStatus,
  type FormType,
  type PostRiskGrade,
} from '@pirm/domain';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { FieldChangeModel } from '../graphql/common.model';
import { FormStatusEnum, FormTypeEnum, PostRiskGradeEnum } from '../graphql/enums';
import { PageSizeArg } from '../graphql/page-size';
import { connection, type Connection } from '../graphql/connection';
import {
  RiskFormModel,
  RiskFormSummaryConnection,
  RiskPointModel,
  RiskTemplateModel,
  SaveRiskFormDraftInput,
  type RiskFormSummaryModel,
} from './forms.model';
import { FormsService, type RiskFormView } from './forms.service';

export function toRiskFormModel(v: RiskFormView): RiskFormModel {
  return Object.assign(new RiskFormModel(), {
    id: v.id,
    campaignId: v.campaignId,
    formType: v.formType,
    title: FORM_TYPE_LABELS[v.formType],
    status: v.status,
    unitId: v.unitId,
    name: v.name,
    position: v.position,
    departmentName: v.departmentName,
    postDuties: v.postDuties,
    workflowDescription: v.workflowDescription,
    personInCharge: v.personInCharge,
    controlMeasures: v.controlMeasures,
    fields: [...FORM_FIELDS[v.formType]],
    riskPoints: v.riskPoints.map((p) =>
      Object.assign(new RiskPointModel(), {
        id: p.id,
        ordinal: p.ordinal,
        description: p.description,
        category: p.category,
        categoryLabel: RISK_CATEGORY_LABELS[p.category],
        causes: p.causes,
        likelihood: p.likelihood,
        harm: p.harm,
        computedLevel: p.computedLevel,
        level: p.level,
        levelLabel: RISK_LEVEL_LABELS[p.level],
        proposedLevel: p.proposedLevel,
        proposedLevelReason: p.proposedLevelReason,
        findingMethod: p.findingMethod,
        direction: p.direction,
        backwardSource: p.backwardSource,
        controlMeasures: p.controlMeasures,
        responsiblePostCode: p.responsiblePostCode,
        templateId: p.templateId,
        majorMatter: p.majorMatter,
      }),
    ),
    postGrade: v.postGrade,
    gradeScore: v.gradeScore,
    gradeExplanation: v.gradeExplanation,
    prefilledFrom: v.prefilledFrom,
    rulesVersion: v.rulesVersion,
    version: v.version,
    submissionProblems: v.submissionProblems,
  });
}

@Resolver(() => RiskFormModel)
export class FormsResolver {
  constructor(private readonly forms: FormsService) {}

  @ResolveField(() => [FieldChangeModel], {
    description:
      'What the owner changed since the form was last submitted (after a return: the revision so far); empty before the first submission.',
  })
  changesSinceSubmission(@Parent() form: RiskFormModel): Promise<FieldChangeModel[]> {
    return this.forms.changesSinceSubmission(form);
  }

  @Mutation(() => RiskFormModel, {
    description:
      'Starts (or returns) my form for a campaign, prefilled from my post’s latest risk archive (R20 R21), else its common risks.',
  })
  async startRiskForm(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
  ): Promise<RiskFormModel> {
    return toRiskFormModel(await this.forms.start(principal, campaignId));
  }

  @Mutation(() => RiskFormModel, {
    description: 'Saves my draft: field by field validated; an invalid save changes nothing.',
  })
  async saveRiskFormDraft(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: SaveRiskFormDraftInput,
  ): Promise<RiskFormModel> {
    return toRiskFormModel(await this.forms.saveDraft(principal, input));
  }

  @Query(() => RiskFormModel, { nullable: true, description: 'My form in a campaign, or null before I start it.' })
  async myRiskForm(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
  ): Promise<RiskFormModel | null> {
    const form = await this.forms.mine(principal, campaignId);
    return form ? toRiskFormModel(form) : null;
  }

  @Query(() => RiskFormModel, { description: 'A form, for its owner and the reviewers whose scope covers it.' })
  async riskForm(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<RiskFormModel> {
    return toRiskFormModel(await this.forms.get(principal, id));
  }

  @Query(() => RiskFormSummaryConnection, {
    description:
      'A campaign’s forms, by unit and name: the office and the discipline team every unit, a unit’s leaders their own. after: the endCursor of the previous page.',
  })
  async riskForms(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID, nullable: true }) unitId: string | null,
    @Args('status', { type: () => FormStatusEnum, nullable: true }) status: FormStatus | null,
    @Args('formType', { type: () => FormTypeEnum, nullable: true }) formType: FormType | null,
    @Args('postGrade', { type: () => PostRiskGradeEnum, nullable: true }) postGrade: PostRiskGrade | null,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @PageSizeArg(50, 100) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<RiskFormSummaryModel>> {
    const page = await this.forms.list(principal, {
      campaignId,
      unitId,
      status,
      formType,
      postGrade,
      search,
      first,
      after,
    });
    return connection(page, (r) => ({
      id: r.id,
      unitId: r.unitId,
      unitName: r.unitName,
      name: r.personName,
      departmentName: r.departmentName,
      position: r.position,
      formType: r.formType as FormType,
      status: r.status as FormStatus,
      postGrade: r.postGrade as PostRiskGrade | null,
      updatedAt: r.updatedAt,
    }));
  }

  @Query(() => [RiskTemplateModel], { description: 'The common-risk library for a post type (default: my post’s).' })
  async riskLibrary(
    @CurrentPrincipal() principal: Principal,
    @Args('postType', { type: () => String, nullable: true }) postType?: string,
  ): Promise<RiskTemplateModel[]> {
    const templates = await this.forms.library(principal, postType ?? undefined);
    return templates.map((t) => Object.assign(new RiskTemplateModel(), t));
  }
}
