import { registerEnumType } from '@nestjs/graphql';
import {
  ANALYSIS_DIRECTIONS,
  BACKWARD_SOURCES,
  FINDING_METHODS,
  FORM_TYPES,
  MAJOR_MATTERS,
  PHASES,
  POST_RISK_GRADES,
  RISK_CATEGORIES,
  RISK_LEVELS,
  RUNGS,
  Role,
} from '@pirm/domain';
import { MOBILISATION_ITEMS } from '@pirm/contracts';

/** A GraphQL enum whose values are exactly the domain's string union. */
export function graphqlEnum<T extends string>(
  values: readonly T[],
  name: string,
  description?: string,
): { [K in T]: K } {
  const e = Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
  registerEnumType(e, { name, description });
  return e;
}

export const PhaseEnum = graphqlEnum(PHASES, 'Phase', 'The five phases: 动员学习, 风险排查, 执行, 评估, 修正.');
export const CampaignStatusEnum = graphqlEnum(
  ['SCHEDULED', 'RUNNING', 'COMPLETED', 'CANCELLED'] as const,
  'CampaignStatus',
);
export const AdminActionEnum = graphqlEnum(
  ['EXTEND', 'PAUSE', 'RESUME', 'CANCEL', 'ADD_UNIT', 'CLOSE_UNIT'] as const,
  'CampaignActionKind',
);
export const UnitPhaseStatusEnum = graphqlEnum(
  ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETE', 'CLOSED'] as const,
  'UnitPhaseStatus',
);
export const RungEnum = graphqlEnum(RUNGS, 'EscalationRung', '到期提醒, 逾期, 上报领导小组并通报, 责令重新查找整改.');
export const MobilisationItemEnum = graphqlEnum(
  MOBILISATION_ITEMS,
  'MobilisationItem',
  '工作机构 (R03), 实施方案 (R04), 动员大会 (R05).',
);
export const FormTypeEnum = graphqlEnum(
  FORM_TYPES,
  'FormType',
  '领导班子成员 / 中层领导 / 一般工作人员及教职工 (attachments 2–4).',
);
export const RiskCategoryEnum = graphqlEnum(
  RISK_CATEGORIES,
  'RiskCategory',
  '风险类型: 思想道德, 岗位职责, 业务流程, 制度机制.',
);
export const RiskLevelEnum = graphqlEnum(
  RISK_LEVELS,
  'RiskLevel',
  '风险级别: LEVEL_1 high likelihood and severe harm … LEVEL_3 low and light.',
);
export const PostRiskGradeEnum = graphqlEnum(POST_RISK_GRADES, 'PostRiskGrade', '岗位风险等级 A (highest), B, C.');
export const FindingMethodEnum = graphqlEnum(
  FINDING_METHODS,
  'FindingMethod',
  '自己找, 群众提, 互相查, 领导点, 组织评.',
);
export const AnalysisDirectionEnum = graphqlEnum(
  ANALYSIS_DIRECTIONS,
  'AnalysisDirection',
  '顺推法 (FORWARD) or 逆推法 (BACKWARD).',
);
export const BackwardSourceEnum = graphqlEnum(
  BACKWARD_SOURCES,
  'BackwardSource',
  '来信来访, 举报投诉, 财务审计, 督导检查, 工作考核.',
);
export const MajorMatterEnum = graphqlEnum(MAJOR_MATTERS, 'MajorMatter', '三重一大.');
export const RoleEnum = graphqlEnum(Object.values(Role), 'Role');
export const FormStatusEnum = graphqlEnum(['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED'] as const, 'RiskFormStatus');
export const TableFormatEnum = graphqlEnum(['CSV', 'XLSX'] as const, 'TableFormat');
export const ReviewDecisionEnum = graphqlEnum(['APPROVE', 'RETURN'] as const, 'ReviewDecision');
export const TaskStatusEnum = graphqlEnum(['OPEN', 'DONE', 'CANCELLED'] as const, 'ReviewTaskStatus');
export const ReviewStatusEnum = graphqlEnum(
  ['AWAITING_SUBMISSION', 'IN_REVIEW', 'RETURNED', 'APPROVED'] as const,
  'ReviewStatus',
);
