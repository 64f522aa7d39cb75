import { registerEnumType } from '@nestjs/graphql';
import {
  ANALYSIS_DIRECTIONS,
  ANALYSIS_DIRECTION_LABELS,
  BACKWARD_SOURCES,
  BACKWARD_SOURCE_LABELS,
  CAMPAIGN_STATUSES,
  CAMPAIGN_STATUS_LABELS,
  FINDING_METHODS,
  FINDING_METHOD_LABELS,
  FORM_STATUSES,
  FORM_STATUS_LABELS,
  FORM_TYPES,
  FORM_TYPE_SHORT_LABELS,
  MAJOR_MATTERS,
  MAJOR_MATTER_LABELS,
  MOBILISATION_ITEMS,
  MOBILISATION_ITEM_LABELS,
  PHASES,
  REVIEW_STATUSES,
  REVIEW_STATUS_LABELS,
  NOTICE_COMMENT_STATUSES,
  NOTICE_COMMENT_STATUS_LABELS,
  SCREENING_STAGES,
  SCREENING_STAGE_LABELS,
  REVIEW_TASK_STATUSES,
  REVIEW_TASK_STATUS_LABELS,
  PHASE_LABELS,
  POST_RISK_GRADES,
  POST_RISK_GRADE_LABELS,
  RISK_CATEGORIES,
  RISK_CATEGORY_LABELS,
  RISK_LEVELS,
  RISK_LEVEL_LABELS,
  ROLE_LABELS,
  RUNGS,
  RUNG_LABELS,
  Role,
  UNIT_PHASE_STATUSES,
  UNIT_PHASE_STATUS_LABELS,
} from '@pirm/domain';

/**
 * A GraphQL enum whose values are exactly the domain's string union. Given the domain's labels, each value's
 * description is its Chinese label: schema.gql carries them, and the console generates its label maps from them.
 */
export function graphqlEnum<T extends string>(
  values: readonly T[],
  name: string,
  { description, labels }: { description?: string; labels?: Readonly<Record<T, string>> } = {},
): { [K in T]: K } {
  const e = Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
  const valuesMap =
    labels &&
    (Object.fromEntries(values.map((v) => [v, { description: labels[v] }])) as Record<T, { description: string }>);
  registerEnumType(e, { name, description, valuesMap });
  return e;
}

export const PhaseEnum = graphqlEnum(PHASES, 'Phase', {
  description: 'The five phases, in order.',
  labels: PHASE_LABELS,
});
export const CampaignStatusEnum = graphqlEnum(CAMPAIGN_STATUSES, 'CampaignStatus', { labels: CAMPAIGN_STATUS_LABELS });
export const AdminActionEnum = graphqlEnum(
  ['EXTEND', 'PAUSE', 'RESUME', 'CANCEL', 'ADD_UNIT', 'CLOSE_UNIT'] as const,
  'CampaignActionKind',
);
export const UnitPhaseStatusEnum = graphqlEnum(UNIT_PHASE_STATUSES, 'UnitPhaseStatus', {
  labels: UNIT_PHASE_STATUS_LABELS,
});
export const RungEnum = graphqlEnum(RUNGS, 'EscalationRung', {
  description: 'The escalation ladder, in the order its rungs fire.',
  labels: RUNG_LABELS,
});
export const MobilisationItemEnum = graphqlEnum(MOBILISATION_ITEMS, 'MobilisationItem', {
  description: 'R03, R04, R05.',
  labels: MOBILISATION_ITEM_LABELS,
});
export const FormTypeEnum = graphqlEnum(FORM_TYPES, 'FormType', {
  description: 'Attachments 2–4 of the plan.',
  labels: FORM_TYPE_SHORT_LABELS,
});
export const RiskCategoryEnum = graphqlEnum(RISK_CATEGORIES, 'RiskCategory', {
  description: '风险类型 (R08).',
  labels: RISK_CATEGORY_LABELS,
});
export const RiskLevelEnum = graphqlEnum(RISK_LEVELS, 'RiskLevel', {
  description: '风险级别: LEVEL_1 high likelihood and severe harm … LEVEL_3 low and light.',
  labels: RISK_LEVEL_LABELS,
});
export const PostRiskGradeEnum = graphqlEnum(POST_RISK_GRADES, 'PostRiskGrade', {
  description: '岗位风险等级, A the highest.',
  labels: POST_RISK_GRADE_LABELS,
});
export const FindingMethodEnum = graphqlEnum(FINDING_METHODS, 'FindingMethod', {
  description: 'How a risk point was found (R07).',
  labels: FINDING_METHOD_LABELS,
});
export const AnalysisDirectionEnum = graphqlEnum(ANALYSIS_DIRECTIONS, 'AnalysisDirection', {
  description: 'R11: forward from the post’s matters and procedures, backward from evidence.',
  labels: ANALYSIS_DIRECTION_LABELS,
});
export const BackwardSourceEnum = graphqlEnum(BACKWARD_SOURCES, 'BackwardSource', {
  description: 'Sources of backward analysis.',
  labels: BACKWARD_SOURCE_LABELS,
});
export const MajorMatterEnum = graphqlEnum(MAJOR_MATTERS, 'MajorMatter', {
  description: '三重一大.',
  labels: MAJOR_MATTER_LABELS,
});
export const RoleEnum = graphqlEnum(Object.values(Role), 'Role', { labels: ROLE_LABELS });
export const FormStatusEnum = graphqlEnum(FORM_STATUSES, 'RiskFormStatus', { labels: FORM_STATUS_LABELS });
export const TableFormatEnum = graphqlEnum(['CSV', 'XLSX'] as const, 'TableFormat');
export const ReviewDecisionEnum = graphqlEnum(['APPROVE', 'RETURN'] as const, 'ReviewDecision');
export const TaskStatusEnum = graphqlEnum(REVIEW_TASK_STATUSES, 'ReviewTaskStatus', {
  labels: REVIEW_TASK_STATUS_LABELS,
});
export const ReviewStatusEnum = graphqlEnum(REVIEW_STATUSES, 'ReviewStatus', { labels: REVIEW_STATUS_LABELS });
export const ScreeningStageEnum = graphqlEnum(SCREENING_STAGES, 'ScreeningStage', {
  description:
    'A unit’s screening (R06–R15): forms in review, the public notice, the principal’s confirmation, archived.',
  labels: SCREENING_STAGE_LABELS,
});
export const NoticeCommentStatusEnum = graphqlEnum(NOTICE_COMMENT_STATUSES, 'NoticeCommentStatus', {
  labels: NOTICE_COMMENT_STATUS_LABELS,
});
