import { ROLE_LABELS, Role } from '@pirm/domain';
import type { Review } from './review';

/**
 * A step's reviewers as the roster says now: holders of its role except the owner (recusal) and anyone who
 * decided another step of this form (separation of duties); nobody left → up one level, as often as needed.
 */
export async function assign(review: Review, index: number): Promise<{ assignees: string[]; because: string }> {
  const { state, input } = review;
  const step = state.steps[index]!;
  const exclude = review.deciders(index);
  const other = exclude.size ? 'other than the submitter and earlier deciders' : 'other than the submitter';
  let assignees = await review.reviewersOf(step.role, exclude);
  let because = `${ROLE_LABELS[step.role]} of unit ${input.unitId}`;
  for (let up = index + 1; assignees.length === 0 && up < state.steps.length; up++) {
    const upper = state.steps[up]!.role;
    assignees = await review.reviewersOf(upper, exclude);
    because = `no ${ROLE_LABELS[step.role]} ${other}: passed up to ${ROLE_LABELS[upper]}`;
  }
  if (assignees.length === 0) {
    assignees = await review.reviewersOf(Role.OFFICE_ADMIN, exclude);
    because = `nobody else holds ${ROLE_LABELS[step.role]}: passed to ${ROLE_LABELS[Role.OFFICE_ADMIN]}`;
  }
  return { assignees, because };
}

/** Opens a step: its reviewers, its task and timers. */
export async function openStep(review: Review, index: number): Promise<void> {
  const { state, input, calendar } = review;
  const step = state.steps[index]!;
  state.currentStep = index;
  const { assignees, because } = await assign(review, index);
  step.assignees = assignees;
  step.assignedBecause = because;
  step.openedAt = Date.now();
  review.arm(step, calendar.deadlineAfter(step.openedAt, input.stepDeadlineWorkingDays));
  await review.projectTaskAndNotify(step, review.taskNotice(step, review.taskId(index), assignees, step.dueAt!));
}

/** The open step's reviewers recomputed from the roster as it is now (a role given or taken away): the task row follows. */
export async function reassignOpenStep(review: Review): Promise<void> {
  const { state } = review;
  if (state.status !== 'IN_REVIEW' || state.currentStep === null) return;
  const step = state.steps[state.currentStep]!;
  const { assignees, because } = await assign(review, step.index);
  const upper = state.steps[step.index + 1]?.role ?? Role.OFFICE_ADMIN;
  const escalatedTo = step.escalated
    ? (await review.reviewersOf(upper, review.deciders(step.index))).filter((p) => !assignees.includes(p))
    : [];
  const before = [...step.assignees, ...step.escalatedTo];
  const after = [...assignees, ...escalatedTo];
  if (before.length === after.length && after.every((p) => before.includes(p))) return;
  step.assignees = assignees;
  step.escalatedTo = escalatedTo;
  step.assignedBecause = `${because} (reassigned after a roster change)`;
  await review.projectTaskAndNotify(
    step,
    review.taskNotice(
      step,
      review.taskId(step.index),
      after.filter((p) => !before.includes(p)),
      step.dueAt!,
    ),
  );
}
