import { PHASE_LABELS, type Phase } from './campaign-calendar';
import type { Bilingual, FieldError } from './errors';
import { NOT_TEXT, REQUIRED, tooLong } from './fields';
import { POST_RISK_GRADES, RISK_LEVELS, RISK_LEVEL_LABELS, type PostRiskGrade, type RiskLevel } from './risk';
import { ROLE_LABELS, Role, type RoleGrant } from './roles';

/** Roles that can be a step of a review chain. */
export const REVIEWER_ROLES = [
  Role.DEPARTMENT_HEAD,
  Role.SUPERVISING_LEADER,
  Role.UNIT_LEADING_GROUP,
  Role.DISCIPLINE_TEAM,
] as const;
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

/** A reviewer's task: open with its reviewers, done once decided, cancelled when its round ended without it. */
export const REVIEW_TASK_STATUSES = ['OPEN', 'DONE', 'CANCELLED'] as const;
export type ReviewTaskStatus = (typeof REVIEW_TASK_STATUSES)[number];
export const REVIEW_TASK_STATUS_LABELS: Readonly<Record<ReviewTaskStatus, string>> = {
  OPEN: '待审核',
  DONE: '已办',
  CANCELLED: '已撤销',
};

export function validateReviewChain(steps: readonly string[], path = 'steps'): FieldError[] {
  const errors: FieldError[] = [];
  if (steps.length === 0 || steps.length > 5)
    errors.push({ field: path, reason: 'must have 1 to 5 steps', message: '须有 1 至 5 级' });
  steps.forEach((s, i) => {
    if (!(REVIEWER_ROLES as readonly string[]).includes(s))
      errors.push({
        field: `${path}[${i}]`,
        reason: `must be one of ${REVIEWER_ROLES.join(', ')}`,
        message: '不是可选的审核角色',
      });
    else if (steps.indexOf(s) !== i)
      errors.push({
        field: `${path}[${i}]`,
        reason: `repeats ${s}`,
        message: `与前面的步骤重复（${ROLE_LABELS[s as ReviewerRole]}）`,
      });
  });
  return errors;
}

/**
 * Which role grants make someone a reviewer of a step for a form: the unit (or district-wide) and, for
 * department roles, the form's department.
 */
export interface ReviewerScope {
  role: Role;
  unitId: string;
  /** Only for DEPARTMENT_HEAD and SUPERVISING_LEADER. */
  departmentId: string | null;
  /** Whether a district-wide grant (unit null) also qualifies. */
  districtWide: boolean;
}

export function reviewerScope(
  role: ReviewerRole,
  form: { unitId: string; departmentId: string | null },
): ReviewerScope {
  const departmental = role === Role.DEPARTMENT_HEAD || role === Role.SUPERVISING_LEADER;
  return {
    role,
    unitId: form.unitId,
    departmentId: departmental ? form.departmentId : null,
    districtWide: role === Role.DISCIPLINE_TEAM,
  };
}

/** Whether a grant matches a reviewer scope, exactly as the reviewer look-up in the database matches it. */
export function grantFits(g: RoleGrant, scope: ReviewerScope): boolean {
  return (
    g.role === scope.role &&
    (g.unitId === scope.unitId || (scope.districtWide && g.unitId === null)) &&
    (scope.departmentId === null || g.departmentId === scope.departmentId)
  );
}

/**
 * Whether someone's grants, as the roster has them now, can put them on a step of a form: the step's role,
 * a role above it in the chain (recusal and escalation pass a step up) or the office, in the form's scope.
 * A person whose role was taken away decides nothing, even on a task still listing them (R09).
 */
export function mayDecideStep(
  grants: readonly RoleGrant[],
  rolesFromStep: readonly ReviewerRole[],
  form: { unitId: string; departmentId: string | null },
): boolean {
  const scopes: ReviewerScope[] = [
    ...rolesFromStep.map((r) => reviewerScope(r, form)),
    { role: Role.OFFICE_ADMIN, unitId: form.unitId, departmentId: null, districtWide: true },
  ];
  return grants.some((g) => scopes.some((s) => grantFits(g, s)));
}

/** A unit's campaign phases and what its mobilisation recorded, as the read model has them. */
export interface UnitPhaseView {
  phases: readonly { phase: Phase; status: string }[];
  /** Mobilisation items (R03–R05) still to record. */
  missingMobilisation: readonly string[];
}

