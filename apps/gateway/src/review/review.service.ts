import { Inject, Injectable } from '@nestjs/common';
import {
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  DomainError,
  ErrorCode,
  FORM_STATUS_LABELS,
  STEP_NOT_OPEN,
  STEP_NOT_YOURS,
  mayNudge,
  nudgeAllowedFrom,
  REVIEWER_ROLES,
  assertValid,
  canViewForm,
  diffSnapshots,
  mayDecideStep,
  mayReopenForm,
  maySubmitForm,
  submissionClosedReason,
  validateReviewChain,
  POLICY,
  REQUIRED,
  mayCall,
  notWholeNumber,
  type ReviewerRole,
  type FieldChange,
  type FormSnapshot,
} from '@pirm/domain';
import {
  FORM_REVIEW_WORKFLOW_TYPE,
  decideUpdate,
  extendStepUpdate,
  formReviewStateQuery,
  formReviewInput,
  formReviewWorkflowId,
  MOBILISATION_ITEMS,
  rosterChangedSignal,
  submitFormUpdate,
  type DecideArgs,
  type DecideResult,
  type FormReviewInput,
  type FormReviewState,
  type FormReviewWorkflow,
} from '@pirm/contracts';
import {
  ReviewRepository,
  type DecisionTask,
  type RiskFormEntity,
  type TaskCursor,
  type TaskFilter,
  type TaskRow,
  type RosterImportSummary,
} from '@pirm/persistence';
import { requireRole, type Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { FormsService, NO_FORM_YET, OUTSIDE_REVIEW_SCOPE, type RiskFormView } from '../forms/forms.service';
import { GATEWAY_CONFIG, TEMPORAL_CLIENT } from '../providers';
import { KeyedQueue } from '../temporal/keyed-queue';
import { callTemporal } from '../temporal/temporal-call';
import { checkIdempotencyKey, isUuid } from '../graphql/formats';
import { NOT_A_CURSOR, pageSizeError } from '../graphql/page-size';

export const MAX_BATCH = 100;
const MAX_PAGE = 100;
const SIGNAL_BATCH = 20;

export interface TaskView extends TaskRow {
  changes: FieldChange[];
}

export interface TaskPage {
  rows: TaskView[];
  hasNextPage: boolean;
  counts: { OPEN: number; DONE: number; CANCELLED: number };
}

export type DecisionRequest = Omit<DecideArgs, 'key' | 'step' | 'revision' | 'reviewerId'> & {
  taskId: string;
  idempotencyKey: string;
};

export function encodeCursor(row: Pick<TaskRow, 'dueAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([new Date(row.dueAt).toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): TaskCursor {
  try {
    const [due, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const dueAt = new Date(due);
    if (Number.isNaN(dueAt.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return { dueAt, id };
  } catch {
    throw DomainError.validation([NOT_A_CURSOR]);
  }
}

/** Who may decide review steps at all: a reviewer role anywhere, or the office (checked before any look-up). */
function requireReviewer(principal: Principal): void {
  if (!mayCall(POLICY.decideReviewTask, principal.roles)) {
    throw new DomainError(ErrorCode.FORBIDDEN, {
      en: 'Only reviewers decide review tasks.',
      zh: '只有审核人可以处理审核待办',
    });
  }
}

const notOpen = (): DomainError => new DomainError(ErrorCode.CONFLICT, STEP_NOT_OPEN);

/** A step's role and the roles above it in the form type's chain (where recusal and escalation send it). */
function rolesFrom(chain: readonly ReviewerRole[], role: ReviewerRole): ReviewerRole[] {
  const at = chain.indexOf(role);
  return at < 0 ? [...REVIEWER_ROLES] : chain.slice(at);
}

/** Submitting forms into their review chain, reviewers' decisions and inbox (R09, R12). */
/** A form's review state with each decider's name beside their id (the opinion list shows who decided). */
export type NamedReviewState = FormReviewState & {
  decisions: (FormReviewState['decisions'][number] & { decidedByName: string | null })[];
};

@Injectable()
export class ReviewService {
  /** One decision per form at a time from this gateway. */
  private readonly decisions = new KeyedQueue();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly reviews: ReviewRepository,
    private readonly forms: FormsService,
  ) {}

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, fn);
  }

  /**
   * 催办 (issue 18): who may (the domain's `mayNudge`), on an open task, once per interval; the repository
   * records it, the reviewers' notifications (and their outbox rows) and the audit record in one transaction,
   * with these checks made under the task's row lock, so two gateways cannot both nudge within the interval.
   */
  async nudge(principal: Principal, taskId: string): Promise<{ count: number; at: Date }> {
    const done = await this.reviews.nudge(taskId, { personId: principal.personId, name: principal.name }, (facts) => {
      if (!mayNudge(principal.roles, principal.personId, facts))
        throw new DomainError(ErrorCode.FORBIDDEN, {
          en: 'Only the office, the unit’s leaders and the form’s owner may nudge.',
          zh: '只有领导小组办公室、单位领导和填表人本人可以催办',
        });
      if (facts.status !== 'OPEN')
        throw new DomainError(ErrorCode.CONFLICT, {
          en: `The task is ${facts.status}.`,
          zh: '该待办已办结或已取消，无需催办',
        });
      const from = nudgeAllowedFrom(facts.lastNudgedAt, this.config.nudgeIntervalHours);
      if (Date.now() < from)
        throw new DomainError(ErrorCode.RATE_LIMITED, {
          en: `The task was nudged at ${new Date(facts.lastNudgedAt!).toISOString()}; again from ${new Date(from).toISOString()}.`,
          zh: `每 ${this.config.nudgeIntervalHours} 小时只能催办一次，请稍后再试`,
        });
    });
    if (!done) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No task ${taskId}.`, zh: '没有这个待办' });
    return done;
  }

  /** Submits my form: the first submission starts its review workflow; submitting the same round twice starts nothing new. */
  async submit(principal: Principal, campaignId: string, expectedVersion: number): Promise<RiskFormView> {
    // One submission per form (a person's in a campaign) at a time from this gateway: a burst of duplicates waits
    // here and finds the form submitted, instead of crowding the workflow's in-flight update limit.
    return this.decisions.run(`submit:${campaignId}:${principal.personId}`, async () => {
      const view = await this.forms.mine(principal, campaignId);
      if (!view) throw new DomainError(ErrorCode.NOT_FOUND, NO_FORM_YET);
      // Locked at the next version by this round's update: the submission is in, whoever sent it.
      if (view.status === 'SUBMITTED' && view.version === expectedVersion + 1) return view;
      if (!maySubmitForm(view.status))
        throw new DomainError(ErrorCode.CONFLICT, {
          en: `The form is ${view.status}.`,
          zh: `表单${FORM_STATUS_LABELS[view.status] ?? ''}，不能再次提交`,
        });
      if (view.version !== expectedVersion)
        throw new DomainError(ErrorCode.CONFLICT, {
          en: `The form is at version ${view.version}, not ${expectedVersion}: reload it.`,
          zh: '表单已被修改，请刷新后再提交',
        });
      if (view.submissionProblems.length) throw DomainError.validation(view.submissionProblems);
      const closed = submissionClosedReason(view.unitId, await this.unitPhases(campaignId, view.unitId), view.status);
      if (closed) throw new DomainError(ErrorCode.CONFLICT, closed);
      const revision = view.reviewRevision + 1;
      const input = await this.reviewInput(view);
      const key = `submit:${view.id}:${revision}`;
      await this.call(() =>
        this.temporal.workflow.executeUpdateWithStart(submitFormUpdate, {
          args: [{ key, submittedBy: principal.personId, revision, formVersion: expectedVersion }],
          updateId: key,
          startWorkflowOperation: new WithStartWorkflowOperation<FormReviewWorkflow>(FORM_REVIEW_WORKFLOW_TYPE, {
            workflowId: formReviewWorkflowId(campaignId, view.personId),
            taskQueue: this.config.temporal.taskQueue,
            args: [input],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        }),
      );
      return (await this.forms.mine(principal, campaignId))!;
    });
  }

  async decide(principal: Principal, req: DecisionRequest): Promise<DecideResult> {
    requireReviewer(principal);
    checkIdempotencyKey(req.idempotencyKey);
    const key = `${principal.personId}:${req.idempotencyKey}`;
    // One read: the task, its form, its chain and whether this decision is already recorded.
    return this.decideTask(principal, await this.reviews.findTaskForDecision(req.taskId, key), key, req);
  }

  private async decideTask(
    principal: Principal,
    task: DecisionTask | null,
    key: string,
    req: DecisionRequest,
  ): Promise<DecideResult> {
    if (!task) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No review task ${req.taskId}.`, zh: '没有这个待办' });
    // Checked against the roster as it is now (the principal's grants are read on each request), not the task's list.
    if (!mayDecideStep(principal.roles, rolesFrom(task.chain, task.role), task)) {
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'You no longer hold a role that reviews this step.',
        zh: '您已不再担任审核这一级的角色',
      });
    }
    // Whoever the step was never given to is refused alike before and after it is decided.
    if (!task.assignees.includes(principal.personId) && !task.escalatedTo.includes(principal.personId)) {
      throw new DomainError(ErrorCode.FORBIDDEN, STEP_NOT_YOURS);
    }
    // Decided by someone else: answer from the read model; a retry of the recorded decision goes on to get its first result.
    if (task.status !== 'OPEN' && !task.decided) throw notOpen();
    const args: DecideArgs = {
      key,
      step: task.step,
      revision: task.revision,
      reviewerId: principal.personId,
      decision: req.decision,
      opinion: req.opinion,
      returnTo: req.returnTo ?? null,
      levelChanges: req.levelChanges,
      gradeChange: req.gradeChange ?? null,
      formVersion: req.formVersion,
    };
    return this.decisions.run(task.formId, async () => {
      try {
        return await this.call(() => this.handleOf(task).executeUpdate(decideUpdate, { args: [args], updateId: key }));
      } catch (err) {
        // The last step was approved while this one waited: the run has closed, nothing is open to decide.
        if (err instanceof WorkflowNotFoundError) throw notOpen();
        throw err;
      }
    });
  }

  /** Approves the tasks the reviewer chose, each through the same validated path; one outcome per task. */
  async approveMany(
    principal: Principal,
    taskIds: readonly string[],
    opinion: string,
    keyPrefix: string,
  ): Promise<{ taskId: string; result?: DecideResult; error?: DomainError }[]> {
    requireReviewer(principal);
    if (taskIds.length === 0 || taskIds.length > MAX_BATCH)
      throw DomainError.validation([
        {
          field: 'taskIds',
          reason: `must list 1 to ${MAX_BATCH} tasks`,
          message: `一次须选择 1 到 ${MAX_BATCH} 项待办`,
        },
      ]);
    if (new Set(taskIds).size !== taskIds.length)
      throw DomainError.validation([
        { field: 'taskIds', reason: 'must not repeat a task', message: '待办不能重复选择' },
      ]);
    const outcomes: { taskId: string; result?: DecideResult; error?: DomainError }[] = [];
    for (const taskId of taskIds) {
      try {
        const idempotencyKey = `${keyPrefix}:${taskId}`.slice(0, 100);
        checkIdempotencyKey(idempotencyKey);
        const key = `${principal.personId}:${idempotencyKey}`;
        // One read per task, as for a single decision: the version approved is the one the reviewer saw listed.
        const task = await this.reviews.findTaskForDecision(taskId, key);
        const result = await this.decideTask(principal, task, key, {
          taskId,
          idempotencyKey,
          decision: 'APPROVE',
          opinion,
          returnTo: null,
          levelChanges: [],
          gradeChange: null,
          formVersion: task?.formVersion ?? 0,
        });
        outcomes.push({ taskId, result });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        outcomes.push({ taskId, error: err });
      }
    }
    return outcomes;
  }

  /** Office only: gives an open step more working days; its reminder and escalation re-arm. */
  async extend(
    principal: Principal,
    taskId: string,
    workingDays: number,
    reason: string,
    idempotencyKey: string,
  ): Promise<NamedReviewState> {
    checkIdempotencyKey(idempotencyKey);
    const task = await this.reviews.findTaskForDecision(taskId, null);
    if (!task) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No review task ${taskId}.`, zh: '没有这个待办' });
    const key = `extend:${principal.personId}:${idempotencyKey}`;
    const state = await this.call(() =>
      this.handleOf(task).executeUpdate(extendStepUpdate, {
        args: [{ key, step: task.step, workingDays, reason, by: principal.personId }],
        updateId: key,
      }),
    );
    return this.withNames(state);
  }

  private async withNames(state: FormReviewState): Promise<NamedReviewState> {
    const names = await this.reviews.personNames(state.decisions.map((d) => d.decidedBy));
    return {
      ...state,
      decisions: state.decisions.map((d) => ({ ...d, decidedByName: names.get(d.decidedBy) ?? null })),
    };
  }

  async myTasks(principal: Principal, filter: TaskFilter, first: number, after?: string): Promise<TaskPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
      throw DomainError.validation([pageSizeError(MAX_PAGE)]);
    if (filter.departmentId !== undefined && !isUuid(filter.departmentId))
      throw DomainError.validation([
        { field: 'filter.departmentId', reason: 'must be a department id', message: '不是有效的科室编号' },
      ]);
    const rows = await this.reviews.listTasks(
      principal.personId,
      filter,
      first,
      after ? decodeCursor(after) : undefined,
    );
    const page = rows.slice(0, first);
    const snapshots = await this.reviews.snapshots(
      page.flatMap((r) => [
        { formId: r.formId, revision: r.revision },
        { formId: r.formId, revision: r.revision - 1 },
      ]),
    );
    const snapshot = (formId: string, revision: number): FormSnapshot | null =>
      snapshots.find((s) => s.formId === formId && s.revision === revision)?.content ?? null;
    return {
      rows: page.map((r) => {
        const current = snapshot(r.formId, r.revision);
        return { ...r, changes: current ? diffSnapshots(snapshot(r.formId, r.revision - 1), current) : [] };
      }),
      hasNextPage: rows.length > first,
      counts: await this.reviews.countTasks(principal.personId, { ...filter, status: undefined }),
    };
  }

  /** Live state of a form's review, for its owner and its review chain. */
  async state(principal: Principal, formId: string): Promise<NamedReviewState | null> {
    const form = isUuid(formId) ? await this.reviews.findForm(formId) : null;
    if (!form) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No risk form ${formId}.`, zh: '没有这份表单' });
    if (
      !canViewForm(principal.personId, principal.roles, {
        ownerPersonId: form.personId,
        unitId: form.unitId,
        departmentId: form.departmentId,
        formType: form.formType,
      })
    ) {
      throw new DomainError(ErrorCode.FORBIDDEN, OUTSIDE_REVIEW_SCOPE);
    }
    let state: FormReviewState;
    try {
      state = await this.call(() => this.handleOf(form).query(formReviewStateQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
    const names = await this.reviews.personNames(state.decisions.map((d) => d.decidedBy));
    return {
      ...state,
      decisions: state.decisions.map((d) => ({ ...d, decidedByName: names.get(d.decidedBy) ?? null })),
    };
  }

  /** The departments among a reviewer's tasks that match the filter but for its department. */
  taskDepartments(personId: string, filter: TaskFilter) {
    return this.reviews.taskDepartments(personId, filter);
  }

  /** The override in force on a form with the computed grade beside it; the form was already read under its own access check. */
  gradeOverride(formId: string) {
    return this.reviews.gradeOverride(formId);
  }

  /** A unit's phases and missing mobilisation records, from the read model. */
  private async unitPhases(campaignId: string, unitId: string) {
    const unit = (await this.reviews.unitPhases(campaignId, unitId)) ?? { phases: [], mobilisation: {} };
    return { phases: unit.phases, missingMobilisation: MOBILISATION_ITEMS.filter((i) => !(i in unit.mobilisation)) };
  }

  /**
   * After a roster import: every form with an open step recomputes that step's reviewers from the roster as
   * it is now, so a removed role's tasks move to the current holders at once. Returns `summary` unchanged.
   */
  async afterRosterImport<T extends RosterImportSummary>(summary: T): Promise<T> {
    // Whoever may review follows from grants, headships, leading groups and leavers: any of them may move a step.
    const moved =
      summary.roleChanges +
      summary.leadingGroupChanges +
      summary.leavers.length +
      summary.departments.created +
      summary.departments.updated +
      summary.people.updated;
    if (moved === 0) return summary;
    await this.signalOpenReviews((handle) => handle.signal(rosterChangedSignal));
    return summary;
  }

  /**
   * Sends a signal to every review with a step open (a roster change, a published holiday year), a few at a
   * time: a district has thousands of forms in review. A review that finished meanwhile has nothing to change.
   */
  async signalOpenReviews(send: (handle: WorkflowHandle) => Promise<void>): Promise<void> {
    const open = await this.reviews.openReviews();
    for (let i = 0; i < open.length; i += SIGNAL_BATCH) {
      await Promise.all(
        open.slice(i, i + SIGNAL_BATCH).map((r) =>
          this.call(() => send(this.temporal.workflow.getHandle(formReviewWorkflowId(r.campaignId, r.personId)))).catch(
            (err: unknown) => {
              if (!(err instanceof WorkflowNotFoundError)) throw err;
            },
          ),
        ),
      );
    }
  }

  /** The review workflow input for a form and the chain in force now (R09). */
  async reviewInput(form: RiskFormEntity): Promise<FormReviewInput> {
    const chain = await this.reviews.findChain(form.formType);
    if (!chain) throw new Error(`no review chain for ${form.formType}`);
    return formReviewInput(form, chain, await this.reviews.holidays());
  }

  /**
   * Sends an approved form back to its owner for revision (R22 redo order, an accepted public comment): a new
   * run of its review workflow that waits for the resubmission. A form still in review is a CONFLICT.
   */
  async reopen(formId: string, reason: string, by: string): Promise<void> {
    const form = await this.reviews.findForm(formId);
    if (!form) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No risk form ${formId}.`, zh: '没有这份表单' });
    if (maySubmitForm(form.status)) return; // already with its owner
    if (!mayReopenForm(form.status))
      throw new DomainError(ErrorCode.CONFLICT, {
        en: `The form of ${form.name} is still in review.`,
        zh: `${form.name}的表单仍在审核中`,
      });
    const input = { ...(await this.reviewInput(form)), reopen: { reason, revision: form.reviewRevision, by } };
    await this.call(() =>
      this.temporal.workflow.start<FormReviewWorkflow>(FORM_REVIEW_WORKFLOW_TYPE, {
        workflowId: formReviewWorkflowId(form.campaignId, form.personId),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    );
  }

  /** Office only: changes a form type's chain; forms already submitted keep the chain they started with. */
  async setChain(
    principal: Principal,
    chain: {
      formType: RiskFormEntity['formType'];
      steps: string[];
      stepDeadlineWorkingDays: number;
      reminderWorkingDays: number;
    },
  ) {
    const errors = validateReviewChain(chain.steps);
    if (
      !Number.isInteger(chain.stepDeadlineWorkingDays) ||
      chain.stepDeadlineWorkingDays < 1 ||
      chain.stepDeadlineWorkingDays > 60
    ) {
      errors.push({ field: 'stepDeadlineWorkingDays', ...notWholeNumber(1, 60) });
    }
    if (
      !Number.isInteger(chain.reminderWorkingDays) ||
      chain.reminderWorkingDays < 0 ||
      chain.reminderWorkingDays >= chain.stepDeadlineWorkingDays
    ) {
      errors.push({
        field: 'reminderWorkingDays',
        reason: 'must be a whole number from 0 to one less than the step deadline',
        message: '须为 0 或更大的整数，且小于每级审核的期限',
      });
    }
    assertValid(errors);
    return this.reviews.saveChain({ ...chain, steps: chain.steps as ReviewerRole[], updatedBy: principal.code });
  }

  listChains() {
    return this.reviews.listChains();
  }

  /** Office only (R22): every approved form of a unit, or one person's, goes back for re-screening. */
  async orderRedo(
    principal: Principal,
    campaignId: string,
    unitId: string,
    personCode: string | null,
    reason: string,
  ): Promise<number> {
    requireRole(principal, POLICY.orderRedo, unitId);
    if (!reason.trim()) throw DomainError.validation([{ field: 'reason', ...REQUIRED }]);
    const ids = await this.reviews.reopenableForms(campaignId, unitId, personCode);
    if (personCode && ids.length === 0)
      throw new DomainError(ErrorCode.NOT_FOUND, {
        en: `No approved form of ${personCode} in unit ${unitId}.`,
        zh: `该单位没有工号为 ${personCode} 的已通过表单`,
      });
    for (const id of ids) await this.reopen(id, `责令重新查找：${reason.trim()}`, principal.code);
    return ids.length;
  }

  private handleOf(form: { campaignId: string; personId: string } | DecisionTask) {
    const personId = 'ownerPersonId' in form ? form.ownerPersonId : form.personId;
    return this.temporal.workflow.getHandle<FormReviewWorkflow>(formReviewWorkflowId(form.campaignId, personId));
  }
}
