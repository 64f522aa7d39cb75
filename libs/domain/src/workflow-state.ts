import type { Phase, PhaseWindow } from './campaign-calendar';
import type { ComplaintStatus } from './complaint';
import type { DisposalMeasure } from './disposal';
import type { Rung } from './escalation';
import type { EvaluationRule, EvaluatorKind, RoundKind, SelfAssessmentEntry, WeightedScore } from './evaluation';

/**
 * The states the workflows keep, answer queries with and project into the read model's jsonb columns. They live
 * here, not in libs/contracts, because libs/persistence types those columns with them and may import only
 * libs/domain; libs/contracts re-exports them.
 */

// ---- campaign ----

export const CAMPAIGN_STATUSES = ['SCHEDULED', 'RUNNING', 'COMPLETED', 'CANCELLED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_STATUS_LABELS: Readonly<Record<CampaignStatus, string>> = {
  SCHEDULED: '未开始',
  RUNNING: '进行中',
  COMPLETED: '已结束',
  CANCELLED: '已取消',
};

export type UnitOutcome = 'RUNNING' | 'COMPLETE' | 'CLOSED' | 'CANCELLED';

export type AdminActionKind = 'EXTEND' | 'PAUSE' | 'RESUME' | 'CANCEL' | 'ADD_UNIT' | 'CLOSE_UNIT';

/** An office action on a running campaign; every one is recorded with who and why. */
export interface AdminAction {
  key: string;
  kind: AdminActionKind;
  by: string;
  reason: string;
  /** The unit acted on; without it EXTEND, PAUSE, RESUME and CANCEL act on the whole campaign. */
  unitId?: string | null;
  /** EXTEND: the phase and its new last day. */
  phase?: Phase | null;
  endsOn?: string | null;
}

export interface RecordedAction extends AdminAction {
  at: number;
}

export interface CampaignState {
  campaignId: string;
  year: number;
  status: CampaignStatus;
  currentPhase: Phase | null;
  calendar: PhaseWindow[];
  rulesVersion: number;
  launchedBy: string;
  paused: boolean;
  /** Units paused on their own (PAUSE with a unit), while the campaign runs. Absent in runs before unit pauses. */
  pausedUnits?: string[];
  /** Working days of the public notice (R13). Absent in campaigns launched before it was a setting (5). */
  noticeWorkingDays?: number;
  /** Years of the calendar without holiday data: deadlines there count plain Monday–Friday. */
  missingHolidayYears?: number[];
  /** Each unit's outcome so far. */
  units: Record<string, UnitOutcome>;
  actions: RecordedAction[];
  /**
   * Monotonic counter of state changes: projections apply a change only when it is newer than what they
   * hold, so a retried or re-ordered activity never moves the read model backwards.
   */
  revision: number;
}

// ---- a unit's campaign ----

/** What a unit records in mobilisation (R03 working body, R04 implementation plan, R05 meeting and study). */
export const MOBILISATION_ITEMS = ['WORKING_BODY', 'IMPLEMENTATION_PLAN', 'MOBILISATION_MEETING'] as const;
export type MobilisationItem = (typeof MOBILISATION_ITEMS)[number];
export const MOBILISATION_ITEM_LABELS: Readonly<Record<MobilisationItem, string>> = {
  WORKING_BODY: '工作机构',
  IMPLEMENTATION_PLAN: '实施方案',
  MOBILISATION_MEETING: '动员大会',
};

export const UNIT_PHASE_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETE', 'CLOSED'] as const;
export type UnitPhaseStatus = (typeof UNIT_PHASE_STATUSES)[number];
export const UNIT_PHASE_STATUS_LABELS: Readonly<Record<UnitPhaseStatus, string>> = {
  NOT_STARTED: '未开始',
  IN_PROGRESS: '进行中',
  COMPLETE: '已完成',
  CLOSED: '已关闭',
};

export interface UnitPhaseState {
  phase: Phase;
  status: UnitPhaseStatus;
  openedAt: number | null;
  completedAt: number | null;
  /** End of the phase's last day, after any extension; shifted by pauses. */
  deadline: number;
  /** Rungs of the escalation ladder fired for this phase, in order; each fires once. */
  rungs: Rung[];
  /** Evidence text of a recorded completion. */
  evidence: string | null;
}

export interface MobilisationRecord {
  by: string;
  at: number;
  evidence: string;
  /** For the meeting (R05): people who attended. */
  attendance: number | null;
}

export const SCREENING_STAGES = ['FORMS', 'PUBLIC_NOTICE', 'AWAITING_CONFIRMATION', 'ARCHIVED'] as const;
export type ScreeningStage = (typeof SCREENING_STAGES)[number];
export const SCREENING_STAGE_LABELS: Readonly<Record<ScreeningStage, string>> = {
  FORMS: '填表审核',
  PUBLIC_NOTICE: '公示中',
  AWAITING_CONFIRMATION: '待主要负责人确认',
  ARCHIVED: '已建立风险档案',
};

/** A comment on the public notice (R14): open until the unit answers it. */
export const NOTICE_COMMENT_STATUSES = ['OPEN', 'ACCEPTED', 'DISMISSED'] as const;
export type NoticeCommentStatus = (typeof NOTICE_COMMENT_STATUSES)[number];
export const NOTICE_COMMENT_STATUS_LABELS: Readonly<Record<NoticeCommentStatus, string>> = {
  OPEN: '待答复',
  ACCEPTED: '已采纳',
  DISMISSED: '不予采纳',
};

