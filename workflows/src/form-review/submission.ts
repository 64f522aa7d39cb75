import { patched } from '@temporalio/workflow';
import { ErrorCode, mayStartReviewRound } from '@pirm/domain';
import { rejection, type FormReviewInput, type FormReviewState, type SubmitArgs } from '@pirm/contracts';
import { openStep } from './assignment';
import { acts } from './proxies';
import { NOTICES_WITH_CAUSE, type Review } from './review';

/** An approved form sent back for revision: reopened, its owner told, and it waits for the resubmission. */
export async function reopen(review: Review, reopened: NonNullable<FormReviewInput['reopen']>): Promise<void> {
  const { state, input } = review;
  state.revision = reopened.revision;
  state.status = 'RETURNED';
  state.resumeAt = 0;
  const reopenForm = {
    formId: input.formId,
    revision: reopened.revision,
    reason: reopened.reason,
    by: reopened.by,
  };
  const notice = review.notice(
    `reopened:${input.formId}:${reopened.revision}`,
    [input.ownerPersonId],
    'RETURNED',
    `您的表需重新查找修改：${reopened.reason}`,
  );
  // The owner is told in the reopening's commit; runs recorded before told them in a step of its own.
  if (patched(NOTICES_WITH_CAUSE)) {
    await acts.reopenForm({ ...reopenForm, notifications: [notice] });
  } else {
    await acts.reopenForm(reopenForm);
    await review.db.notify(notice);
  }
  await review.nudgeUnit();
}

/** A submission round: the form is locked at its version and the chain opens where it resumes. */
export function submit(review: Review, args: SubmitArgs): Promise<FormReviewState> {
  const { state, input } = review;
  return review.gate.exclusively(async () => {
    if (args.revision <= state.revision) return state; // a retried submission: already applied
    const locked = await review.writes.lockFormForReview({
      formId: input.formId,
      formVersion: args.formVersion,
      revision: args.revision,
    });
    review.pointCount = locked.pointCount;
    state.revision = args.revision;
    state.formVersion = locked.version;
    state.status = 'IN_REVIEW';
    const resumeAt = state.resumeAt ?? 0;
    state.resumeAt = null;
    await openStep(review, resumeAt);
    return state;
  });
}

export function validateSubmit(review: Review, args: SubmitArgs): void {
  const { state, input } = review;
  if (args.submittedBy !== input.ownerPersonId)
    throw rejection(ErrorCode.FORBIDDEN, { en: 'Only the form’s owner submits it.', zh: '只有填表人本人可以提交表单' });
  if (args.revision <= state.revision) return;
  if (!mayStartReviewRound(state.status)) {
    throw rejection(ErrorCode.CONFLICT, {
      en: `The form is ${state.status}: it can be submitted only before review or after a return.`,
      zh: state.status === 'APPROVED' ? '表单已经通过，不能再提交' : '表单正在审核中，不能再提交',
    });
  }
  if (args.revision !== state.revision + 1)
    throw rejection(ErrorCode.CONFLICT, {
      en: `The next submission round is ${state.revision + 1}, not ${args.revision}.`,
      zh: '提交的轮次不对，请刷新后重试',
    });
}
