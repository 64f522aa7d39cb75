import { gradePost, type GradedPoint, type GradingRules } from './grading';
import type { PostRiskGrade } from './risk';
import { gradeOverrideNote, type GradeOverride, type ReviewDecisionKind } from './review';

/**
 * A risk form's lifecycle (R09), decided here only: the gateway, the review workflow and the SQL that
 * moves a form all ask these functions (the SQL takes its allowed statuses from `FORM_TRANSITIONS`).
 */
export const FORM_STATUSES = ['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

export const FORM_STATUS_LABELS: Readonly<Record<FormStatus, string>> = {
  DRAFT: '填写中',
  SUBMITTED: '审核中',
  RETURNED: '已退回',
  APPROVED: '已通过',
};

/** What may be done to a form: its owner edits and submits it, a reviewer decides it, the office reopens an approved one (R22). */
export type FormAction = 'EDIT' | 'SUBMIT' | 'DECIDE' | 'REOPEN';

/** The statuses each action starts from. */
export const FORM_TRANSITIONS: Readonly<Record<FormAction, readonly FormStatus[]>> = {
  EDIT: ['DRAFT', 'RETURNED'],
  SUBMIT: ['DRAFT', 'RETURNED'],
  DECIDE: ['SUBMITTED'],
  REOPEN: ['APPROVED'],
};

export function formAllows(action: FormAction, status: string): boolean {
  return (FORM_TRANSITIONS[action] as readonly string[]).includes(status);
}

/** The owner may change the form's content only while it is with them. */
export const mayEditForm = (status: string): boolean => formAllows('EDIT', status);
export const maySubmitForm = (status: string): boolean => formAllows('SUBMIT', status);
export const mayReopenForm = (status: string): boolean => formAllows('REOPEN', status);

/** The review workflow's view of the same lifecycle: it waits for a submission, reviews, or is back with the owner. */
export const REVIEW_STATUSES = ['AWAITING_SUBMISSION', 'IN_REVIEW', 'RETURNED', 'APPROVED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_STATUS_LABELS: Readonly<Record<ReviewStatus, string>> = {
  AWAITING_SUBMISSION: '待提交',
  IN_REVIEW: '审查中',
  RETURNED: '已退回',
  APPROVED: '已通过',
};

/** A review round may start only before the first review or after a return to the submitter. */
export const mayStartReviewRound = (status: ReviewStatus): boolean =>
  status === 'AWAITING_SUBMISSION' || status === 'RETURNED';

/** What a decision on step `step` of a chain of `stepCount` steps does next. */
export type DecisionOutcome =
  | { formStatus: 'SUBMITTED'; reviewStatus: 'IN_REVIEW'; next: { kind: 'OPEN_STEP'; step: number } }
  | { formStatus: 'APPROVED'; reviewStatus: 'APPROVED'; next: { kind: 'APPROVED' } }
  | { formStatus: 'RETURNED'; reviewStatus: 'RETURNED'; next: { kind: 'TO_SUBMITTER'; resumeAt: number } };

/**
 * An approval opens the next step, or approves the form at the last; a return goes to an earlier step (the form
 * stays in review) or to the submitter, whose resubmission resumes at the step that returned it.
 */
export function applyDecision(d: {
  decision: ReviewDecisionKind;
  returnTo: number | null;
  step: number;
  stepCount: number;
}): DecisionOutcome {
  if (d.decision === 'APPROVE') {
    return d.step === d.stepCount - 1
      ? { formStatus: 'APPROVED', reviewStatus: 'APPROVED', next: { kind: 'APPROVED' } }
      : { formStatus: 'SUBMITTED', reviewStatus: 'IN_REVIEW', next: { kind: 'OPEN_STEP', step: d.step + 1 } };
  }
  return d.returnTo === null
    ? { formStatus: 'RETURNED', reviewStatus: 'RETURNED', next: { kind: 'TO_SUBMITTER', resumeAt: d.step } }
    : { formStatus: 'SUBMITTED', reviewStatus: 'IN_REVIEW', next: { kind: 'OPEN_STEP', step: d.returnTo } };
}

/**
 * The post grade after a decision (R12): computed from the levels in force, unless a reviewer's override
 * (this decision's or an earlier one's) stands over it; the explanation then names both.
 */
export function regradeForm(
  points: readonly GradedPoint[],
  rules: GradingRules,
  override: GradeOverride | null,
): { grade: PostRiskGrade; score: number; explanation: string } {
  return withGradeOverride(gradePost(points, rules), override);
}

/** A computed grade, or the override standing over it with both named in the explanation (R12). */
export function withGradeOverride(
  graded: { grade: PostRiskGrade; score: number; explanation: string },
  override: GradeOverride | null,
): { grade: PostRiskGrade; score: number; explanation: string } {
  return override
    ? {
        grade: override.grade,
        score: graded.score,
        explanation: `${graded.explanation}；${gradeOverrideNote(override)}`,
      }
    : { grade: graded.grade, score: graded.score, explanation: graded.explanation };
}
