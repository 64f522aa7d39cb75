import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type {
  AnalysisDirection,
  BackwardSource,
  FindingMethod,
  FormStatus,
  FormType,
  MajorMatter,
  PostRiskGrade,
  RiskCategory,
  RiskLevel,
} from '@pirm/domain';
import {
  AnalysisDirectionEnum,
  BackwardSourceEnum,
  FindingMethodEnum,
  FormStatusEnum,
  FormTypeEnum,
  MajorMatterEnum,
  PostRiskGradeEnum,
  RiskCategoryEnum,
  RiskLevelEnum,
} from '../graphql/enums';
import { FieldProblemModel } from '../graphql/common.model';
import { connectionOf } from '../graphql/connection';

@ObjectType('RiskPoint', { description: '风险点' })
export class RiskPointModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: '1-based position on the form.' })
  ordinal!: number;

  @Field()
  description!: string;

  @Field(() => RiskCategoryEnum)
  category!: RiskCategory;

  @Field({ description: '风险类型 in Chinese.' })
  categoryLabel!: string;

  @Field(() => [RiskCategoryEnum], { description: 'Every aspect the risk stems from (形成原因).' })
  causes!: RiskCategory[];

  @Field(() => Int, { description: '发生几率 1–3.' })
  likelihood!: number;

  @Field(() => Int, { description: '危害程度 1–3.' })
  harm!: number;

  @Field(() => RiskLevelEnum, { description: 'Computed from likelihood × harm by the campaign’s rules.' })
  computedLevel!: RiskLevel;

  @Field(() => RiskLevelEnum, {
    description: 'The level in force (the computed one until a reviewer decides otherwise).',
  })
  level!: RiskLevel;

  @Field({ description: '风险级别 in Chinese.' })
  levelLabel!: string;

  @Field(() => RiskLevelEnum, { nullable: true })
  proposedLevel!: RiskLevel | null;

  @Field(() => String, { nullable: true })
  proposedLevelReason!: string | null;

  @Field(() => FindingMethodEnum)
  findingMethod!: FindingMethod;

  @Field(() => AnalysisDirectionEnum)
  direction!: AnalysisDirection;

  @Field(() => BackwardSourceEnum, { nullable: true })
  backwardSource!: BackwardSource | null;

  @Field({ description: '自我防控措施 for this point.' })
  controlMeasures!: string;

  @Field(() => String, { nullable: true, description: 'Code of the post responsible for preventing it (R14).' })
  responsiblePostCode!: string | null;

  @Field(() => ID, { nullable: true })
  templateId!: string | null;

  @Field(() => MajorMatterEnum, { nullable: true })
  majorMatter!: MajorMatter | null;
}

@ObjectType('RiskForm', { description: '廉政风险识别和防控表' })
export class RiskFormModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  campaignId!: string;

  @Field(() => FormTypeEnum)
  formType!: FormType;

  @Field({ description: 'The form’s Chinese title.' })
  title!: string;

  @Field(() => FormStatusEnum)
  status!: string;

  @Field(() => ID)
  unitId!: string;

  @Field({ description: '姓名' })
  name!: string;

  @Field({ description: '职务' })
  position!: string;

  @Field({ description: '科室' })
  departmentName!: string;

  @Field({ description: '岗位职责' })
  postDuties!: string;

  @Field({ description: '工作流程' })
  workflowDescription!: string;

  @Field({ description: '负责人' })
  personInCharge!: string;

  @Field({ description: '自我防控措施' })
  controlMeasures!: string;

  @Field(() => [String], { description: 'The fields this form type has, in the attachment’s order.' })
  fields!: string[];

  @Field(() => [RiskPointModel])
  riskPoints!: RiskPointModel[];

  @Field(() => PostRiskGradeEnum, { nullable: true, description: '岗位风险等级 computed by the rules.' })
  postGrade!: PostRiskGrade | null;

  @Field(() => Float, { nullable: true })
  gradeScore!: number | null;

  @Field(() => String, { nullable: true, description: 'How the grade was computed, e.g. 2×30 + 1×12 = 72 ≥ 60 → A.' })
  gradeExplanation!: string | null;

  @Field(() => Int)
  rulesVersion!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Where the draft was prefilled from (R20 R21): `archive:{unitId}:v{n}`, the post’s latest risk archive; null: the risk library.',
  })
  prefilledFrom!: string | null;

  @Field(() => Int, { description: 'Send it back as expectedVersion when saving (compare-and-set).' })
  version!: number;

  @Field(() => [FieldProblemModel], { description: 'What still stops submission; empty when the form is complete.' })
  submissionProblems!: FieldProblemModel[];
}