export interface UnitCampaignState {
  campaignId: string;
  unitId: string;
  phases: UnitPhaseState[];
  mobilisation: Partial<Record<MobilisationItem, MobilisationRecord>>;
  screening: {
    stage: ScreeningStage;
    staff: number;
    approved: number;
    noticeOpensAt: number | null;
    noticeClosesAt: number | null;
    /** The office closed the notice before its period ended (absent in runs before it could). */
    noticeClosedEarly?: { by: string; reason: string; at: number } | null;
    archiveVersion: number | null;
    confirmedBy: string | null;
  };
  paused: boolean;
  /** Years of the calendar without holiday data (absent in runs before holidays could be published). */
  missingHolidayYears?: number[];
  closed: { by: string; reason: string; at: number } | null;
  cancelled: boolean;
  /** Monotonic: projections apply only newer revisions. */
  revision: number;
}

// ---- complaint (R16) ----

export type ComplaintEventKind =
  'RECEIVED' | 'REMINDER' | 'ESCALATED' | 'ACCEPTED' | 'REFUSED' | 'CONCLUDED' | 'COMPLAINANT_TOLD';

export interface ComplaintEvent {
  kind: ComplaintEventKind;
  at: number;
  /** Person id of the handler, or null for the system. */
  by: string | null;
  /** Shown to the complainant on receipt lookup (reasons, outcome), never names of handlers. */
  detail: string;
}

export interface ComplaintState {
  complaintId: string;
  status: ComplaintStatus;
  receivedAt: number;
  /** The current deadline: to accept or refuse, then to conclude; null once closed. */
  dueAt: number | null;
  escalated: boolean;
  substantiated: boolean | null;
  events: ComplaintEvent[];
  revision: number;
}

// ---- disposal case (R17) ----

export interface DisposalStep {
  measure: DisposalMeasure;
  appliedAt: number;
  /** End of the follow-up deadline. */
  dueAt: number;
  /** Why this measure: opened with it, climbed to it when overdue, or applied by the office. */
  because: string;
  response: { text: string; at: number } | null;
  /** Responses the office did not accept, with its reasons. */
  rejected: { text: string; at: number; reason: string }[];
}

export const DISPOSAL_STATUSES = ['OPEN', 'CLOSED'] as const;
export type DisposalStatus = (typeof DISPOSAL_STATUSES)[number];
export const DISPOSAL_STATUS_LABELS: Readonly<Record<DisposalStatus, string>> = { OPEN: '处置中', CLOSED: '已办结' };

export interface DisposalState {
  caseId: string;
  status: DisposalStatus;
  steps: DisposalStep[];
  /** Set when the top measure's deadline passed with no response: the discipline team was told. */
  overdueAtTop: boolean;
  outcome: { text: string; by: string; at: number } | null;
  revision: number;
}

// ---- evaluation (R18, R19) ----

export const EVALUATION_STATUSES = ['OPEN', 'COMPLETE'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const EVALUATION_STATUS_LABELS: Readonly<Record<EvaluationStatus, string>> = {
  OPEN: '进行中',
  COMPLETE: '已完成',
};

export interface EvaluationRound {
  id: string;
  kind: RoundKind;
  closesAt: number;
  closed: boolean;
  /** One-time invitations by the SHA-256 of their code; `used` once scored. */
  invitations: { hash: string; evaluatorKind: EvaluatorKind; used: boolean }[];
  scores: { evaluatorKind: EvaluatorKind; score: number; comment: string | null; at: number }[];
}

export interface EvaluationState {
  campaignId: string;
  unitId: string;
  rule: EvaluationRule;
  selfAssessment: { items: SelfAssessmentEntry[]; by: string; at: number } | null;
  rounds: EvaluationRound[];
  district: { score: number; opinion: string; by: string; at: number } | null;
  result: WeightedScore | null;
  status: EvaluationStatus;
  revision: number;
}

// ---- correction round (R20) ----

export const CORRECTION_STATUSES = ['REVISING', 'AWAITING_CONFIRMATION', 'ARCHIVED'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
export const CORRECTION_STATUS_LABELS: Readonly<Record<CorrectionStatus, string>> = {
  REVISING: '修正中',
  AWAITING_CONFIRMATION: '待主要负责人确认',
  ARCHIVED: '已形成新版档案',
};

/** Where an opinion compiled for a correction round (R20) came from. */
export const OPINION_SOURCES = ['NOTICE_COMMENT', 'COMPLAINT', 'APPRAISAL', 'EVALUATION'] as const;
export type OpinionSource = (typeof OPINION_SOURCES)[number];
export const OPINION_SOURCE_LABELS: Readonly<Record<OpinionSource, string>> = {
  NOTICE_COMMENT: '公示意见',
  COMPLAINT: '投诉举报',
  APPRAISAL: '评议',
  EVALUATION: '评估',
};

export interface CorrectionState {
  campaignId: string;
  unitId: string;
  status: CorrectionStatus;
  /** Opinions compiled when the round started (notice comments, complaints, appraisal, evaluation); null until compiled. */
  opinionCount: number | null;
  forms: { formId: string; approved: boolean }[];
  archiveVersion: number | null;
  confirmedBy: string | null;
  revision: number;
}
