import {
  condition,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import {
  ErrorCode,
  ROLE_LABELS,
  Role,
  WorkingDayCalendar,
  applyDecision,
  dateOf,
  mayStartReviewRound,
  reviewerScope,
  validateDecision,
  type DecisionOutcome,
  type ReviewerScope,
} from '@pirm/domain';
import {
  ACTIVITY_RETRY,
  decideUpdate,
  extendStepUpdate,
  formReviewStateQuery,
  formsChangedSignal,
  rejection,
  rosterChangedSignal,
  unitWorkflowId,
  submitFormUpdate,
  type DecideArgs,
  type DecideResult,
  type DecisionRecord,
  type FormReviewInput,
  type FormReviewState,
  type ReviewStepState,
} from '@pirm/contracts';
import type { Activities } from '@pirm/activities';
import { Gate } from './gate';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: ACTIVITY_RETRY,
});

/**
 * The review's reads and writes (the submission's lock, the decision's projection, reviewers, task rows,
 * notifications) are short, idempotent database steps: they run as local activities, in the worker, recorded
 * in history as markers, without a round trip through the server's task queues for each. A worker that dies
 * inside one loses its workflow task; the task times out and the next worker runs the step again (idempotent,
 * so it writes once). Retries beyond `localRetryThreshold` continue on a server timer.
 */
const localActs = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: ACTIVITY_RETRY,
});

const MAX_EXTENSION_WORKING_DAYS = 60;

/** What the one-commit decision activity writes. */
type DecisionWrite = Parameters<Activities['decide']>[0];

/**
 * One form's review chain (workflow id `form:{campaignId}:{personId}`), R09. Started by the first submission
 * (update-with-start); steps follow the chain given at start. Decisions are Updates with validators: a
 * wrong person, a step not open, a stale form version or a bad opinion is rejected and leaves no history.
 * Each open step has a reminder and a deadline in working days; at the deadline the step is escalated to
 * the next level up, who may then decide it too. Returns when the last step approves.
 */
