import type { FieldError } from './errors';
import { POST_RISK_GRADES, RISK_LEVELS, type FormType, type PostRiskGrade, type RiskLevel } from './risk';
import { ROLE_LABELS, Role } from './roles';

/** Roles that can be a step of a review chain. */
export const REVIEWER_ROLES = [Role.DEPARTMENT_HEAD, Role.SUPERVISING_LEADER, Role.UNIT_LEADING_GROUP, Role.DISCIPLINE_TEAM] as const;
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

/** R09, as the plan sets it; chains are data (table review_chain) that a district can change. */
export const DEFAULT_REVIEW_CHAINS: Readonly<Record<FormType, readonly ReviewerRole[]>> = {
  LEADERSHIP: [Role.UNIT_LEADING_GROUP, Role.DISCIPLINE_TEAM],
  MIDDLE_MANAGER: [Role.SUPERVISING_LEADER, Role.UNIT_LEADING_GROUP, Role.DISCIPLINE_TEAM],
  GENERAL_STAFF: [Role.DEPARTMENT_HEAD, Role.UNIT_LEADING_GROUP, Role.DISCIPLINE_TEAM],
};

/** Per-step review deadline and the reminder before it, in working days. */
export const DEFAULT_STEP_DEADLINE_WORKING_DAYS = 5;
export const DEFAULT_REMINDER_WORKING_DAYS = 1;

export function validateReviewChain(steps: readonly string[], path = 'steps'): FieldError[] {
  const errors: FieldError[] = [];
  if (steps.length === 0 || steps.length > 5) errors.push({ field: path, reason: 'must have 1 to 5 steps' });
  steps.forEach((s, i) => {
    if (!(REVIEWER_ROLES as readonly string[]).includes(s)) errors.push({ field: `${path}[${i}]`, reason: `must be one of ${REVIEWER_ROLES.join(', ')}` });
    else if (steps.indexOf(s) !== i) errors.push({ field: `${path}[${i}]`, reason: `repeats ${s}` });
  });
  return errors;
}

/** The step's label on the printed form (审查意见 / 审核意见 headings of attachments 2–4). */
export function reviewStepLabel(role: ReviewerRole): string {
  return ROLE_LABELS[role];
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

export function reviewerScope(role: ReviewerRole, form: { unitId: string; departmentId: string | null }): ReviewerScope {
  const departmental = role === Role.DEPARTMENT_HEAD || role === Role.SUPERVISING_LEADER;
  return { role, unitId: form.unitId, departmentId: departmental ? form.departmentId : null, districtWide: role === Role.DISCIPLINE_TEAM };
}

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
  if (d.decision !== 'APPROVE' && d.decision !== 'RETURN') errors.push({ field: 'decision', reason: 'must be APPROVE or RETURN' });
  if (typeof d.opinion !== 'string') errors.push({ field: 'opinion', reason: 'must be text' });
  else if (d.opinion.length > OPINION_MAX) errors.push({ field: 'opinion', reason: `must be at most ${OPINION_MAX} characters` });
  else if (d.decision === 'RETURN' && d.opinion.trim() === '') errors.push({ field: 'opinion', reason: 'is required when returning a form' });
  if (d.decision === 'APPROVE' && d.returnTo !== null) errors.push({ field: 'returnTo', reason: 'only goes with RETURN' });
  if (d.decision === 'RETURN' && d.returnTo !== null && (!Number.isInteger(d.returnTo) || d.returnTo < 0 || d.returnTo >= step)) {
    errors.push({ field: 'returnTo', reason: step === 0 ? 'the first step can only return to the submitter' : `must be a step before this one (0 to ${step - 1}) or null for the submitter` });
  }
  const seen = new Set<number>();
  d.levelChanges.forEach((c, i) => {
    const at = `levelChanges[${i}]`;
    if (!Number.isInteger(c.ordinal) || c.ordinal < 1 || c.ordinal > pointCount) errors.push({ field: `${at}.ordinal`, reason: `must be a risk point of the form (1 to ${pointCount})` });
    else if (seen.has(c.ordinal)) errors.push({ field: `${at}.ordinal`, reason: `repeats risk point ${c.ordinal}` });
    seen.add(c.ordinal);
    if (!(RISK_LEVELS as readonly string[]).includes(c.level)) errors.push({ field: `${at}.level`, reason: `must be one of ${RISK_LEVELS.join(', ')}` });
    if (typeof c.reason !== 'string' || c.reason.trim() === '') errors.push({ field: `${at}.reason`, reason: 'is required' });
  });
  if (d.gradeChange) {
    if (!(POST_RISK_GRADES as readonly string[]).includes(d.gradeChange.grade)) errors.push({ field: 'gradeChange.grade', reason: 'must be A, B or C' });
    if (typeof d.gradeChange.reason !== 'string' || d.gradeChange.reason.trim() === '') errors.push({ field: 'gradeChange.reason', reason: 'is required' });
  }
  return errors;
}
