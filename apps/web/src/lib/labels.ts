// Chinese labels of the schema's enums and form fields (the console may not import the server's domain code).

export const ROLE_LABELS: Record<string, string> = {
  OFFICE_ADMIN: '领导小组办公室',
  DEPARTMENT_HEAD: '科室(年级组)负责人',
  SUPERVISING_LEADER: '分管领导',
  UNIT_LEADING_GROUP: '单位领导小组',
  DISCIPLINE_TEAM: '派驻纪检组、监察室',
  UNIT_PRINCIPAL: '单位主要负责人',
};

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

export const FORM_TYPE_LABELS: Record<string, string> = {
  LEADERSHIP: '领导班子成员',
  MIDDLE_MANAGER: '中层领导',
  GENERAL_STAFF: '一般工作人员及教职工',
};

export const CATEGORY_LABELS: Record<string, string> = {
  IDEOLOGICAL_MORAL: '思想道德',
  POST_DUTY: '岗位职责',
  BUSINESS_PROCESS: '业务流程',
  INSTITUTIONAL: '制度机制',
};

export const LEVEL_LABELS: Record<string, string> = { LEVEL_1: '一级', LEVEL_2: '二级', LEVEL_3: '三级' };

export const FINDING_METHOD_LABELS: Record<string, string> = {
  SELF: '自己找',
  PUBLIC: '群众提',
  MUTUAL: '互相查',
  LEADER: '领导点',
  ORGANISATION: '组织评',
};

export const DIRECTION_LABELS: Record<string, string> = { FORWARD: '顺推法', BACKWARD: '逆推法' };

export const BACKWARD_SOURCE_LABELS: Record<string, string> = {
  COMPLAINTS: '投诉举报',
  FINANCIAL_AUDIT: '财务审计',
  INSPECTION: '监督检查',
  LETTERS_AND_VISITS: '信访',
  PERFORMANCE_ASSESSMENT: '绩效考核',
};

export const MAJOR_MATTER_LABELS: Record<string, string> = {
  MAJOR_DECISIONS: '重大事项决策',
  IMPORTANT_APPOINTMENTS: '重要人事任免',
  MAJOR_PROJECTS: '重大项目安排',
  LARGE_FUNDS: '大额度资金使用',
};

export const FORM_STATUS_LABELS: Record<string, string> = {
  DRAFT: '草稿',
  SUBMITTED: '审核中',
  RETURNED: '已退回',
  APPROVED: '已通过',
};

export const PHASE_LABELS: Record<string, string> = {
  MOBILISATION: '动员学习',
  SCREENING: '风险排查',
  EXECUTION: '执行',
  EVALUATION: '评估',
  CORRECTION: '修正',
};

export const PHASE_STATUS_LABELS: Record<string, string> = {
  NOT_STARTED: '未开始',
  IN_PROGRESS: '进行中',
  COMPLETE: '已完成',
  CLOSED: '已关闭',
};

export const RUNG_LABELS: Record<string, string> = {
  REMINDER: '已提醒',
  OVERDUE: '已逾期',
  ESCALATED: '已升级',
  REDO_ORDER: '责令重新查找',
};

export const SCREENING_STAGE_LABELS: Record<string, string> = {
  FORMS: '填表审核',
  PUBLIC_NOTICE: '公示中',
  AWAITING_CONFIRMATION: '待主要负责人确认',
  ARCHIVED: '已建立风险档案',
};

export const CAMPAIGN_STATUS_LABELS: Record<string, string> = {
  SCHEDULED: '未开始',
  RUNNING: '进行中',
  COMPLETED: '已结束',
  CANCELLED: '已取消',
};

export const MOBILISATION_ITEM_LABELS: Record<string, string> = {
  WORKING_BODY: '工作机构',
  IMPLEMENTATION_PLAN: '实施方案',
  MOBILISATION_MEETING: '动员大会',
};

export const COMMENT_STATUS_LABELS: Record<string, string> = {
  OPEN: '待答复',
  ACCEPTED: '已采纳',
  DISMISSED: '不予采纳',
};

export const UNIT_ACTIVITY_LABELS: Record<string, string> = {
  INTEGRITY_EDUCATION: '廉政教育',
  TALK: '谈心谈话',
  HEARING: '听证',
  AFFAIRS_OPENNESS: '校务公开',
  INTERNAL_CHECK: '内部检查',
  SELF_CHECK: '自查',
  PUBLIC_APPRAISAL: '群众评议',
  INSPECTION: '不定期检查',
};

export const AUDIENCE_LABELS: Record<string, string> = {
  STUDENTS: '学生',
  PARENTS: '家长',
  STAFF: '教职工',
  PUBLIC: '社会公众',
};

