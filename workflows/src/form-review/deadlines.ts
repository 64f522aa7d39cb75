import { condition } from '@temporalio/workflow';
import { ROLE_LABELS, Role, dateOf } from '@pirm/domain';
import type { Review } from './review';

/**
 * Waits out the open step's reminder, then its deadline, until the form is approved. Any change (a decision,
 * an extension, a new step) wakes the loop to wait for the timers as they are now.
 */
export async function watchDeadlines(review: Review): Promise<void> {
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
      await review.projectTaskAndNotify(
        step,
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
