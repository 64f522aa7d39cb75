import { condition, patched, setHandler } from '@temporalio/workflow';
import { ROLE_LABELS, Role, dateOf } from '@pirm/domain';
import {
  decideUpdate,
  extendStepUpdate,
  formReviewStateQuery,
  rosterChangedSignal,
  submitFormUpdate,
  type FormReviewInput,
  type FormReviewState,
} from '@pirm/contracts';
import { reassignOpenStep } from './form-review/assignment';
import { decide, validateDecide } from './form-review/decision';
import { extendStep, validateExtend } from './form-review/extension';
import { acts, localActs } from './form-review/proxies';
import { Review } from './form-review/review';
import { reopen, submit, validateSubmit } from './form-review/submission';

/**
 * Waits out the open step's reminder, then its deadline, until the form is approved. Any change (a decision,
 * an extension, a new step) wakes the loop to wait for the timers as they are now.
 */
async function watchDeadlines(review: Review): Promise<void> {
  const { state, gate } = review;
  while (state.status !== 'APPROVED') {
    const seen = gate.changes;
    const step =
      state.status === 'IN_REVIEW' && state.currentStep !== null ? state.steps[state.currentStep]! : undefined;
    const nextAt = step && !gate.busy ? (!step.reminded ? step.remindAt : !step.escalated ? step.dueAt : null) : null;
    if (nextAt === null) {
      await condition(() => gate.changes !== seen || state.status === 'APPROVED');
      continue;
    }
    const woken = await condition(
      () => gate.changes !== seen || state.status === 'APPROVED',
      Math.max(nextAt - Date.now(), 1),
    );
    if (!woken) await fireTimer(review, step!.index, state.revision);
  }
}

/** The reminder, then the escalation to the next level up, of the step still open in the same round. */
async function fireTimer(review: Review, index: number, revision: number): Promise<void> {
  const { state } = review;
  await review.gate.exclusively(async () => {
    const step = state.steps[index]!;
    if (state.status !== 'IN_REVIEW' || state.currentStep !== index || state.revision !== revision) return;
    if (!step.reminded && Date.now() >= step.remindAt!) {
      step.reminded = true;
      state.events.push({
        kind: 'REMINDER',
        revision,
        step: index,
        at: Date.now(),
        people: step.assignees,
        detail: `due ${dateOf(step.dueAt! - 1)}`,
      });
      await review.db.notify(
        review.notice(
          `remind:${review.taskId(index)}:${step.dueAt}`,
          step.assignees,
          'REMINDER',
          `审查任务将于 ${dateOf(step.dueAt! - 1)} 到期`,
        ),
      );
    } else if (!step.escalated && Date.now() >= step.dueAt!) {
      step.escalated = true;
      const upper = state.steps[index + 1]?.role ?? Role.OFFICE_ADMIN;
      step.escalatedTo = (await review.reviewersOf(upper, review.deciders(index))).filter(
        (p) => !step.assignees.includes(p),
      );
      state.events.push({
        kind: 'ESCALATION',
        revision,
        step: index,
        at: Date.now(),
        people: step.escalatedTo,
        detail: `overdue: escalated to ${ROLE_LABELS[upper]}`,
      });
      await review.projectTask(step);
      await review.db.notify(
        review.notice(
          `escalate:${review.taskId(index)}:${step.dueAt}`,
          [...step.escalatedTo, ...step.assignees],
          'ESCALATION',
          `审查任务已逾期，已升级至${ROLE_LABELS[upper]}`,
        ),
      );
    }
  });
}

/**
 * One form's review chain (workflow id `form:{campaignId}:{personId}`), R09. Started by the first submission
 * (update-with-start); steps follow the chain given at start. Decisions are Updates with validators: a
 * wrong person, a step not open, a stale form version or a bad opinion is rejected and leaves no history.
 * Each open step has a reminder and a deadline in working days; at the deadline the step is escalated to
 * the next level up, who may then decide it too. Returns when the last step approves.
 */
export async function formReviewWorkflow(input: FormReviewInput): Promise<FormReviewState> {
  // Runs recorded before these changes replay with regular activities.
  const db = patched('local-db-steps') ? localActs : acts;
  const writes = patched('local-decision-writes') ? localActs : acts;
  const review = new Review(input, db, writes);

  setHandler(formReviewStateQuery, () => review.state);
  setHandler(rosterChangedSignal, () => {
    // Runs recorded before this signal existed never received it; the patch marks where the handler first acted.
    if (patched('reassign-on-roster-change')) void review.gate.exclusively(() => reassignOpenStep(review));
  });
  // The updates are registered after the reopening, as they always were: one arriving during it is refused.
  if (input.reopen) await reopen(review, input.reopen);
  setHandler(submitFormUpdate, (args) => submit(review, args), { validator: (args) => validateSubmit(review, args) });
  setHandler(decideUpdate, (args) => decide(review, args), { validator: (args) => validateDecide(review, args) });
  setHandler(extendStepUpdate, (args) => extendStep(review, args), {
    validator: (args) => validateExtend(review, args),
  });

  await watchDeadlines(review);
  // Let an in-flight update finish before the run closes.
  await condition(() => !review.gate.busy);
  return review.state;
}