/**
 * Why a form may not go into review now (R13, R22), or null when it may: a first submission needs the unit's
 * screening phase open; a returned form (a review return, a redo order, a correction round) may always go back.
 * `unit` is what the read model has of the unit's campaign (no phases: its campaign has not started yet).
 */
export function submissionClosedReason(unitId: string, unit: UnitPhaseView, formStatus: string): Bilingual | null {
  if (formStatus === 'RETURNED') return null;
  const screening = unit.phases.find((p) => p.phase === 'SCREENING');
  if (screening?.status === 'IN_PROGRESS') return null;
  const open = unit.phases.find((p) => p.status === 'IN_PROGRESS');
  const now = open
    ? { en: `is in ${open.phase} (${PHASE_LABELS[open.phase]})`, zh: `正处于${PHASE_LABELS[open.phase]}阶段` }
    : unit.phases.length
      ? { en: 'has no phase open', zh: '目前没有进行中的阶段' }
      : { en: 'has not started the campaign yet', zh: '尚未开始本次活动' };
  const missing =
    !screening || screening.status === 'NOT_STARTED'
      ? unit.missingMobilisation.length
        ? {
            en: `screening opens once its mobilisation is recorded, still missing: ${unit.missingMobilisation.join(', ')}`,
            zh: `动员部署记录齐全后才开始${PHASE_LABELS.SCREENING}，还缺 ${unit.missingMobilisation.length} 项`,
          }
        : { en: 'screening opens on its calendar date', zh: `${PHASE_LABELS.SCREENING}按活动日程开始` }
      : {
          en: `its screening is ${screening.status}: a form goes back into review only under a redo order or correction round`,
          zh: `${PHASE_LABELS.SCREENING}已经结束，只有责令重新查找或修正时才能再次送审`,
        };
  return {
    en: `Forms are submitted while unit ${unitId}'s SCREENING (${PHASE_LABELS.SCREENING}) phase is open: the unit ${now.en}; ${missing.en}.`,
    zh: `表单只能在${PHASE_LABELS.SCREENING}阶段提交：该单位${now.zh}；${missing.zh}`,
  };
}

/** A decision on a step already decided, or on a form that moved on (the gateway's read model or the workflow says so). */
export const STEP_NOT_OPEN: Bilingual = {
  en: 'This step is not open for a decision (it was decided, or the form moved on).',
  zh: '这一级审核已经办理，或表单已经流转，不能再作决定',
};

/** A decision by someone the step was never given to. */
export const STEP_NOT_YOURS: Bilingual = { en: 'This step is not assigned to you.', zh: '这一级审核没有分配给您' };

export type ReviewDecisionKind = 'APPROVE' | 'RETURN';

export interface LevelChange {
  /** The risk point's ordinal on the form (1-based). */
  ordinal: number;
  level: RiskLevel;
  reason: string;
}

export interface GradeChange {
  grade: PostRiskGrade;
  reason: string;
}

/** A reviewer's grade override in force on a form: it stands until a later reviewer overrides it with their own reason (R12). */
export interface GradeOverride extends GradeChange {
  role: ReviewerRole;
  setByName: string;
}

/** 审核调整 note printed beside the grade (form, PDF, XLSX): who set the grade and why. */
export function gradeOverrideNote(o: GradeOverride): string {
  return `${ROLE_LABELS[o.role]} ${o.setByName} 审核调整为 ${o.grade}：${o.reason}`;
}

/**
 * Why a step's task went to whom, as the reviewer reads it on the task (为何由我审核): the step's own role in the
 * unit; or, nobody else holding it, the level it was passed up to; or the office, when no level had anyone.
 */
export type AssignmentReason =
  | { kind: 'STEP_ROLE'; role: Role; unitId: string }
  | { kind: 'PASSED_UP'; role: Role; to: Role; earlierDecidersExcluded: boolean }
  | { kind: 'TO_OFFICE'; role: Role };

export function assignmentReasonText(r: AssignmentReason, reassigned = false): string {
  const text =
    r.kind === 'STEP_ROLE'
      ? `单位 ${r.unitId} 的${ROLE_LABELS[r.role]}`
      : r.kind === 'PASSED_UP'
        ? `除填表人${r.earlierDecidersExcluded ? '及前序审核人' : ''}外没有${ROLE_LABELS[r.role]}，已上交${ROLE_LABELS[r.to]}`
        : `没有其他人担任${ROLE_LABELS[r.role]}，已转交${ROLE_LABELS[Role.OFFICE_ADMIN]}`;
  return reassigned ? `${text}（名册变更后重新分派）` : text;
}

