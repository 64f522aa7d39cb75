import { condition, patched, setHandler } from '@temporalio/workflow';
import {
  ErrorCode,
  ROLE_LABELS,
  Role,
  applyDecision,
  dateOf,
  validateDecision,
  type DecisionOutcome,
} from '@pirm/domain';
import {
  decideUpdate,
  extendStepUpdate,
  formReviewStateQuery,
  rejection,
  rosterChangedSignal,
  submitFormUpdate,
  type DecideArgs,
  type DecideResult,
  type DecisionRecord,
  type ExtendStepArgs,
  type FormReviewInput,
  type FormReviewState,
} from '@pirm/contracts';
import type { Activities } from '@pirm/activities';
import { assign, openStep, reassignOpenStep } from './form-review/assignment';
import { acts, localActs } from './form-review/proxies';
import { Review, type Notice } from './form-review/review';
import { reopen, submit, validateSubmit } from './form-review/submission';

/** What the one-commit decision activity writes. */
type DecisionWrite = Parameters<Activities['decide']>[0];

/**
 * A reviewer's decision on the open step. Runs recorded before the one-commit decision wrote the decision
 * first and then opened the next step, notified and nudged as their own steps; they replay that path.
 */
async function decide(review: Review, args: DecideArgs): Promise<DecideResult> {
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

function validateDecide(review: Review, args: DecideArgs): void {
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

const MAX_EXTENSION_WORKING_DAYS = 60;

/** More working days for the open step: its timers re-armed from the old deadline, its reviewers told. */
function extendStep(review: Review, args: ExtendStepArgs): Promise<FormReviewState> {
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
    await review.projectTask(step);
    await review.db.notify(
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

function validateExtend(review: Review, args: ExtendStepArgs): void {
  const { state } = review;
  if (state.status !== 'IN_REVIEW' || state.currentStep !== args.step)
    throw rejection(ErrorCode.CONFLICT, 'This step is not open.');
  const errors = [];
  if (!Number.isInteger(args.workingDays) || args.workingDays < 1 || args.workingDays > MAX_EXTENSION_WORKING_DAYS) {
    errors.push({
      field: 'workingDays',
      reason: `must be a whole number from 1 to ${MAX_EXTENSION_WORKING_DAYS}`,
    });
  }
  if (!args.reason.trim()) errors.push({ field: 'reason', reason: 'is required' });
  if (errors.length) throw rejection(ErrorCode.VALIDATION_FAILED, 'Invalid extension.', errors);
}

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
