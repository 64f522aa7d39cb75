// Chinese labels for the console. Those of the schema's enums are generated from it (src/gql/labels.ts, the
// domain's words in each value's description); the rest label strings the schema does not enumerate.
import * as generated from '../gql/labels';

/** Keyed by string: pages look up the codes as the server sends them. */
type Labels = Readonly<Record<string, string>>;

export const ROLE_LABELS: Labels = generated.RoleLabels;
export const FORM_TYPE_LABELS: Labels = generated.FormTypeLabels;
export const CATEGORY_LABELS: Labels = generated.RiskCategoryLabels;
export const LEVEL_LABELS: Labels = generated.RiskLevelLabels;
export const POST_GRADE_LABELS: Labels = generated.PostRiskGradeLabels;
export const FINDING_METHOD_LABELS: Labels = generated.FindingMethodLabels;
export const DIRECTION_LABELS: Labels = generated.AnalysisDirectionLabels;
export const BACKWARD_SOURCE_LABELS: Labels = generated.BackwardSourceLabels;
export const MAJOR_MATTER_LABELS: Labels = generated.MajorMatterLabels;
export const FORM_STATUS_LABELS: Labels = generated.RiskFormStatusLabels;
export const TASK_STATUS_LABELS: Labels = generated.ReviewTaskStatusLabels;
export const SCREENING_STAGE_LABELS: Labels = generated.ScreeningStageLabels;
export const COMMENT_STATUS_LABELS: Labels = generated.NoticeCommentStatusLabels;
export const DISPOSAL_STATUS_LABELS: Labels = generated.DisposalStatusLabels;
export const EVALUATION_STATUS_LABELS: Labels = generated.EvaluationStatusLabels;
export const CORRECTION_STATUS_LABELS: Labels = generated.CorrectionStatusLabels;
export const OPINION_SOURCE_LABELS: Labels = generated.OpinionSourceLabels;
export const PHASE_LABELS: Labels = generated.PhaseLabels;
export const PHASE_STATUS_LABELS: Labels = generated.UnitPhaseStatusLabels;
export const RUNG_LABELS: Labels = generated.EscalationRungLabels;
export const CAMPAIGN_STATUS_LABELS: Labels = generated.CampaignStatusLabels;
export const MOBILISATION_ITEM_LABELS: Labels = generated.MobilisationItemLabels;
export const UNIT_ACTIVITY_LABELS: Labels = generated.UnitActivityKindLabels;
export const AUDIENCE_LABELS: Labels = generated.CommitmentAudienceLabels;
export const APPRAISAL_LABELS: Labels = generated.AppraisalGradeLabels;
export const IMPORT_MODE_LABELS: Labels = generated.RosterImportModeLabels;
export const UNIT_KIND_LABELS: Labels = generated.UnitKindLabels;
export const COMPLAINT_STATUS_LABELS: Labels = generated.ComplaintStatusLabels;
export const COMPLAINT_SUBJECT_LABELS: Labels = generated.ComplaintSubjectKindLabels;
export const DISPOSAL_MEASURE_LABELS: Labels = generated.DisposalMeasureLabels;
export const DISPOSAL_SOURCE_LABELS: Labels = generated.DisposalSourceLabels;
export const ROUND_KIND_LABELS: Labels = generated.EvaluationRoundKindLabels;
export const EVALUATOR_LABELS: Labels = generated.EvaluatorKindLabels;
export const NOTIFICATION_KIND_LABELS: Labels = generated.NotificationKindLabels;
export const CHANNEL_LABELS: Labels = generated.NotificationChannelLabels;
export const ROBOT_KIND_LABELS: Labels = generated.RobotKindLabels;
export const DELIVERY_STATUS_LABELS: Labels = generated.DeliveryStatusLabels;
export const TOKEN_SCOPE_LABELS: Labels = generated.AccessTokenScopeLabels;

