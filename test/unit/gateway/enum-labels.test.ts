import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType, type GraphQLEnumType } from 'graphql';
import {
  ANALYSIS_DIRECTION_LABELS,
  APPRAISAL_GRADE_LABELS,
  BACKWARD_SOURCE_LABELS,
  CAMPAIGN_STATUS_LABELS,
  CHANNEL_LABELS,
  COMMITMENT_AUDIENCE_LABELS,
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_SUBJECT_KIND_LABELS,
  DELIVERY_STATUS_LABELS,
  DEPARTMENT_KIND_LABELS,
  DISPOSAL_MEASURE_LABELS,
  DISPOSAL_SOURCE_LABELS,
  EVALUATOR_LABELS,
  FINDING_METHOD_LABELS,
  FORM_STATUS_LABELS,
  REVIEW_TASK_STATUS_LABELS,
  REVIEW_STATUS_LABELS,
  SCREENING_STAGE_LABELS,
  NOTICE_COMMENT_STATUS_LABELS,
  DISPOSAL_STATUS_LABELS,
  EVALUATION_STATUS_LABELS,
  CORRECTION_STATUS_LABELS,
  OPINION_SOURCE_LABELS,
  FORM_TYPE_SHORT_LABELS,
  LEADING_GROUP_ROLE_LABELS,
  MAJOR_MATTER_LABELS,
  MOBILISATION_ITEM_LABELS,
  NOTIFICATION_KIND_LABELS,
  PHASE_LABELS,
  POST_POWER_LABELS,
  POST_RISK_GRADE_LABELS,
  RISK_CATEGORY_LABELS,
  RISK_LEVEL_LABELS,
  ROBOT_KIND_LABELS,
  ROLE_LABELS,
  ROSTER_IMPORT_MODE_LABELS,
  ROUND_KIND_LABELS,
  RUNG_LABELS,
  SELF_ASSESSMENT_LABELS,
  TOKEN_SCOPE_LABELS,
  UNIT_ACTIVITY_KIND_LABELS,
  UNIT_KIND_LABELS,
  UNIT_PHASE_STATUS_LABELS,
} from '@pirm/domain';

const schema = buildSchema(readFileSync(join(__dirname, '../../../apps/gateway/schema.gql'), 'utf8'));

/** Each labelled enum of the schema and the domain map its values' descriptions must be. */
const DOMAIN_LABELS: Record<string, Readonly<Record<string, string>>> = {
  AccessTokenScope: TOKEN_SCOPE_LABELS,
  AnalysisDirection: ANALYSIS_DIRECTION_LABELS,
  AppraisalGrade: APPRAISAL_GRADE_LABELS,
  BackwardSource: BACKWARD_SOURCE_LABELS,
  CampaignStatus: CAMPAIGN_STATUS_LABELS,
  CommitmentAudience: COMMITMENT_AUDIENCE_LABELS,
  ComplaintStatus: COMPLAINT_STATUS_LABELS,
  ComplaintSubjectKind: COMPLAINT_SUBJECT_KIND_LABELS,
  DeliveryStatus: DELIVERY_STATUS_LABELS,
  DepartmentKind: DEPARTMENT_KIND_LABELS,
  DisposalMeasure: DISPOSAL_MEASURE_LABELS,
  DisposalSource: DISPOSAL_SOURCE_LABELS,
  EscalationRung: RUNG_LABELS,
  EvaluationRoundKind: ROUND_KIND_LABELS,
  EvaluatorKind: EVALUATOR_LABELS,
  FindingMethod: FINDING_METHOD_LABELS,
  FormType: FORM_TYPE_SHORT_LABELS,
  LeadingGroupRole: LEADING_GROUP_ROLE_LABELS,
  MajorMatter: MAJOR_MATTER_LABELS,
  MobilisationItem: MOBILISATION_ITEM_LABELS,
  NotificationChannel: CHANNEL_LABELS,
  NotificationKind: NOTIFICATION_KIND_LABELS,
  Phase: PHASE_LABELS,
  PostPower: POST_POWER_LABELS,
  PostRiskGrade: POST_RISK_GRADE_LABELS,
  RiskCategory: RISK_CATEGORY_LABELS,
  RiskFormStatus: FORM_STATUS_LABELS,
  ReviewTaskStatus: REVIEW_TASK_STATUS_LABELS,
  ReviewStatus: REVIEW_STATUS_LABELS,
  ScreeningStage: SCREENING_STAGE_LABELS,
  NoticeCommentStatus: NOTICE_COMMENT_STATUS_LABELS,
  DisposalStatus: DISPOSAL_STATUS_LABELS,
  EvaluationStatus: EVALUATION_STATUS_LABELS,
  CorrectionStatus: CORRECTION_STATUS_LABELS,
  OpinionSource: OPINION_SOURCE_LABELS,
  RiskLevel: RISK_LEVEL_LABELS,
  RobotKind: ROBOT_KIND_LABELS,
  Role: ROLE_LABELS,
  RosterImportMode: ROSTER_IMPORT_MODE_LABELS,
  SelfAssessmentItem: SELF_ASSESSMENT_LABELS,
  UnitActivityKind: UNIT_ACTIVITY_KIND_LABELS,
  UnitKind: UNIT_KIND_LABELS,
  UnitPhaseStatus: UNIT_PHASE_STATUS_LABELS,
};

const labelled = Object.values(schema.getTypeMap()).filter(
  (t): t is GraphQLEnumType => isEnumType(t) && !t.name.startsWith('__') && t.getValues().some((v) => v.description),
);

/** The console's labels come from schema.gql: each value's description is the domain's word, in the domain's order. */
describe('the enums’ Chinese labels in schema.gql are the domain’s', () => {
  it('labels every value of a labelled enum, and each such enum has its domain map here', () => {
    for (const type of labelled)
      expect([type.name, type.getValues().filter((v) => !v.description)]).toEqual([type.name, []]);
    expect(labelled.map((t) => t.name).sort()).toEqual(Object.keys(DOMAIN_LABELS).sort());
  });

  it.each(Object.entries(DOMAIN_LABELS))(
    '%s: the domain’s words and order (R07, R08, R11, R12, R17 among them)',
    (name, labels) => {
      const type = schema.getType(name) as GraphQLEnumType;
      expect(type.getValues().map((v) => [v.name, v.description])).toEqual(Object.entries(labels));
    },
  );
});
