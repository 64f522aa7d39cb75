import { patched } from '@temporalio/workflow';
import { ROLE_LABELS, Role, assignmentReasonText, type AssignmentReason } from '@pirm/domain';
import type { Review } from './review';

/** Runs from this change on tell the reviewer why a task is theirs in Chinese (the task's 为何由我审核). */
const CHINESE_ASSIGNMENT_REASONS = 'chinese-assignment-reasons';

/**
 * A step's reviewers as the roster says now: holders of its role except the owner (recusal) and anyone who
 * decided another step of this form (separation of duties); nobody left → up one level, as often as needed.
 */
export async function assign(
  review: Review,
  index: number,
  reassigned = false,
): Promise<{ assignees: string[]; because: string }> {
  const { state, input } = review;
  const step = state.steps[index]!;
  const exclude = review.deciders(index);
  let assignees = await review.reviewersOf(step.role, exclude);
  let reason: AssignmentReason = { kind: 'STEP_ROLE', role: step.role, unitId: input.unitId };
  for (let up = index + 1; assignees.length === 0 && up < state.steps.length; up++) {
    const upper = state.steps[up]!.role;
    assignees = await review.reviewersOf(upper, exclude);
    reason = { kind: 'PASSED_UP', role: step.role, to: upper, earlierDecidersExcluded: exclude.size > 0 };
  }
  if (assignees.length === 0) {
    assignees = await review.reviewersOf(Role.OFFICE_ADMIN, exclude);
    reason = { kind: 'TO_OFFICE', role: step.role };
  }
  return { assignees, because: reasonText(reason, reassigned) };
}

function reasonText(r: AssignmentReason, reassigned: boolean): string {
  if (patched(CHINESE_ASSIGNMENT_REASONS)) return assignmentReasonText(r, reassigned);
  // Runs begun before: the English they have always shown.
  const other =
    r.kind === 'PASSED_UP' && r.earlierDecidersExcluded
      ? 'other than the submitter and earlier deciders'
      : 'other than the submitter';
  const text =
    r.kind === 'STEP_ROLE'
      ? `${ROLE_LABELS[r.role]} of unit ${r.unitId}`
      : r.kind === 'PASSED_UP'
        ? `no ${ROLE_LABELS[r.role]} ${other}: passed up to ${ROLE_LABELS[r.to]}`
        : `nobody else holds ${ROLE_LABELS[r.role]}: passed to ${ROLE_LABELS[Role.OFFICE_ADMIN]}`;
  return reassigned ? `${text} (reassigned after a roster change)` : text;
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
  const { assignees, because } = await assign(review, step.index, true);
  const upper = state.steps[step.index + 1]?.role ?? Role.OFFICE_ADMIN;
  const escalatedTo = step.escalated
    ? (await review.reviewersOf(upper, review.deciders(step.index))).filter((p) => !assignees.includes(p))
    : [];
  const before = [...step.assignees, ...step.escalatedTo];
  const after = [...assignees, ...escalatedTo];
  if (before.length === after.length && after.every((p) => before.includes(p))) return;
  step.assignees = assignees;
  step.escalatedTo = escalatedTo;
  step.assignedBecause = because;
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