export const APPRAISAL_LABELS: Record<string, string> = {
  GOOD: '好',
  FAIRLY_GOOD: '较好',
  AVERAGE: '一般',
  POOR: '差',
};

export const IMPORT_MODE_LABELS: Record<string, string> = {
  MERGE: '合并（名单外人员不变）',
  FULL_UNITS: '按单位全量（文件中单位的名单外人员离开）',
  FULL_DISTRICT: '全区全量（名单外人员全部离开）',
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

export const COMPLAINT_STATUS_LABELS: Record<string, string> = {
  RECEIVED: '待受理',
  ACCEPTED: '已受理',
  REFUSED: '不予受理',
  CONCLUDED: '已办结',
};

export const COMPLAINT_SUBJECT_LABELS: Record<string, string> = { UNIT: '单位', POST: '岗位', PERSON: '个人' };

/** R17's measures, mildest first: the order is the ladder a case climbs. */
export const DISPOSAL_MEASURE_LABELS: Record<string, string> = {
  TALK: '约见谈话',
  REMINDER: '重点提醒',
  WARNING_EDUCATION: '警示教育',
  ADMONITION: '告诫劝勉',
  CORRECTION: '纠正偏差',
  RECTIFICATION_ORDER: '责令整改',
};

export const DISPOSAL_SOURCE_LABELS: Record<string, string> = {
  COMPLAINT: '投诉举报',
  INSPECTION: '监督检查',
  APPRAISAL: '评议',
  SELF_CHECK: '自查',
  OTHER: '其他',
};

export const DISPOSAL_STATUS_LABELS: Record<string, string> = { OPEN: '处置中', CLOSED: '已办结' };

export const ROUND_KIND_LABELS: Record<string, string> = {
  INTERNAL: '内部评议',
  SERVICE_USER: '服务对象评议',
  EXTERNAL: '外部评议',
};

export const EVALUATOR_LABELS: Record<string, string> = {
  STAFF: '本单位干部职工',
  SERVICE_USER: '服务对象',
  NPC_DEPUTY: '人大代表',
  CPPCC_MEMBER: '政协委员',
  SPECIAL_SUPERVISOR: '特邀监督员',
  HIGHER_DEPARTMENT: '上级部门',
  SUBORDINATE_HEAD: '下级单位负责人',
  PARENT: '学生家长',
};

export const EVALUATION_STATUS_LABELS: Record<string, string> = { OPEN: '进行中', COMPLETE: '已完成' };

export const CORRECTION_STATUS_LABELS: Record<string, string> = {
  REVISING: '修正中',
  AWAITING_CONFIRMATION: '待主要负责人确认',
  ARCHIVED: '已形成新版档案',
};

export const OPINION_SOURCE_LABELS: Record<string, string> = {
  NOTICE_COMMENT: '公示意见',
  COMPLAINT: '投诉举报',
  APPRAISAL: '评议',
  EVALUATION: '评估',
};

/** What a notification is about (the server's `Notification.kind`, the same words as its e-mails and robots). */
export const NOTIFICATION_KIND_LABELS: Record<string, string> = {
  TASK: '新的审查任务',
  REMINDER: '审查任务即将到期',
  ESCALATION: '逾期升级',
  RETURNED: '防控表被退回',
  APPROVED: '防控表审核通过',
  EXTENDED: '审查期限延长',
  NOTICE: '风险点公示开始',
  NUDGE: '催办',
  COMPLAINT: '举报事项',
  DISPOSAL: '处置事项',
  EVALUATION: '评估事项',
  CORRECTION: '修正事项',
  DIGEST: '待办汇总',
};

/** Where a message goes beyond the console: the person's own mailbox or phone, or their group's robot. */
export const CHANNEL_LABELS: Record<string, string> = {
  EMAIL: '电子邮件',
  SMS: '短信',
  WECOM: '企业微信',
  DINGTALK: '钉钉',
};

export const ROBOT_KIND_LABELS: Record<string, string> = { WECOM: '企业微信群机器人', DINGTALK: '钉钉群机器人' };

/** A delivery's state (`DeliveryStatus`); a PENDING one that has failed before is 失败重试中 (`deliveryStateLabel`). */
export const DELIVERY_STATUS_LABELS: Record<string, string> = {
  HELD: '等待每日汇总',
  PENDING: '待发送',
  SENDING: '发送中',
  SENT: '已发送',
  DEAD: '投递失败',
  SKIPPED: '未发送（渠道未配置）',
  DIGESTED: '已并入每日汇总',
};

/** A delivery's state in words: due again after a failed attempt reads 失败重试中, not 待发送. */
export function deliveryStateLabel(d: { status: string; attempts: number }): string {
  if (d.status === 'PENDING' && d.attempts > 0) return '失败重试中';
  return DELIVERY_STATUS_LABELS[d.status] ?? d.status;
}

export const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

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
