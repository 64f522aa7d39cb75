import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  COMPLAINT_STATUSES,
  CORRECTION_STATUSES,
  CORRECTION_STATUS_LABELS,
  DISPOSAL_STATUSES,
  DISPOSAL_STATUS_LABELS,
  EVALUATION_STATUSES,
  EVALUATION_STATUS_LABELS,
  OPINION_SOURCES,
  OPINION_SOURCE_LABELS,
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_SUBJECT_KINDS,
  COMPLAINT_SUBJECT_KIND_LABELS,
  DISPOSAL_MEASURES,
  DISPOSAL_MEASURE_LABELS,
  DISPOSAL_SOURCES,
  DISPOSAL_SOURCE_LABELS,
  EVALUATOR_KINDS,
  EVALUATOR_LABELS,
  ROUND_KINDS,
  ROUND_KIND_LABELS,
  SELF_ASSESSMENT_ITEMS,
  SELF_ASSESSMENT_LABELS,
  type ComplaintStatus,
  type ComplaintSubjectKind,
  type DisposalMeasure,
  type DisposalSource,
  type EvaluatorKind,
  type RoundKind,
  type SelfAssessmentItem,
} from '@pirm/domain';
import { graphqlEnum } from '../graphql/enums';

export const ComplaintSubjectKindEnum = graphqlEnum(COMPLAINT_SUBJECT_KINDS, 'ComplaintSubjectKind', {
  description: 'What a complaint is against: a unit, a post, a person.',
  labels: COMPLAINT_SUBJECT_KIND_LABELS,
});
export const ComplaintStatusEnum = graphqlEnum(COMPLAINT_STATUSES, 'ComplaintStatus', {
  labels: COMPLAINT_STATUS_LABELS,
});
export const DisposalMeasureEnum = graphqlEnum(DISPOSAL_MEASURES, 'DisposalMeasure', {
  description: 'Mildest first (R17).',
  labels: DISPOSAL_MEASURE_LABELS,
});
export const DisposalSourceEnum = graphqlEnum(DISPOSAL_SOURCES, 'DisposalSource', { labels: DISPOSAL_SOURCE_LABELS });
export const DisposalStatusEnum = graphqlEnum(DISPOSAL_STATUSES, 'DisposalStatus', { labels: DISPOSAL_STATUS_LABELS });
export const EvaluationStatusEnum = graphqlEnum(EVALUATION_STATUSES, 'EvaluationStatus', {
  labels: EVALUATION_STATUS_LABELS,
});
export const CorrectionStatusEnum = graphqlEnum(CORRECTION_STATUSES, 'CorrectionStatus', {
  labels: CORRECTION_STATUS_LABELS,
});
export const OpinionSourceEnum = graphqlEnum(OPINION_SOURCES, 'OpinionSource', { labels: OPINION_SOURCE_LABELS });
export const RoundKindEnum = graphqlEnum(ROUND_KINDS, 'EvaluationRoundKind', {
  description: 'Internal (staff), service users, external evaluators (R19).',
  labels: ROUND_KIND_LABELS,
});
export const EvaluatorKindEnum = graphqlEnum(EVALUATOR_KINDS, 'EvaluatorKind', { labels: EVALUATOR_LABELS });
export const SelfAssessmentItemEnum = graphqlEnum(SELF_ASSESSMENT_ITEMS, 'SelfAssessmentItem', {
  description: 'The five contents of R18.',
  labels: SELF_ASSESSMENT_LABELS,
});

// ---- complaints ----

@InputType()
export class ComplaintInputModel {
  @Field(() => ID)
  unitId!: string;

  @Field(() => ComplaintSubjectKindEnum)
  subjectKind!: ComplaintSubjectKind;

  @Field(() => String, { nullable: true, description: 'Roster code of the post or person complained against.' })
  subjectCode?: string | null;

  @Field()
  text!: string;

  @Field({ description: 'false: anonymous; follow the case with the receipt code.' })
  named!: boolean;

  @Field(() => String, { nullable: true })
  complainantName?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone or e-mail, to be told the outcome.' })
  contact?: string | null;
}

@ObjectType('ComplaintEvent')
export class ComplaintEventModel {
  @Field()
  kind!: string;

  @Field()
  at!: Date;

  @Field()
  detail!: string;
}

@ObjectType('ComplaintProgress', { description: 'What the complainant sees by receipt code: no names of anyone.' })
export class ComplaintProgressModel {
  @Field(() => ComplaintStatusEnum)
  status!: ComplaintStatus;

  @Field()
  statusLabel!: string;

  @Field()
  receivedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'The current deadline (accept or refuse, then conclude).' })
  dueAt!: Date | null;

  @Field(() => [ComplaintEventModel])
  events!: ComplaintEventModel[];
}

