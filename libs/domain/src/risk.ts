/** The three risk forms (attachments 2–4 of the plan); a person's post decides which one they fill. */
export const FORM_TYPES = ['LEADERSHIP', 'MIDDLE_MANAGER', 'GENERAL_STAFF'] as const;
export type FormType = (typeof FORM_TYPES)[number];

export const FORM_TYPE_LABELS: Readonly<Record<FormType, string>> = {
  LEADERSHIP: '领导班子成员廉政风险识别防控表',
  MIDDLE_MANAGER: '局机关(学校、单位)中层领导廉政风险识别和防控表',
  GENERAL_STAFF: '局机关一般工作人员及教职工廉政风险识别和防控表',
};

/** The forms' short names, as lists and the console show them; the titles above are for the printed form. */
export const FORM_TYPE_SHORT_LABELS: Readonly<Record<FormType, string>> = {
  LEADERSHIP: '领导班子成员',
  MIDDLE_MANAGER: '中层领导',
  GENERAL_STAFF: '一般工作人员及教职工',
};

/** 风险类型 (R08): the four aspects a risk is analysed from; they are also the causes a risk can have. */
export const RISK_CATEGORIES = ['IDEOLOGICAL_MORAL', 'POST_DUTY', 'BUSINESS_PROCESS', 'INSTITUTIONAL'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export const RISK_CATEGORY_LABELS: Readonly<Record<RiskCategory, string>> = {
  IDEOLOGICAL_MORAL: '思想道德',
  POST_DUTY: '岗位职责',
  BUSINESS_PROCESS: '业务流程',
  INSTITUTIONAL: '制度机制',
};

/** 风险级别 (R12): LEVEL_1 is high likelihood with severe harm. */
export const RISK_LEVELS = ['LEVEL_1', 'LEVEL_2', 'LEVEL_3'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_LEVEL_LABELS: Readonly<Record<RiskLevel, string>> = {
  LEVEL_1: '一级',
  LEVEL_2: '二级',
  LEVEL_3: '三级',
};

/** 岗位风险等级 (R12). */
export const POST_RISK_GRADES = ['A', 'B', 'C'] as const;
export type PostRiskGrade = (typeof POST_RISK_GRADES)[number];

export const POST_RISK_GRADE_LABELS: Readonly<Record<PostRiskGrade, string>> = { A: 'A 级', B: 'B 级', C: 'C 级' };

/** How a risk point was found (R07): 自己找, 群众提, 互相查, 领导点, 组织评. */
export const FINDING_METHODS = ['SELF', 'PUBLIC', 'MUTUAL', 'LEADER', 'ORGANISATION'] as const;
export type FindingMethod = (typeof FINDING_METHODS)[number];

export const FINDING_METHOD_LABELS: Readonly<Record<FindingMethod, string>> = {
  SELF: '自己找',
  PUBLIC: '群众提',
  MUTUAL: '互相查',
  LEADER: '领导点',
  ORGANISATION: '组织评',
};

/** R11: forward analysis starts from the post's matters and procedures (顺推法), backward from evidence (逆推法). */
export const ANALYSIS_DIRECTIONS = ['FORWARD', 'BACKWARD'] as const;
export type AnalysisDirection = (typeof ANALYSIS_DIRECTIONS)[number];

export const ANALYSIS_DIRECTION_LABELS: Readonly<Record<AnalysisDirection, string>> = {
  FORWARD: '顺推法',
  BACKWARD: '逆推法',
};

/** Sources of backward analysis, named and ordered as the plan lists them. */
export const BACKWARD_SOURCES = [
  'LETTERS_AND_VISITS',
  'COMPLAINTS',
  'FINANCIAL_AUDIT',
  'INSPECTION',
  'PERFORMANCE_ASSESSMENT',
] as const;
export type BackwardSource = (typeof BACKWARD_SOURCES)[number];

export const BACKWARD_SOURCE_LABELS: Readonly<Record<BackwardSource, string>> = {
  LETTERS_AND_VISITS: '来信来访',
  COMPLAINTS: '举报投诉',
  FINANCIAL_AUDIT: '财务审计',
  INSPECTION: '督导检查',
  PERFORMANCE_ASSESSMENT: '工作考核',
};

/** 三重一大 (LEADERSHIP forms must cover each). */
export const MAJOR_MATTERS = ['MAJOR_DECISIONS', 'IMPORTANT_APPOINTMENTS', 'MAJOR_PROJECTS', 'LARGE_FUNDS'] as const;
export type MajorMatter = (typeof MAJOR_MATTERS)[number];

export const MAJOR_MATTER_LABELS: Readonly<Record<MajorMatter, string>> = {
  MAJOR_DECISIONS: '重大事项决策',
  IMPORTANT_APPOINTMENTS: '重要人事任免',
  MAJOR_PROJECTS: '重大项目安排',
  LARGE_FUNDS: '大额度资金使用',
};

/** Likelihood (发生几率) and harm (危害程度) are each scored 1 (low) to 3 (high). */
export type Score = 1 | 2 | 3;

/** One risk point as the person enters it; level and grade are computed by the grading rules. */
export interface RiskPointInput {
  description: string;
  category: RiskCategory;
  /** Every aspect the risk stems from (includes `category`); more causes weigh more in the post grade. */
  causes: RiskCategory[];
  likelihood: number;
  harm: number;
  /** A level other than the computed one, with the reason; the reviewer decides. */
  proposedLevel?: RiskLevel | null;
  proposedLevelReason?: string | null;
  findingMethod: FindingMethod;
  direction: AnalysisDirection;
  /** Required for BACKWARD analysis. */
  backwardSource?: BackwardSource | null;
  /** 自我防控措施 for this point. */
  controlMeasures: string;
  /** Code of the post responsible for preventing it (R14); defaults to the person's own post. */
  responsiblePostCode?: string | null;
  /** The library template it came from (R10: common risks of the post type), if any. */
  templateId?: string | null;
  /** For LEADERSHIP forms: which of 三重一大 this point concerns. */
  majorMatter?: MajorMatter | null;
}
