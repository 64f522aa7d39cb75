import { getExternalWorkflowHandle, patched } from '@temporalio/workflow';
import {
  ROLE_LABELS,
  Role,
  WorkingDayCalendar,
  dateOf,
  reviewerScope,
  validateHolidayYear,
  withHolidayYear,
  type HolidayYear,
  type ReviewerScope,
} from '@pirm/domain';
import {
  formsChangedSignal,
  unitWorkflowId,
  type DecideResult,
  type FormReviewInput,
  type FormReviewState,
  type ReviewStepState,
} from '@pirm/contracts';
import type { Activities } from '@pirm/activities';
import { Gate } from '../gate';
import type { ReviewActivities } from './proxies';

/** The patch that writes each notification in the transaction of its cause (issue 18). */
export const NOTICES_WITH_CAUSE = 'notices-with-cause';

/** A notification as the notify step and the one-commit decision both write it. */
export type Notice = Parameters<Activities['notify']>[0];

/**
 * One run of a form's review: its input, the state its query returns, and what its steps share. The steps are
 * plain functions of it, so the workflow function reads as the process.
 */
export class Review {
  calendar: WorkingDayCalendar;
  private holidays: HolidayYear[];
  readonly state: FormReviewState;
  /** The locked form's risk points: a decision's level changes must name one of them. */
  pointCount = 0;
  /** Its `busy` is the claim: a second decision while one is being recorded is a conflict. */
  readonly gate = new Gate();
  /** Results by idempotency key, so a retried update returns the first result and records nothing twice. */
  readonly results = new Map<string, DecideResult>();

  constructor(
    readonly input: FormReviewInput,
    /** Reads, task rows and notifications. */
    readonly db: ReviewActivities,
    /** The submission's lock and the decision written on its own (runs before the one-commit decision). */
    readonly writes: ReviewActivities,
  ) {
    this.holidays = input.holidays;
    this.calendar = new WorkingDayCalendar(this.holidays);
    this.state = {
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
  }

  /**
   * A step's task row in this round. A step opened again in the same round (a RETURN to it from a later
   * step) gets a new row: the decided one stays DONE in its reviewer's history, the new one is OPEN.
   */

  /**
   * A year of holidays the office published after this run started (R13, issue 12.11): deadlines computed from
   * now on count it; an open step keeps the deadline it was given. A bad payload is ignored, never a failure.
   */
  publishHolidays(year: HolidayYear): void {
    if (validateHolidayYear(year).length) return;
    this.holidays = withHolidayYear(this.holidays, year);
    this.calendar = new WorkingDayCalendar(this.holidays);
  }
  taskId(step: number): string {
    const base = `${this.input.formId}:${this.state.revision}:${step}`;
    if (!patched('reopen-returned-step')) return base;
    const decided = this.state.decisions.filter((d) => d.revision === this.state.revision && d.step === step).length;
    return decided ? `${base}:${decided}` : base;
  }

  /** Separation of duties: who decided another step of this form's chain (any round) decides no further one. */
  deciders(index: number): Set<string> {
    return new Set(
      patched('separation-of-duties')
        ? this.state.decisions.filter((d) => d.step !== index).map((d) => d.decidedBy)
        : [],
    );
  }

  async reviewersOf(role: ReviewerScope['role'], exclude: ReadonlySet<string> = new Set()): Promise<string[]> {
    const scope: ReviewerScope =
      role === Role.OFFICE_ADMIN
        ? { role, unitId: this.input.unitId, departmentId: null, districtWide: true }
        : reviewerScope(role as ReviewStepState['role'], this.input);
    return (await this.db.findReviewers({ scope, excludePersonId: this.input.ownerPersonId })).filter(
      (p) => !exclude.has(p),
    );
  }

  /** What a step's task row says of the form and the step itself. */
  taskRow(step: ReviewStepState) {
    return {
      formId: this.input.formId,
      campaignId: this.input.campaignId,
      unitId: this.input.unitId,
      formType: this.input.formType,
      revision: this.state.revision,
      step: step.index,
      role: step.role,
    };
  }

  private taskProjection(step: ReviewStepState) {
    return {
      ...this.taskRow(step),
      id: this.taskId(step.index),
      assignees: step.assignees,
      escalatedTo: step.escalatedTo,
      assignedBecause: step.assignedBecause,
      openedAt: step.openedAt ?? Date.now(),
      dueAt: step.dueAt ?? Date.now(),
    };
  }

  projectTask(step: ReviewStepState): Promise<void> {
    return this.db.projectReviewTask(this.taskProjection(step));
  }

  /**
   * A step's task row and the notice it causes (a new task, an escalation, an extension) in one commit. Runs
   * recorded before wrote them as two steps, the notice after the row, and replay that.
   */
  async projectTaskAndNotify(step: ReviewStepState, notice: Notice): Promise<void> {
    if (patched(NOTICES_WITH_CAUSE)) {
      await this.db.projectReviewTaskAndNotify({ task: this.taskProjection(step), notifications: [notice] });
      return;
    }
    await this.projectTask(step);
    await this.db.notify(notice);
  }

  /** Sets a step's deadline and reminder afresh; the deadline loop wakes to wait for them. */
  arm(step: ReviewStepState, dueAt: number): void {
    step.dueAt = dueAt;
    step.remindAt = this.calendar.workingDaysBefore(dueAt, this.input.reminderWorkingDays);
    step.reminded = step.remindAt <= Date.now();
    step.escalated = false;
    step.escalatedTo = [];
    this.gate.touch();
  }

  notice(key: string, personIds: string[], kind: Notice['kind'], message: string): Notice {
    return { key, personIds, kind, message, formId: this.input.formId };
  }

  taskNotice(step: ReviewStepState, taskId: string, personIds: string[], dueAt: number): Notice {
    return this.notice(
      `task:${taskId}`,
      personIds,
      'TASK',
      `新的审查任务：${ROLE_LABELS[step.role]}，请于 ${dateOf(dueAt - 1)} 前完成`,
    );
  }

  approvedNotice(): Notice {
    const { formId, ownerPersonId } = this.input;
    return this.notice(
      `approved:${formId}:${this.state.revision}`,
      [ownerPersonId],
      'APPROVED',
      '您的廉政风险识别和防控表已审核通过',
    );
  }

  returnedNotice(taskId: string, opinion: string): Notice {
    return this.notice(`returned:${taskId}`, [this.input.ownerPersonId], 'RETURNED', `您的表被退回修改：${opinion}`);
  }

  /** Tells the unit's campaign workflow to re-count its approved forms (best effort: the read model is the truth). */
  nudgeUnit(): Promise<void> {
    return getExternalWorkflowHandle(unitWorkflowId(this.input.campaignId, this.input.unitId))
      .signal(formsChangedSignal)
      .catch(() => undefined);
  }

  /** What a decision update returns. */
  decideResult(): DecideResult {
    return { status: this.state.status, currentStep: this.state.currentStep, formVersion: this.state.formVersion };
  }
}