@ObjectType('ComplaintReceipt')
export class ComplaintReceiptModel {
  @Field({ description: 'Shown once: keep it to follow the case. Only its hash is stored.' })
  receiptCode!: string;

  @Field(() => ComplaintProgressModel)
  progress!: ComplaintProgressModel;
}

@ObjectType('Complaint')
export class ComplaintModel extends ComplaintProgressModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => ComplaintSubjectKindEnum)
  subjectKind!: ComplaintSubjectKind;

  @Field(() => ID, { nullable: true })
  subjectPostId!: string | null;

  @Field(() => ID, { nullable: true })
  subjectPersonId!: string | null;

  @Field()
  text!: string;

  @Field()
  named!: boolean;

  @Field()
  escalated!: boolean;

  @Field(() => String, { nullable: true, description: 'Only for the district office and discipline team.' })
  complainantName!: string | null;

  @Field(() => String, { nullable: true, description: 'Only for the district office and discipline team.' })
  complainantContact!: string | null;
}

@InputType()
export class TriageComplaintInput {
  @Field(() => ID)
  complaintId!: string;

  @Field()
  accept!: boolean;

  @Field()
  reason!: string;

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class ConcludeComplaintInput {
  @Field(() => ID)
  complaintId!: string;

  @Field()
  outcome!: string;

  @Field()
  substantiated!: boolean;

  @Field()
  idempotencyKey!: string;
}

// ---- disposal ----

@InputType()
export class OpenDisposalCaseInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field()
  personCode!: string;

  @Field()
  problem!: string;

  @Field(() => DisposalSourceEnum)
  source!: DisposalSource;

  @Field(() => String, { nullable: true })
  sourceRef?: string | null;

  @Field(() => DisposalMeasureEnum)
  firstMeasure!: DisposalMeasure;

  @Field(() => Int, { nullable: true, description: 'Working days to report a rectification (default 20).' })
  rectificationWorkingDays?: number | null;
}

@ObjectType('DisposalStep')
export class DisposalStepModel {
  @Field(() => DisposalMeasureEnum)
  measure!: DisposalMeasure;

  @Field()
  measureLabel!: string;

  @Field({ description: 'What the person owes by the deadline.' })
  followUp!: string;

  @Field()
  appliedAt!: Date;

  @Field()
  dueAt!: Date;

  @Field()
  because!: string;

  @Field(() => String, { nullable: true })
  response!: string | null;

  @Field(() => Date, { nullable: true })
  respondedAt!: Date | null;

  @Field(() => [String], { description: 'Reasons earlier answers were not accepted.' })
  rejections!: string[];
}

@ObjectType('DisposalCase')
export class DisposalCaseModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => ID)
  personId!: string;

  @Field({ description: 'The person concerned: 工号.' })
  personCode!: string;

  @Field({ description: 'The person concerned: name.' })
  personName!: string;

  @Field()
  problem!: string;

  @Field(() => DisposalSourceEnum)
  source!: DisposalSource;

  @Field(() => DisposalStatusEnum)
  status!: string;

  @Field(() => DisposalMeasureEnum)
  measure!: DisposalMeasure;

  @Field(() => Date, { nullable: true })
  dueAt!: Date | null;

  @Field({ description: 'The top measure passed its deadline unanswered: the discipline team was told.' })
  overdueAtTop!: boolean;

  @Field(() => [DisposalStepModel])
  steps!: DisposalStepModel[];

  @Field(() => String, { nullable: true, description: 'The verified outcome that closed the case.' })
  outcome!: string | null;
}

@InputType()
export class DisposalResponseInput {
  @Field(() => ID)
  caseId!: string;

  @Field()
  text!: string;

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class VerifyDisposalInput {
  @Field(() => ID)
  caseId!: string;

  @Field()
  accepted!: boolean;

  @Field()
  outcome!: string;

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class EscalateDisposalInput {
  @Field(() => ID)
  caseId!: string;

  @Field()
  reason!: string;

  @Field()
  idempotencyKey!: string;
}

// ---- evaluation ----

@ObjectType('EvaluationRoundEvaluators')
export class EvaluationRoundEvaluatorsModel {
  @Field(() => RoundKindEnum)
  kind!: RoundKind;

  @Field(() => [EvaluatorKindEnum], { description: 'Who a round of this kind may invite (R19).' })
  evaluators!: readonly EvaluatorKind[];
}

@ObjectType('EvaluationRule')
export class EvaluationRuleModel {
  @Field(() => Int)
  version!: number;

  @Field(() => Int, { description: '单位自评 weight, percent.' })
  self!: number;

  @Field(() => Int, { description: '内外部评议 weight, percent.' })
  appraisal!: number;

  @Field(() => Int, { description: '区领导小组总体评价 weight, percent.' })
  district!: number;

  @Field(() => [EvaluationRoundEvaluatorsModel], { description: 'Each kind of round and whom it may invite.' })
  rounds!: EvaluationRoundEvaluatorsModel[];
}

@InputType()
export class EvaluationWeightsInput {
  @Field(() => Int)
  self!: number;

  @Field(() => Int)
  appraisal!: number;

  @Field(() => Int)
  district!: number;
}

@InputType()
export class SelfAssessmentItemInput {
  @Field(() => SelfAssessmentItemEnum)
  item!: SelfAssessmentItem;

  @Field(() => Int)
  score!: number;

  @Field()
  evidence!: string;
}

@InputType()
export class SelfAssessmentInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => [SelfAssessmentItemInput])
  items!: SelfAssessmentItemInput[];

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class InvitationRequest {
  @Field(() => EvaluatorKindEnum)
  evaluatorKind!: EvaluatorKind;

  @Field(() => Int)
  count!: number;
}

@InputType()
export class OpenEvaluationRoundInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => RoundKindEnum)
  kind!: RoundKind;

  @Field({ description: 'Last day of scoring, YYYY-MM-DD.' })
  closesOn!: string;

  @Field(() => [InvitationRequest])
  invitations!: InvitationRequest[];

  @Field()
  idempotencyKey!: string;
}