// The domain's FORM_FIELD_LABELS too: field paths are no enum, so the schema cannot carry them.
export const FORM_FIELD_LABELS: Record<string, string> = {
  position: '职务',
  departmentName: '科室',
  postDuties: '岗位职责',
  workflowDescription: '工作流程',
  personInCharge: '负责人',
  controlMeasures: '自我防控措施',
};

export const RISK_POINT_FIELD_LABELS: Record<string, string> = {
  description: '风险点描述',
  category: '风险类型',
  causes: '形成原因',
  likelihood: '发生几率',
  harm: '危害程度',
  findingMethod: '查找方式',
  direction: '分析方法',
  backwardSource: '逆推来源',
  controlMeasures: '防控措施',
  majorMatter: '三重一大',
  responsiblePostCode: '责任岗位编码',
  proposedLevel: '建议级别',
  proposedLevelReason: '建议理由',
};

/** The audit trail's actions (a few carry a kind or phase after their prefix, e.g. EXPORT_UNIT_RISK_LIST). */
const AUDIT_ACTION_LABELS: Record<string, string> = {
  ACCESS_TOKEN_CREATE: '创建访问令牌',
  ACCESS_TOKEN_FIRST_USE: '访问令牌首次使用',
  ACCESS_TOKEN_REVOKE: '吊销访问令牌',
  ARCHIVE_CONFIRMED: '确认风险档案',
  CAMPAIGN_LAUNCH: '启动活动',
  COMPLAINT_RECEIVED: '受理举报',
  CORRECTION_STARTED: '启动修正',
  DRAFT_SAVE: '保存草稿',
  EVALUATION_RULE_PUBLISHED: '发布测评规则',
  FORM_REOPENED: '退回重填',
  GRADING_RULES_PUBLISH: '发布评级规则',
  HOLIDAYS_PUBLISH: '发布节假日',
  NOTICE_CLOSED_EARLY: '提前结束公示',
  NOTIFICATION_RETRY: '重发通知',
  NOTIFY_ROBOT_REMOVE: '删除群机器人',
  NOTIFY_ROBOT_SET: '设置群机器人',
  NUDGE: '催办',
  PERSON_LEFT: '人员离开',
  REVIEW_CHAIN_CHANGE: '修改审核链',
  ROSTER_IMPORT: '导入名册',
  SUBMISSION: '提交表单',
};

const AUDIT_ACTION_PREFIXES: [string, string][] = [
  ['CAMPAIGN_', '活动操作'],
  ['ESCALATION_', '预警升级'],
  ['EXPORT_', '导出'],
  ['MOBILISATION_', '动员部署记录'],
  ['NOTICE_COMMENT_', '答复公示意见'],
  ['PHASE_COMPLETE_', '完成阶段'],
];

/** An audit action in words, with its code (which the filter takes): 发布评级规则（GRADING_RULES_PUBLISH）. */
export function auditActionLabel(action: string): string {
  const label = AUDIT_ACTION_LABELS[action] ?? AUDIT_ACTION_PREFIXES.find(([prefix]) => action.startsWith(prefix))?.[1];
  return label ? `${label}（${action}）` : action;
}

/** A delivery's state in words: due again after a failed attempt reads 失败重试中, not 待发送. */
export function deliveryStateLabel(d: { status: string; attempts: number }): string {
  if (d.status === 'PENDING' && d.attempts > 0) return '失败重试中';
  return DELIVERY_STATUS_LABELS[d.status] ?? d.status;
}

export const options = (labels: Labels) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** `riskPoints[2].likelihood` → 风险点3 · 发生几率: where a server field error belongs, in words. */
export function fieldLabel(path: string): string {
  const point = /^riskPoints\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (point) {
    const where = `风险点${Number(point[1]) + 1}`;
    return point[2] ? `${where} · ${RISK_POINT_FIELD_LABELS[point[2]] ?? point[2]}` : where;
  }
  if (path === 'riskPoints') return '风险点';
  return FORM_FIELD_LABELS[path] ?? path;
}
