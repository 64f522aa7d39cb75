import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  APPRAISAL_GRADES,
  APPRAISAL_GRADE_LABELS,
  COMMITMENT_AUDIENCES,
  COMMITMENT_AUDIENCE_LABELS,
  UNIT_ACTIVITY_KINDS,
  UNIT_ACTIVITY_KIND_LABELS,
  type AppraisalGrade,
  type CommitmentAudience,
  type UnitActivityKind,
} from '@pirm/domain';
import { graphqlEnum } from '../graphql/enums';

export const CommitmentAudienceEnum = graphqlEnum(COMMITMENT_AUDIENCES, 'CommitmentAudience', {
  description: '承诺对象.',
  labels: COMMITMENT_AUDIENCE_LABELS,
});
export const UnitActivityKindEnum = graphqlEnum(UNIT_ACTIVITY_KINDS, 'UnitActivityKind', {
  description: 'A unit’s supervision activity (不定期检查 with its 通报).',
  labels: UNIT_ACTIVITY_KIND_LABELS,
});
export const AppraisalGradeEnum = graphqlEnum(APPRAISAL_GRADES, 'AppraisalGrade', {
  description: '民主测评.',
  labels: APPRAISAL_GRADE_LABELS,
});

@InputType()
export class RecordMeasureImplementationInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => ID, { description: 'An archived risk point of the unit (see unitRiskMeasures).' })
  riskPointId!: string;

  @Field({ description: 'Whether its prevention measures are in place (措施落实).' })
  inPlace!: boolean;

  @Field({ description: 'What the answer rests on: documents, checks, minutes.' })
  evidence!: string;
}

@ObjectType('MeasureImplementation', {
  description: 'R14: one recording of whether a risk point’s measures are in place; the latest is in force.',
})
export class MeasureImplementationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  riskPointId!: string;

  @Field()
  inPlace!: boolean;

  @Field()
  evidence!: string;

  @Field(() => String, { nullable: true })
  recordedByName!: string | null;

  @Field()
  recordedAt!: Date;
}

@ObjectType('UnitRiskMeasure', {
  description: 'R14: an archived risk point with its measure, responsible post and implementation status.',
})
export class UnitRiskMeasureModel {
  @Field(() => ID)
  riskPointId!: string;

  @Field({ description: 'The post whose form holds the risk point.' })
  postName!: string;

  @Field()
  description!: string;

  @Field()
  categoryLabel!: string;

  @Field()
  levelLabel!: string;

  @Field({ description: '防控措施' })
  controlMeasures!: string;

  @Field(() => String, { nullable: true })
  responsiblePostCode!: string | null;

  @Field(() => String, { nullable: true, description: '责任岗位' })
  responsiblePostName!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'null: not recorded yet.' })
  inPlace!: boolean | null;

  @Field({ description: '已落实, 未落实 or 未记录.' })
  statusLabel!: string;

  @Field(() => String, { nullable: true })
  evidence!: string | null;

  @Field(() => String, { nullable: true })
  recordedByName!: string | null;

  @Field(() => Date, { nullable: true })
  recordedAt!: Date | null;

  @Field(() => Int, { description: 'How many recordings there are (the history).' })
  recordings!: number;
}

@InputType()
export class RecordCommitmentInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Whose commitment (工号); empty: your own. Unit leaders record anyone’s of their unit.',
  })
  personCode?: string | null;

  @Field({ description: '承诺内容' })
  text!: string;

  @Field({ description: 'Where it was published, e.g. 校务公开栏, 家长会, 学校网站.' })
  publishedWhere!: string;

  @Field(() => [CommitmentAudienceEnum])
  audiences!: CommitmentAudience[];

  @Field({ description: 'YYYY-MM-DD' })
  publishedOn!: string;
}

@ObjectType('Commitment', { description: 'R15 公开承诺.' })
export class CommitmentModel {
  @Field(() => ID)
  id!: string;

  @Field()
  personCode!: string;

  @Field()
  personName!: string;

  @Field()
  text!: string;

  @Field()
  publishedWhere!: string;

  @Field(() => [CommitmentAudienceEnum])
  audiences!: CommitmentAudience[];

