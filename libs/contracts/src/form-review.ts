import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  DecisionInput,
  FormType,
  HolidayYear,
  ReviewDecisionRecord,
  ReviewerRole,
  ReviewStatus,
} from '@pirm/domain';

/** One review workflow per form: started by the first submission (update-with-start). */
export function formReviewWorkflowId(campaignId: string, personId: string): string {
  return `form:${campaignId}:${personId}`;
}

export const FORM_REVIEW_WORKFLOW_TYPE = 'formReviewWorkflow';

export interface FormReviewInput {
  campaignId: string;
  formId: string;
  ownerPersonId: string;
  unitId: string;
  departmentId: string | null;
  formType: FormType;
  /** The chain in force when the form was first submitted (R09: chains are data). */
  chain: ReviewerRole[];
  stepDeadlineWorkingDays: number;
  reminderWorkingDays: number;
  holidays: HolidayYear[];
  /**
   * A new run for an approved form sent back for revision (an accepted public comment, a redo order, R22):
   * the form waits for its owner's resubmission, which starts the chain from its first step.
   */
  reopen?: { reason: string; revision: number; by: string };
}

export type FormReviewStatus = ReviewStatus;

export interface ReviewStepState {
  index: number;
  role: ReviewerRole;
  /** People who may decide: holders of the role for the form's scope, minus the form's owner (recusal). */
  assignees: string[];
  /** Added when the step's deadline passed: holders of the next level up. */
  escalatedTo: string[];
  /** Why the step is with these people (e.g. recusal passed it up a level). */
  assignedBecause: string;
  openedAt: number | null;
  dueAt: number | null;
  remindAt: number | null;
  reminded: boolean;
  escalated: boolean;
}

export type DecisionRecord = ReviewDecisionRecord;

export interface FormReviewState {
  formId: string;
  status: FormReviewStatus;
  /** Submission round: 1 for the first submission, +1 for each resubmission after a return. */
  revision: number;
  /** The form row's version after the workflow's last write: decisions must name it (stale → rejected). */
  formVersion: number;
  currentStep: number | null;
  /** Where a resubmission resumes: the step that returned the form to its submitter. */
  resumeAt: number | null;
  steps: ReviewStepState[];
  decisions: DecisionRecord[];
  /** Reminders, escalations and extensions, in order. */
  events: ReviewEvent[];
}

export interface ReviewEvent {
  kind: 'REMINDER' | 'ESCALATION' | 'EXTENSION';
  revision: number;
  step: number;
  at: number;
  /** Who was told (reminder, escalation) or who extended (extension). */
  people: string[];
  detail: string;
}

export interface SubmitArgs {
  /** Idempotency key (also the update id): `submit:{formId}:{revision}`. */
  key: string;
  submittedBy: string;
  revision: number;
  formVersion: number;
}

export interface DecideArgs extends DecisionInput {
  /** The client's idempotency key (also the update id). */
  key: string;
  step: number;
  revision: number;
  reviewerId: string;
  formVersion: number;
}

export interface DecideResult {
  status: FormReviewStatus;
  currentStep: number | null;
  formVersion: number;
}

export interface ExtendStepArgs {
  key: string;
  step: number;
  workingDays: number;
  reason: string;
  by: string;
}

export const submitFormUpdate = defineUpdate<FormReviewState, [SubmitArgs]>('submitForm');
export const decideUpdate = defineUpdate<DecideResult, [DecideArgs]>('decide');
export const extendStepUpdate = defineUpdate<FormReviewState, [ExtendStepArgs]>('extendStep');
export const formReviewStateQuery = defineQuery<FormReviewState>('formReviewState');
/** The roster changed (roles given or taken away): the open step's reviewers are recomputed from it. */
export const rosterChangedSignal = defineSignal('rosterChanged');

export type FormReviewWorkflow = (input: FormReviewInput) => Promise<FormReviewState>;

/** The review workflow's input for a form and the chain in force (one place for gateway and tests). */
export function formReviewInput(
  form: {
    id: string;
    campaignId: string;
    personId: string;
    unitId: string;
    departmentId: string | null;
    formType: FormType;
  },
  chain: { steps: ReviewerRole[]; stepDeadlineWorkingDays: number; reminderWorkingDays: number },
  holidays: readonly HolidayYear[],
): FormReviewInput {
  return {
    campaignId: form.campaignId,
    formId: form.id,
    ownerPersonId: form.personId,
    unitId: form.unitId,
    departmentId: form.departmentId,
    formType: form.formType,
    chain: [...chain.steps],
    stepDeadlineWorkingDays: chain.stepDeadlineWorkingDays,
    reminderWorkingDays: chain.reminderWorkingDays,
    holidays: holidays.map((y) => ({ ...y, holidays: [...y.holidays], makeUpWorkdays: [...y.makeUpWorkdays] })),
  };
}
