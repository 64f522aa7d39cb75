import { patched } from '@temporalio/workflow';
import { ErrorCode, applyDecision, validateDecision, type DecisionOutcome } from '@pirm/domain';
import { rejection, type DecideArgs, type DecideResult, type DecisionRecord } from '@pirm/contracts';
import type { Activities } from '@pirm/activities';
import { assign, openStep } from './assignment';
import { localActs } from './proxies';
import type { Notice, Review } from './review';

/** What the one-commit decision activity writes. */
type DecisionWrite = Parameters<Activities['decide']>[0];

/**
 * A reviewer's decision on the open step. Runs recorded before the one-commit decision wrote the decision
 * first and then opened the next step, notified and nudged as their own steps; they replay that path.
 */
export async function decide(review: Review, args: DecideArgs): Promise<DecideResult> {
  const { state, input, gate, results } = review;
  const done = results.get(args.key);
  if (done) return done;
  gate.busy = true;
  try {
    const record: DecisionRecord = {
      key: args.key,
      revision: state.revision,
      step: args.step,
      role: state.steps[args.step]!.role,
      decision: args.decision,
      opinion: args.opinion.trim(),
      returnTo: args.decision === 'RETURN' ? args.returnTo : null,
      levelChanges: args.levelChanges.map((c) => ({ ...c, reason: c.reason.trim() })),
      gradeChange: args.gradeChange,
      decidedBy: args.reviewerId,
      decidedAt: Date.now(),
    };
    const outcome = applyDecision({
      decision: args.decision,
      returnTo: record.returnTo,
      step: args.step,
      stepCount: state.steps.length,
    });
    if (patched('one-transaction-decision')) {
      const result = await decideInOneCommit(review, record, outcome);
      results.set(args.key, result);
      return result;
    }
    // Written out here rather than in a function of its own: one more await would shift its commands.
    state.formVersion = await review.writes.recordDecision({
      ...record,
      formId: input.formId,
      taskId: review.taskId(args.step),
      formStatus: outcome.formStatus,
    });
    state.decisions.push(record);
    switch (outcome.next.kind) {
      case 'OPEN_STEP':
        await openStep(review, outcome.next.step);
        break;
      case 'APPROVED':
        state.status = 'APPROVED';
        state.currentStep = null;
        await review.db.notify(review.approvedNotice());
        if (patched('nudge-unit-on-approval')) await review.nudgeUnit();
        break;
      case 'TO_SUBMITTER':
        state.status = 'RETURNED';
        state.resumeAt = outcome.next.resumeAt;
        state.currentStep = null;
        await review.db.notify(review.returnedNotice(review.taskId(args.step), record.opinion));
        break;
    }
    const result = review.decideResult();
    results.set(args.key, result);
    return result;
  } finally {
    gate.busy = false;
    gate.touch();
  }
}

/**
 * A decision as one local activity and one database commit (issue 17): the next step's reviewers are read
 * first, then the decision, the form, the next task, the notifications and the audit record are written
 * together; the workflow's state changes only once that commit succeeded.
 */
async function decideInOneCommit(
  review: Review,
  record: DecisionRecord,
  outcome: DecisionOutcome,
): Promise<DecideResult> {
  const { state, input, calendar } = review;
  const decidedTask = review.taskId(record.step);
  state.decisions.push(record); // the next step's reviewers exclude this decider (separation of duties)
  try {
    const notifications: Notice[] = [];
    let opened: { index: number; assignees: string[]; because: string; openedAt: number; dueAt: number } | null = null;
    let nextTask: DecisionWrite['nextTask'] = null;
    if (outcome.next.kind === 'OPEN_STEP') {
      const index = outcome.next.step;
      const step = state.steps[index]!;
      const { assignees, because } = await assign(review, index);
      const openedAt = Date.now();
      opened = {
        index,
        assignees,
        because,
        openedAt,
        dueAt: calendar.deadlineAfter(openedAt, input.stepDeadlineWorkingDays),
      };
      nextTask = {
        ...review.taskRow(step),
        id: review.taskId(index),
        assignees,
        escalatedTo: [],
        assignedBecause: because,
        openedAt,
        dueAt: opened.dueAt,
      };
      notifications.push(review.taskNotice(step, nextTask.id, assignees, opened.dueAt));
    } else if (outcome.next.kind === 'APPROVED') {
      notifications.push(review.approvedNotice());
    } else {
      notifications.push(review.returnedNotice(decidedTask, record.opinion));
    }
    state.formVersion = await localActs.decide({
      ...record,
      formId: input.formId,
      taskId: decidedTask,
      formStatus: outcome.formStatus,
      nextTask,
      notifications,
    });
    state.status = outcome.reviewStatus;
    if (opened) {
      const step = state.steps[opened.index]!;
      state.currentStep = opened.index;
      step.assignees = opened.assignees;
      step.assignedBecause = opened.because;
      step.openedAt = opened.openedAt;
      review.arm(step, opened.dueAt);
    } else {
      state.currentStep = null;
      if (outcome.next.kind === 'TO_SUBMITTER') state.resumeAt = outcome.next.resumeAt;
    }
  } catch (err) {
    state.decisions.pop();
    throw err;
  }
  if (outcome.next.kind === 'APPROVED') await review.nudgeUnit();
  return review.decideResult();
}

export function validateDecide(review: Review, args: DecideArgs): void {
  const { state, input, gate, results } = review;
  if (results.has(args.key)) return; // a retry: the handler returns the first result
  if (gate.busy)
    throw rejection(ErrorCode.CONFLICT, 'Another decision on this form is being recorded: reload and check.');
  if (state.status !== 'IN_REVIEW' || state.currentStep !== args.step || args.revision !== state.revision) {
    throw rejection(ErrorCode.CONFLICT, 'This step is not open for a decision (it was decided, or the form moved on).');
  }
  const step = state.steps[args.step]!;
  if (args.reviewerId === input.ownerPersonId) throw rejection(ErrorCode.FORBIDDEN, 'Nobody reviews their own form.');
  if (!step.assignees.includes(args.reviewerId) && !step.escalatedTo.includes(args.reviewerId)) {
    throw rejection(ErrorCode.FORBIDDEN, 'This step is not assigned to you.');
  }
  if (args.formVersion !== state.formVersion) {
    throw rejection(
      ErrorCode.CONFLICT,
      `The form is at version ${state.formVersion}, not ${args.formVersion}: reload it before deciding.`,
    );
  }
  const errors = validateDecision(args, args.step, review.pointCount);
  if (errors.length) throw rejection(ErrorCode.VALIDATION_FAILED, 'Invalid decision.', errors);
}