  @Field(() => [String], { description: 'The audiences in Chinese.' })
  audienceLabels!: string[];

  @Field()
  publishedOn!: string;

  @Field(() => String, { nullable: true })
  recordedByName!: string | null;

  @Field()
  recordedAt!: Date;
}

@InputType()
export class RecordUnitActivityInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => UnitActivityKindEnum)
  kind!: UnitActivityKind;

  @Field({ description: 'YYYY-MM-DD' })
  heldOn!: string;

  @Field()
  summary!: string;

  @Field(() => Int)
  participants!: number;

  @Field()
  evidence!: string;

  @Field(() => String, { nullable: true, description: 'The 通报 of an irregular inspection (INSPECTION only).' })
  circular?: string | null;
}

@ObjectType('UnitActivity', { description: 'R15 R16: an activity of the unit.' })
export class UnitActivityModel {
  @Field(() => ID)
  id!: string;

  @Field(() => UnitActivityKindEnum)
  kind!: UnitActivityKind;

  @Field()
  kindLabel!: string;

  @Field()
  heldOn!: string;

  @Field()
  summary!: string;

  @Field(() => Int)
  participants!: number;

  @Field()
  evidence!: string;

  @Field(() => String, { nullable: true })
  circular!: string | null;

  @Field(() => String, { nullable: true })
  recordedByName!: string | null;

  @Field()
  recordedAt!: Date;
}

@InputType()
export class AppraisalVotesInput {
  @Field(() => Int, { nullable: true, description: '好' })
  good?: number | null;

  @Field(() => Int, { nullable: true, description: '较好' })
  fairlyGood?: number | null;

  @Field(() => Int, { nullable: true, description: '一般' })
  average?: number | null;

  @Field(() => Int, { nullable: true, description: '差' })
  poor?: number | null;
}

@ObjectType('AppraisalVotes')
export class AppraisalVotesModel {
  @Field(() => Int, { description: '好' })
  good!: number;

  @Field(() => Int, { description: '较好' })
  fairlyGood!: number;

  @Field(() => Int, { description: '一般' })
  average!: number;

  @Field(() => Int, { description: '差' })
  poor!: number;
}

@InputType()
export class RecordDutyReportInput {
  @Field(() => ID)
  campaignId!: string;

  @Field({ description: 'Whose report (工号).' })
  personCode!: string;

  @Field({ description: '述职述廉 summary.' })
  reportSummary!: string;

  @Field(() => AppraisalVotesInput, { nullable: true, description: '民主测评 vote counts.' })
  votes?: AppraisalVotesInput | null;

  @Field(() => AppraisalGradeEnum, { nullable: true, description: 'The appraisal’s rating, when given as one.' })
  rating?: AppraisalGrade | null;
}

@ObjectType('DutyReport', { description: 'R15 述职述廉 and 民主测评 of one person (the latest recording).' })
export class DutyReportModel {
  @Field(() => ID)
  id!: string;

  @Field()
  personCode!: string;

  @Field()
  personName!: string;

  @Field()
  reportSummary!: string;

  @Field(() => AppraisalVotesModel, { nullable: true })
  votes!: AppraisalVotesModel | null;

  @Field(() => AppraisalGradeEnum, { nullable: true })
  rating!: AppraisalGrade | null;

  @Field(() => String, { nullable: true })
  ratingLabel!: string | null;

  @Field(() => Float, { nullable: true, description: 'Share of 好 and 较好 votes.' })
  approvalShare!: number | null;

  @Field(() => String, { nullable: true })
  recordedByName!: string | null;

  @Field()
  recordedAt!: Date;
}

@ObjectType('ExecutionRecords', {
  description: 'A unit’s execution records (R15 R16); people outside its leadership see only their own.',
})
export class ExecutionRecordsModel {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field({ description: 'true: only the caller’s own records (the caller does not lead or supervise the unit).' })
  ownOnly!: boolean;

  @Field(() => [CommitmentModel])
  commitments!: CommitmentModel[];

  @Field(() => [UnitActivityModel], { description: 'Empty when ownOnly.' })
  activities!: UnitActivityModel[];

  @Field(() => [DutyReportModel])
  dutyReports!: DutyReportModel[];
}
