import { ErrorCode, REQUIRED, dateOf, notWholeNumber, type FieldError, DomainError } from '@pirm/domain';
import { rejection, type ExtendStepArgs, type FormReviewState, rejectionOf } from '@pirm/contracts';
import type { Review } from './review';

const MAX_EXTENSION_WORKING_DAYS = 60;

/** More working days for the open step: its timers re-armed from the old deadline, its reviewers told. */
export function extendStep(review: Review, args: ExtendStepArgs): Promise<FormReviewState> {
  const { state, calendar } = review;
  return review.gate.exclusively(async () => {
    const step = state.steps[args.step]!;
    if (state.currentStep !== args.step || state.status !== 'IN_REVIEW') return state; // decided meanwhile
    review.arm(step, calendar.deadlineAfter(step.dueAt! - 1, args.workingDays));
    state.events.push({
      kind: 'EXTENSION',
      revision: state.revision,
      step: args.step,
      at: Date.now(),
      people: [args.by],
      detail: args.reason,
    });
    await review.projectTaskAndNotify(
      step,
      review.notice(
        `extended:${args.key}`,
        step.assignees,
        'EXTENDED',
        `审查期限延长至 ${dateOf(step.dueAt! - 1)}：${args.reason}`,
      ),
    );
    return state;
  });
}

export function validateExtend(review: Review, args: ExtendStepArgs): void {
  const { state } = review;
  if (state.status !== 'IN_REVIEW' || state.currentStep !== args.step)
    throw rejection(ErrorCode.CONFLICT, { en: 'This step is not open.', zh: '这一级审核已经结束，不能延期' });
  const errors: FieldError[] = [];
  if (!Number.isInteger(args.workingDays) || args.workingDays < 1 || args.workingDays > MAX_EXTENSION_WORKING_DAYS) {
    errors.push({ field: 'workingDays', ...notWholeNumber(1, MAX_EXTENSION_WORKING_DAYS) });
  }
  if (!args.reason.trim()) errors.push({ field: 'reason', ...REQUIRED });
  if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid extension.'));
}
