// Chinese labels of the schema's enums this client prints (it imports nothing of the server).

export const FORM_TYPE_LABELS: Record<string, string> = {
  LEADERSHIP: '领导班子成员',
  MIDDLE_MANAGER: '中层领导',
  GENERAL_STAFF: '一般工作人员及教职工',
};

export const ROLE_LABELS: Record<string, string> = {
  DEPARTMENT_HEAD: '科室(年级组)负责人',
  SUPERVISING_LEADER: '分管领导',
  UNIT_LEADING_GROUP: '单位领导小组',
  DISCIPLINE_TEAM: '派驻纪检组、监察室',
  UNIT_PRINCIPAL: '单位主要负责人',
  OFFICE_ADMIN: '领导小组办公室',
};

export const REVIEW_STATUS_LABELS: Record<string, string> = {
  APPROVED: '已通过',
  AWAITING_SUBMISSION: '待提交',
  IN_REVIEW: '审查中',
  RETURNED: '已退回',
};

export const NOTIFICATION_LABELS: Record<string, string> = {
  TASK: '新待办',
  REMINDER: '提醒',
  ESCALATION: '升级',
  RETURNED: '退回',
  APPROVED: '通过',
  EXTENDED: '延期',
};

/** A date-time in China Standard Time, as the district reads it. */
export function cst(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