export async function formReviewWorkflow(input: FormReviewInput): Promise<FormReviewState> {
  const calendar = new WorkingDayCalendar(input.holidays);
  // Runs recorded before these changes replay with regular activities.
  const db = patched('local-db-steps') ? localActs : acts;
  const writes = patched('local-decision-writes') ? localActs : acts;
  const state: FormReviewState = {
    formId: input.formId,
    status: 'AWAITING_SUBMISSION',
    revision: 0,
    formVersion: 0,
    currentStep: null,
    resumeAt: null,
    steps: input.chain.map((role, index) => ({
      index,
      role,
      assignees: [],
      escalatedTo: [],
      assignedBecause: '',
      openedAt: null,
      dueAt: null,
      remindAt: null,
      reminded: false,
      escalated: false,
    })),
    decisions: [],
    events: [],
  };
  let pointCount = 0;
  /** Its `busy` is the claim: a second decision while one is being recorded is a conflict. */
  const gate = new Gate();
  /** Results by idempotency key, so a retried update returns the first result and records nothing twice. */
  const results = new Map<string, DecideResult>();

  /**
   * A step's task row in this round. A step opened again in the same round (a RETURN to it from a later
   * step) gets a new row: the decided one stays DONE in its reviewer's history, the new one is OPEN.
   */
  const taskId = (step: number): string => {
    const base = `${input.formId}:${state.revision}:${step}`;
    if (!patched('reopen-returned-step')) return base;
    const decided = state.decisions.filter((d) => d.revision === state.revision && d.step === step).length;
    return decided ? `${base}:${decided}` : base;
  };
  /** Separation of duties: who decided another step of this form's chain (any round) decides no further one. */
  const deciders = (index: number): Set<string> =>
    new Set(
      patched('separation-of-duties') ? state.decisions.filter((d) => d.step !== index).map((d) => d.decidedBy) : [],
    );
  const scopeOf = (role: ReviewerScope['role']): ReviewerScope =>
    role === Role.OFFICE_ADMIN
      ? { role, unitId: input.unitId, departmentId: null, districtWide: true }
      : reviewerScope(role as ReviewStepState['role'], input);
  const reviewersOf = async (
    role: ReviewerScope['role'],
    exclude: ReadonlySet<string> = new Set(),
  ): Promise<string[]> =>
    (await db.findReviewers({ scope: scopeOf(role), excludePersonId: input.ownerPersonId })).filter(
      (p) => !exclude.has(p),
    );

  /** What a step's task row says of the form and the step itself. */
  const taskRow = (step: ReviewStepState) => ({
    formId: input.formId,
    campaignId: input.campaignId,
    unitId: input.unitId,
    formType: input.formType,
    revision: state.revision,
    step: step.index,
    role: step.role,
  });
  const projectTask = (step: ReviewStepState): Promise<void> =>
    db.projectReviewTask({
      ...taskRow(step),
      id: taskId(step.index),
      assignees: step.assignees,
      escalatedTo: step.escalatedTo,
      assignedBecause: step.assignedBecause,
      openedAt: step.openedAt ?? Date.now(),
      dueAt: step.dueAt ?? Date.now(),
    });

  const arm = (step: ReviewStepState, dueAt: number): void => {
    step.dueAt = dueAt;
    step.remindAt = calendar.workingDaysBefore(dueAt, input.reminderWorkingDays);
    step.reminded = step.remindAt <= Date.now();
    step.escalated = false;
    step.escalatedTo = [];
    gate.touch();
  };

  /**
   * A step's reviewers as the roster says now: holders of its role except the owner (recusal) and anyone who
   * decided another step of this form (separation of duties); nobody left → up one level, as often as needed.
   */
  async function assign(index: number): Promise<{ assignees: string[]; because: string }> {
    const step = state.steps[index]!;
    const exclude = deciders(index);
    const other = exclude.size ? 'other than the submitter and earlier deciders' : 'other than the submitter';
    let assignees = await reviewersOf(step.role, exclude);
    let because = `${ROLE_LABELS[step.role]} of unit ${input.unitId}`;
    for (let up = index + 1; assignees.length === 0 && up < state.steps.length; up++) {
      const upper = state.steps[up]!.role;
      assignees = await reviewersOf(upper, exclude);
      because = `no ${ROLE_LABELS[step.role]} ${other}: passed up to ${ROLE_LABELS[upper]}`;
    }
    if (assignees.length === 0) {
      assignees = await reviewersOf(Role.OFFICE_ADMIN, exclude);
      because = `nobody else holds ${ROLE_LABELS[step.role]}: passed to ${ROLE_LABELS[Role.OFFICE_ADMIN]}`;
    }
    return { assignees, because };
  }

  /** Opens a step: its reviewers, its task and timers. */
  async function openStep(index: number): Promise<void> {
    const step = state.steps[index]!;
    state.currentStep = index;
    const { assignees, because } = await assign(index);
    step.assignees = assignees;
    step.assignedBecause = because;
    step.openedAt = Date.now();
    arm(step, calendar.deadlineAfter(step.openedAt, input.stepDeadlineWorkingDays));
    await projectTask(step);
    await db.notify({
      key: `task:${taskId(index)}`,
      personIds: assignees,
      kind: 'TASK',
      message: `新的审查任务：${ROLE_LABELS[step.role]}，请于 ${dateOf(step.dueAt! - 1)} 前完成`,
      formId: input.formId,
    });
  }

  /** The open step's reviewers recomputed from the roster as it is now (a role given or taken away): the task row follows. */
  async function reassignOpenStep(): Promise<void> {
    if (state.status !== 'IN_REVIEW' || state.currentStep === null) return;
    const step = state.steps[state.currentStep]!;
    const { assignees, because } = await assign(step.index);
    const upper = state.steps[step.index + 1]?.role ?? Role.OFFICE_ADMIN;
    const escalatedTo = step.escalated
      ? (await reviewersOf(upper, deciders(step.index))).filter((p) => !assignees.includes(p))
      : [];
    const before = [...step.assignees, ...step.escalatedTo];
    const after = [...assignees, ...escalatedTo];
    if (before.length === after.length && after.every((p) => before.includes(p))) return;
    step.assignees = assignees;
    step.escalatedTo = escalatedTo;
    step.assignedBecause = `${because} (reassigned after a roster change)`;
    await projectTask(step);
    await db.notify({
      key: `task:${taskId(step.index)}`,
      personIds: after.filter((p) => !before.includes(p)),
      kind: 'TASK',
      message: `新的审查任务：${ROLE_LABELS[step.role]}，请于 ${dateOf(step.dueAt! - 1)} 前完成`,
      formId: input.formId,
    });
  }

  setHandler(formReviewStateQuery, () => state);
  setHandler(rosterChangedSignal, () => {
    // Runs recorded before this signal existed never received it; the patch marks where the handler first acted.
    if (patched('reassign-on-roster-change')) void gate.exclusively(reassignOpenStep);
  });

  if (input.reopen) {
    state.revision = input.reopen.revision;
    state.status = 'RETURNED';
    state.resumeAt = 0;
    await acts.reopenForm({
      formId: input.formId,
      revision: input.reopen.revision,
      reason: input.reopen.reason,
      by: input.reopen.by,
    });
    await db.notify({
      key: `reopened:${input.formId}:${input.reopen.revision}`,
      personIds: [input.ownerPersonId],
      kind: 'RETURNED',
      message: `您的表需重新查找修改：${input.reopen.reason}`,
      formId: input.formId,
    });
    await getExternalWorkflowHandle(unitWorkflowId(input.campaignId, input.unitId))
      .signal(formsChangedSignal)
      .catch(() => undefined);
  }

  setHandler(
    submitFormUpdate,
    (args) =>
      gate.exclusively(async () => {
        if (args.revision <= state.revision) return state; // a retried submission: already applied
        const locked = await writes.lockFormForReview({
          formId: input.formId,
          formVersion: args.formVersion,
          revision: args.revision,
        });
        pointCount = locked.pointCount;
        state.revision = args.revision;
        state.formVersion = locked.version;
        state.status = 'IN_REVIEW';
        const resumeAt = state.resumeAt ?? 0;
        state.resumeAt = null;
        await openStep(resumeAt);
        return state;
      }),
    {
      validator: (args) => {
        if (args.submittedBy !== input.ownerPersonId)
          throw rejection(ErrorCode.FORBIDDEN, 'Only the form’s owner submits it.');
        if (args.revision <= state.revision) return;
        if (!mayStartReviewRound(state.status)) {
          throw rejection(
            ErrorCode.CONFLICT,
            `The form is ${state.status}: it can be submitted only before review or after a return.`,
          );
        }
        if (args.revision !== state.revision + 1)
          throw rejection(
            ErrorCode.CONFLICT,
            `The next submission round is ${state.revision + 1}, not ${args.revision}.`,
          );
      },
    },
  );

  const taskNotice = (step: ReviewStepState, dueAt: number) =>
    `新的审查任务：${ROLE_LABELS[step.role]}，请于 ${dateOf(dueAt - 1)} 前完成`;
  const nudgeUnit = (): Promise<void> =>
    getExternalWorkflowHandle(unitWorkflowId(input.campaignId, input.unitId))
      .signal(formsChangedSignal)
      .catch(() => undefined);

  /**
   * A decision as one local activity and one database commit (issue 17): the next step's reviewers are read
   * first, then the decision, the form, the next task, the notifications and the audit record are written
   * together; the workflow's state changes only once that commit succeeded.
   */
  async function decideInOneCommit(record: DecisionRecord, outcome: DecisionOutcome): Promise<DecideResult> {
    const decidedTask = taskId(record.step);
    state.decisions.push(record); // the next step's reviewers exclude this decider (separation of duties)
    try {
      const notifications: DecisionWrite['notifications'] = [];
      let opened: { index: number; assignees: string[]; because: string; openedAt: number; dueAt: number } | null =
        null;
      let nextTask: DecisionWrite['nextTask'] = null;
      if (outcome.next.kind === 'OPEN_STEP') {
        const index = outcome.next.step;
        const step = state.steps[index]!;
        const { assignees, because } = await assign(index);
        const openedAt = Date.now();
        opened = {
          index,
          assignees,
          because,
          openedAt,
          dueAt: calendar.deadlineAfter(openedAt, input.stepDeadlineWorkingDays),
        };
        nextTask = {
          ...taskRow(step),
          id: taskId(index),
          assignees,
          escalatedTo: [],
          assignedBecause: because,
          openedAt,
          dueAt: opened.dueAt,
        };
        notifications.push({
          key: `task:${nextTask.id}`,
          personIds: assignees,
          kind: 'TASK',
          message: taskNotice(step, opened.dueAt),
          formId: input.formId,
        });
      } else if (outcome.next.kind === 'APPROVED') {
        notifications.push({
          key: `approved:${input.formId}:${state.revision}`,
          personIds: [input.ownerPersonId],
          kind: 'APPROVED',
          message: '您的廉政风险识别和防控表已审核通过',
          formId: input.formId,
        });
      } else {
        notifications.push({
          key: `returned:${decidedTask}`,
          personIds: [input.ownerPersonId],
          kind: 'RETURNED',
          message: `您的表被退回修改：${record.opinion}`,
          formId: input.formId,
        });
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
        arm(step, opened.dueAt);
      } else {
        state.currentStep = null;
        if (outcome.next.kind === 'TO_SUBMITTER') state.resumeAt = outcome.next.resumeAt;
      }
    } catch (err) {
      state.decisions.pop();
      throw err;
    }
    // Tell the unit's campaign workflow to re-count its approved forms (best effort: the read model is the truth).
    if (outcome.next.kind === 'APPROVED') await nudgeUnit();
    return { status: state.status, currentStep: state.currentStep, formVersion: state.formVersion };
  }

  setHandler(
    decideUpdate,
    async (args: DecideArgs): Promise<DecideResult> => {
      const done = results.get(args.key);
      if (done) return done;
      gate.busy = true;
      try {
        const step = state.steps[args.step]!;
        const record: DecisionRecord = {
          key: args.key,
          revision: state.revision,
          step: args.step,
          role: step.role,
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
          const result = await decideInOneCommit(record, outcome);
          results.set(args.key, result);
          return result;
        }
        const last = outcome.next.kind === 'APPROVED';
        const toSubmitter = outcome.next.kind === 'TO_SUBMITTER';
        const formStatus = outcome.formStatus;
        state.formVersion = await writes.recordDecision({
          ...record,
          formId: input.formId,
          taskId: taskId(args.step),
          formStatus,
        });
        state.decisions.push(record);
        if (args.decision === 'APPROVE' && !last) {
          await openStep(args.step + 1);
        } else if (args.decision === 'APPROVE') {
          state.status = 'APPROVED';
          state.currentStep = null;
          await db.notify({
            key: `approved:${input.formId}:${state.revision}`,
            personIds: [input.ownerPersonId],
            kind: 'APPROVED',
            message: '您的廉政风险识别和防控表已审核通过',
            formId: input.formId,
          });
          // Tell the unit's campaign workflow to re-count its approved forms (best effort: the read model is the truth).
          if (patched('nudge-unit-on-approval')) {
            await getExternalWorkflowHandle(unitWorkflowId(input.campaignId, input.unitId))
              .signal(formsChangedSignal)
              .catch(() => undefined);
          }
        } else if (toSubmitter) {
          state.status = 'RETURNED';
          state.resumeAt = args.step;
          state.currentStep = null;
          await db.notify({
            key: `returned:${taskId(args.step)}`,
            personIds: [input.ownerPersonId],
            kind: 'RETURNED',
            message: `您的表被退回修改：${record.opinion}`,
            formId: input.formId,
          });
        } else {
          await openStep(args.returnTo!);
        }
        const result: DecideResult = {
          status: state.status,
          currentStep: state.currentStep,
          formVersion: state.formVersion,
        };
        results.set(args.key, result);
        return result;
      } finally {
        gate.busy = false;
        gate.touch();
      }
    },
    {
      validator: (args) => {
        if (results.has(args.key)) return; // a retry: the handler returns the first result
        if (gate.busy)
          throw rejection(ErrorCode.CONFLICT, 'Another decision on this form is being recorded: reload and check.');
        if (state.status !== 'IN_REVIEW' || state.currentStep !== args.step || args.revision !== state.revision) {
          throw rejection(
            ErrorCode.CONFLICT,
            'This step is not open for a decision (it was decided, or the form moved on).',
          );
        }
        const step = state.steps[args.step]!;
        if (args.reviewerId === input.ownerPersonId)
          throw rejection(ErrorCode.FORBIDDEN, 'Nobody reviews their own form.');
        if (!step.assignees.includes(args.reviewerId) && !step.escalatedTo.includes(args.reviewerId)) {
          throw rejection(ErrorCode.FORBIDDEN, 'This step is not assigned to you.');
        }
        if (args.formVersion !== state.formVersion) {
          throw rejection(
            ErrorCode.CONFLICT,
            `The form is at version ${state.formVersion}, not ${args.formVersion}: reload it before deciding.`,
          );
        }
        const errors = validateDecision(args, args.step, pointCount);
        if (errors.length) throw rejection(ErrorCode.VALIDATION_FAILED, 'Invalid decision.', errors);
      },
    },
  );

  setHandler(
    extendStepUpdate,
    (args) =>
      gate.exclusively(async () => {
        const step = state.steps[args.step]!;
        if (state.currentStep !== args.step || state.status !== 'IN_REVIEW') return state; // decided meanwhile
        arm(step, calendar.deadlineAfter(step.dueAt! - 1, args.workingDays));
        state.events.push({
          kind: 'EXTENSION',
          revision: state.revision,
          step: args.step,
          at: Date.now(),
          people: [args.by],
          detail: args.reason,
        });
        await projectTask(step);
        await db.notify({
          key: `extended:${args.key}`,
          personIds: step.assignees,
          kind: 'EXTENDED',
          message: `审查期限延长至 ${dateOf(step.dueAt! - 1)}：${args.reason}`,
          formId: input.formId,
        });
        return state;
      }),
    {
      validator: (args) => {
        if (state.status !== 'IN_REVIEW' || state.currentStep !== args.step)
          throw rejection(ErrorCode.CONFLICT, 'This step is not open.');
        const errors = [];
        if (
          !Number.isInteger(args.workingDays) ||
          args.workingDays < 1 ||
          args.workingDays > MAX_EXTENSION_WORKING_DAYS
        ) {
          errors.push({
            field: 'workingDays',
            reason: `must be a whole number from 1 to ${MAX_EXTENSION_WORKING_DAYS}`,
          });
        }
        if (!args.reason.trim()) errors.push({ field: 'reason', reason: 'is required' });
        if (errors.length) throw rejection(ErrorCode.VALIDATION_FAILED, 'Invalid extension.', errors);
      },
    },
  );

  /** The reminder, then the escalation, of the open step. */
  async function fireTimer(index: number, revision: number): Promise<void> {
    await gate.exclusively(async () => {
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
        await db.notify({
          key: `remind:${taskId(index)}:${step.dueAt}`,
          personIds: step.assignees,
          kind: 'REMINDER',
          message: `审查任务将于 ${dateOf(step.dueAt! - 1)} 到期`,
          formId: input.formId,
        });
      } else if (!step.escalated && Date.now() >= step.dueAt!) {
        step.escalated = true;
        const upper = state.steps[index + 1]?.role ?? Role.OFFICE_ADMIN;
        step.escalatedTo = (await reviewersOf(upper, deciders(index))).filter((p) => !step.assignees.includes(p));
        state.events.push({
          kind: 'ESCALATION',
          revision,
          step: index,
          at: Date.now(),
          people: step.escalatedTo,
          detail: `overdue: escalated to ${ROLE_LABELS[upper]}`,
        });
        await projectTask(step);
        await db.notify({
          key: `escalate:${taskId(index)}:${step.dueAt}`,
          personIds: [...step.escalatedTo, ...step.assignees],
          kind: 'ESCALATION',
          message: `审查任务已逾期，已升级至${ROLE_LABELS[upper]}`,
          formId: input.formId,
        });
      }
    });
  }

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
    if (!woken) await fireTimer(step!.index, state.revision);
  }
  // Let an in-flight update finish before the run closes.
  await condition(() => !gate.busy);
  return state;
}