@ObjectType('EvaluationInvitation')
export class EvaluationInvitationModel {
  @Field({ description: 'Give it to one evaluator; it scores once. Shown only now.' })
  code!: string;

  @Field(() => EvaluatorKindEnum)
  evaluatorKind!: EvaluatorKind;
}

@ObjectType('EvaluationRoundSummary')
export class EvaluationRoundModel {
  @Field()
  id!: string;

  @Field(() => RoundKindEnum)
  kind!: RoundKind;

  @Field()
  closesAt!: Date;

  @Field()
  closed!: boolean;

  @Field(() => Int)
  invited!: number;

  @Field(() => Int)
  scored!: number;

  @Field(() => Float, { nullable: true })
  mean!: number | null;
}

@ObjectType('OpenedEvaluationRound')
export class OpenedRoundModel {
  @Field(() => EvaluationRoundModel)
  round!: EvaluationRoundModel;

  @Field(() => [EvaluationInvitationModel])
  invitations!: EvaluationInvitationModel[];
}

@InputType()
export class EvaluationScoreInput {
  @Field()
  code!: string;

  @Field(() => Int)
  score!: number;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

@InputType()
export class CloseEvaluationRoundInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field()
  roundId!: string;

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class DistrictEvaluationInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => Int)
  score!: number;

  @Field()
  opinion!: string;

  @Field()
  idempotencyKey!: string;
}

@ObjectType('SelfAssessmentScore')
export class SelfAssessmentScoreModel {
  @Field(() => SelfAssessmentItemEnum)
  item!: SelfAssessmentItem;

  @Field()
  label!: string;

  @Field(() => Int)
  score!: number;

  @Field()
  evidence!: string;
}

@ObjectType('UnitEvaluation')
export class UnitEvaluationModel {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => EvaluationStatusEnum)
  status!: string;

  @Field(() => Int)
  ruleVersion!: number;

  @Field(() => [SelfAssessmentScoreModel])
  selfAssessment!: SelfAssessmentScoreModel[];

  @Field(() => [EvaluationRoundModel])
  rounds!: EvaluationRoundModel[];

  @Field(() => Int, { nullable: true })
  districtScore!: number | null;

  @Field(() => String, { nullable: true })
  districtOpinion!: string | null;

  @Field(() => Float, { nullable: true, description: 'The weighted score (R19); null until every part is in.' })
  score!: number | null;

  @Field({ description: 'How the score was reached, by the rule version.' })
  explanation!: string;
}

// ---- correction ----

@ObjectType('CompiledOpinion')
export class CompiledOpinionModel {
  @Field(() => OpinionSourceEnum)
  source!: string;

  @Field()
  ref!: string;

  @Field()
  text!: string;

  @Field()
  at!: Date;
}

@InputType()
export class StartCorrectionInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'People whose forms are revised; none: every approved form of the unit.',
  })
  personCodes?: string[] | null;

  @Field()
  reason!: string;
}

@InputType()
export class ConfirmCorrectionInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field()
  idempotencyKey!: string;
}

@ObjectType('CorrectionForm')
export class CorrectionFormModel {
  @Field(() => ID)
  formId!: string;

  @Field()
  approved!: boolean;
}

@ObjectType('CorrectionRound')
export class CorrectionRoundModel {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => CorrectionStatusEnum)
  status!: string;

  @Field(() => Int, { nullable: true, description: 'null while the opinions are being compiled.' })
  opinionCount!: number | null;

  @Field(() => [CorrectionFormModel])
  forms!: CorrectionFormModel[];

  @Field(() => Int, { nullable: true, description: 'The archive version the round produced.' })
  archiveVersion!: number | null;
}