@ObjectType('RiskFormSummary', { description: 'One form of a campaign’s list: who, where, and how far it is.' })
export class RiskFormSummaryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  unitId!: string;

  @Field()
  unitName!: string;

  @Field({ description: 'The person who fills it (姓名).' })
  name!: string;

  @Field()
  departmentName!: string;

  @Field()
  position!: string;

  @Field(() => FormTypeEnum)
  formType!: FormType;

  @Field(() => FormStatusEnum)
  status!: FormStatus;

  @Field(() => PostRiskGradeEnum, { nullable: true })
  postGrade!: PostRiskGrade | null;

  @Field()
  updatedAt!: Date;
}

export const RiskFormSummaryConnection = connectionOf('RiskFormSummary', RiskFormSummaryModel);

@ObjectType('RiskTemplate', { description: 'A common risk of a post type (R10).' })
export class RiskTemplateModel {
  @Field(() => ID)
  id!: string;

  @Field()
  postType!: string;

  @Field(() => FormTypeEnum, { nullable: true })
  formType!: FormType | null;

  @Field()
  description!: string;

  @Field(() => RiskCategoryEnum)
  category!: RiskCategory;

  @Field(() => [RiskCategoryEnum])
  causes!: RiskCategory[];

  @Field(() => Int)
  likelihood!: number;

  @Field(() => Int)
  harm!: number;

  @Field()
  controlMeasures!: string;

  @Field(() => MajorMatterEnum, { nullable: true })
  majorMatter!: MajorMatter | null;
}

@InputType()
export class RiskPointInput {
  @Field()
  description!: string;

  @Field(() => RiskCategoryEnum)
  category!: RiskCategory;

  @Field(() => [RiskCategoryEnum])
  causes!: RiskCategory[];

  @Field(() => Int)
  likelihood!: number;

  @Field(() => Int)
  harm!: number;

  @Field(() => RiskLevelEnum, { nullable: true })
  proposedLevel?: RiskLevel | null;

  @Field(() => String, { nullable: true })
  proposedLevelReason?: string | null;

  @Field(() => FindingMethodEnum)
  findingMethod!: FindingMethod;

  @Field(() => AnalysisDirectionEnum)
  direction!: AnalysisDirection;

  @Field(() => BackwardSourceEnum, { nullable: true })
  backwardSource?: BackwardSource | null;

  @Field({ defaultValue: '' })
  controlMeasures!: string;

  @Field(() => String, { nullable: true })
  responsiblePostCode?: string | null;

  @Field(() => ID, { nullable: true })
  templateId?: string | null;

  @Field(() => MajorMatterEnum, { nullable: true })
  majorMatter?: MajorMatter | null;
}

@InputType({ description: 'Only the fields given change; riskPoints, when given, replaces the whole list.' })
export class SaveRiskFormDraftInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => Int, { description: 'The version the client last read; a stale version is a CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  position?: string;

  @Field(() => String, { nullable: true })
  departmentName?: string;

  @Field(() => String, { nullable: true })
  postDuties?: string;

  @Field(() => String, { nullable: true })
  workflowDescription?: string;

  @Field(() => String, { nullable: true })
  personInCharge?: string;

  @Field(() => String, { nullable: true })
  controlMeasures?: string;

  @Field(() => [RiskPointInput], { nullable: true })
  riskPoints?: RiskPointInput[];
}
