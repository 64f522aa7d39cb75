import { patched } from '@temporalio/workflow';
import {
  ErrorCode,
  applyDecision,
  validateDecision,
  type DecisionOutcome,
  DomainError,
  STEP_NOT_OPEN,
  STEP_NOT_YOURS,
} from '@pirm/domain';
import { rejection, type DecideArgs, type DecideResult, type DecisionRecord, rejectionOf } from '@pirm/contracts';
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
    // Inline, not a function of its own: its extra await on return would shift later commands by a microtask.
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
    let nextTask: DecisionWrite['nextTask'] = null;
    let notice: Notice;
    if (outcome.next.kind === 'OPEN_STEP') {
      const index = outcome.next.step;
      const step = state.steps[index]!;
      const { assignees, because } = await assign(review, index);
      const openedAt = Date.now();
      const dueAt = calendar.deadlineAfter(openedAt, input.stepDeadlineWorkingDays);
      nextTask = {
        ...review.taskRow(step),
        id: review.taskId(index),
        assignees,
        escalatedTo: [],
        assignedBecause: because,
        openedAt,
        dueAt,
      };
      notice = review.taskNotice(step, nextTask.id, assignees, dueAt);
    } else if (outcome.next.kind === 'APPROVED') {
      notice = review.approvedNotice();
    } else {
      notice = review.returnedNotice(decidedTask, record.opinion);
    }
    state.formVersion = await localActs.decide({
      ...record,
      formId: input.formId,
      taskId: decidedTask,
      formStatus: outcome.formStatus,
      nextTask,
      notifications: [notice],
    });
    state.status = outcome.reviewStatus;
    if (nextTask) {
      const step = state.steps[nextTask.step]!;
      state.currentStep = nextTask.step;
      step.assignees = nextTask.assignees;
      step.assignedBecause = nextTask.assignedBecause;
      step.openedAt = nextTask.openedAt;
      review.arm(step, nextTask.dueAt);
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
    throw rejection(ErrorCode.CONFLICT, {
      en: 'Another decision on this form is being recorded: reload and check.',
      zh: '另一项审核决定正在记录中，请刷新后查看',
    });
  if (state.status !== 'IN_REVIEW' || state.currentStep !== args.step || args.revision !== state.revision) {
    throw rejection(ErrorCode.CONFLICT, STEP_NOT_OPEN);
  }
  const step = state.steps[args.step]!;
  if (args.reviewerId === input.ownerPersonId)
    throw rejection(ErrorCode.FORBIDDEN, { en: 'Nobody reviews their own form.', zh: '不能审核自己的表单' });
  if (!step.assignees.includes(args.reviewerId) && !step.escalatedTo.includes(args.reviewerId)) {
    throw rejection(ErrorCode.FORBIDDEN, STEP_NOT_YOURS);
  }
  if (args.formVersion !== state.formVersion) {
    throw rejection(ErrorCode.CONFLICT, {
      en: `The form is at version ${state.formVersion}, not ${args.formVersion}: reload it before deciding.`,
      zh: '表单已被修改，请刷新后再审核',
    });
  }
  const errors = validateDecision(args, args.step, review.pointCount);
  if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid decision.'));
}