export interface DecisionInput {
  decision: ReviewDecisionKind;
  opinion: string;
  /** For RETURN: null sends the form back to the submitter, a step index to that earlier step. */
  returnTo: number | null;
  levelChanges: readonly LevelChange[];
  gradeChange: GradeChange | null;
}

/** A recorded decision: what the review workflow keeps and the read model stores (审查/审核意见). */
export interface ReviewDecisionRecord {
  /** The idempotency key it was made with. */
  key: string;
  revision: number;
  step: number;
  role: ReviewerRole;
  decision: ReviewDecisionKind;
  opinion: string;
  returnTo: number | null;
  levelChanges: LevelChange[];
  gradeChange: GradeChange | null;
  decidedBy: string;
  decidedAt: number;
}

const OPINION_MAX = 2000;

/** Checks a reviewer's decision on step `step` of a form with `pointCount` risk points. */
export function validateDecision(d: DecisionInput, step: number, pointCount: number): FieldError[] {
  const errors: FieldError[] = [];
  if (d.decision !== 'APPROVE' && d.decision !== 'RETURN')
    errors.push({ field: 'decision', reason: 'must be APPROVE or RETURN', message: '请选择通过或退回' });
  if (typeof d.opinion !== 'string') errors.push({ field: 'opinion', ...NOT_TEXT });
  else if (d.opinion.length > OPINION_MAX) errors.push({ field: 'opinion', ...tooLong(OPINION_MAX) });
  else if (d.decision === 'RETURN' && d.opinion.trim() === '')
    errors.push({ field: 'opinion', reason: 'is required when returning a form', message: '退回时须填写意见' });
  if (d.decision === 'APPROVE' && d.returnTo !== null)
    errors.push({ field: 'returnTo', reason: 'only goes with RETURN', message: '只有退回时才选择退回到哪一级' });
  if (
    d.decision === 'RETURN' &&
    d.returnTo !== null &&
    (!Number.isInteger(d.returnTo) || d.returnTo < 0 || d.returnTo >= step)
  ) {
    errors.push(
      step === 0
        ? {
            field: 'returnTo',
            reason: 'the first step can only return to the submitter',
            message: '第一级审核只能退回给填表人',
          }
        : {
            field: 'returnTo',
            reason: `must be a step before this one (0 to ${step - 1}) or null for the submitter`,
            message: '只能退回给填表人或此前的某一级审核',
          },
    );
  }
  const seen = new Set<number>();
  d.levelChanges.forEach((c, i) => {
    const at = `levelChanges[${i}]`;
    if (!Number.isInteger(c.ordinal) || c.ordinal < 1 || c.ordinal > pointCount)
      errors.push({
        field: `${at}.ordinal`,
        reason: `must be a risk point of the form (1 to ${pointCount})`,
        message: `须为本表的风险点（第 1 至 ${pointCount} 个）`,
      });
    else if (seen.has(c.ordinal))
      errors.push({
        field: `${at}.ordinal`,
        reason: `repeats risk point ${c.ordinal}`,
        message: `与前面的调整重复（第 ${c.ordinal} 个风险点）`,
      });
    seen.add(c.ordinal);
    if (!(RISK_LEVELS as readonly string[]).includes(c.level))
      errors.push({
        field: `${at}.level`,
        reason: `must be one of ${RISK_LEVELS.join(', ')}`,
        message: `须为${RISK_LEVELS.map((l) => RISK_LEVEL_LABELS[l]).join('、')}之一`,
      });
    if (typeof c.reason !== 'string' || c.reason.trim() === '') errors.push({ field: `${at}.reason`, ...REQUIRED });
  });
  if (d.gradeChange) {
    if (!(POST_RISK_GRADES as readonly string[]).includes(d.gradeChange.grade))
      errors.push({ field: 'gradeChange.grade', reason: 'must be A, B or C', message: '须为 A、B 或 C' });
    if (typeof d.gradeChange.reason !== 'string' || d.gradeChange.reason.trim() === '')
      errors.push({ field: 'gradeChange.reason', ...REQUIRED });
  }
  return errors;
}
