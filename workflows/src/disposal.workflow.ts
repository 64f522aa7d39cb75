import { condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  DISPOSAL_FOLLOW_UP_LABELS,
  DISPOSAL_MEASURE_LABELS,
  ErrorCode,
  REQUIRED,
  WorkingDayCalendar,
  dateOf,
  nextMeasure,
  validateDisposalResponse,
  validateDisposalVerification,
  type Bilingual,
  type DisposalMeasure,
  DomainError,
} from '@pirm/domain';
import {
  ACTIVITY_RETRY,
  disposalOpenedUpdate,
  disposalStateQuery,
  escalateDisposalUpdate,
  rejection,
  respondToDisposalUpdate,
  verifyDisposalUpdate,
  type DisposalInput,
  type DisposalState,
  type DisposalStep,
  rejectionOf,
} from '@pirm/contracts';
import type { Activities } from '@pirm/activities';
import { Gate } from './gate';

/** A notification of the case, as the case's projection writes it. */
type Notice = NonNullable<Parameters<Activities['projectDisposalCase']>[0]['notifications']>[number];

const CASE_CLOSED: Bilingual = { en: 'The case is closed.', zh: '该案件已经结案' };
const ANSWER_WAITING: Bilingual = { en: 'An answer is already waiting for verification.', zh: '已有答复在等待核实' };

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: ACTIVITY_RETRY,
});

/**
 * A disposal case (R17): the office applies a measure of the ladder; the person answers by its follow-up
 * deadline (working days); with no answer by then the case climbs to the next measure on its own, and at
 * the top (责令整改) the discipline team is told. The case closes only when the office verifies an answer.
 */
export async function disposalWorkflow(input: DisposalInput): Promise<DisposalState> {
  const calendar = new WorkingDayCalendar(input.holidays);
  const state: DisposalState = {
    caseId: input.caseId,
    status: 'OPEN',
    steps: [],
    overdueAtTop: false,
    outcome: null,
    revision: 0,
  };
  const gate = new Gate();
  const current = (): DisposalStep => state.steps[state.steps.length - 1]!;

  /** Each notice commits with the case's revision that causes it (issue 18); runs recorded before sent it after. */
  const withCause = (): boolean => patched('notices-with-cause');

  async function project(actor: string, action: string, notifications: Notice[] = []): Promise<void> {
    state.revision += 1;
    const step = current();
    await acts.projectDisposalCase({
      projection: {
        caseId: input.caseId,
        campaignId: input.campaignId,
        unitId: input.unitId,
        personId: input.personId,
        problem: input.problem,
        source: input.source,
        sourceRef: input.sourceRef,
        openedBy: input.openedBy,
        status: state.status,
        measure: step.measure,
        dueAt: state.status === 'OPEN' ? step.dueAt : null,
        state,
      },
      change: { actor, action },
      ...(notifications.length ? { notifications } : {}),
    });
  }

  /** Writes `notice` with the case's next revision, or (runs recorded before) after it. */
  async function projectWith(actor: string, action: string, notice: (revision: number) => Notice): Promise<void> {
    if (withCause()) return project(actor, action, [notice(state.revision + 1)]);
    await project(actor, action);
    await acts.notifyPeople(notice(state.revision));
  }

  async function apply(measure: DisposalMeasure, because: string, by: string): Promise<void> {
    const appliedAt = Date.now();
    const dueAt = calendar.deadlineAfter(appliedAt, input.followUpWorkingDays[measure]);
    state.steps.push({ measure, appliedAt, dueAt, because, response: null, rejected: [] });
    await projectWith(by, `DISPOSAL_${measure}`, () => ({
      key: `disposal:${input.caseId}:${state.steps.length}`,
      personIds: [input.personId],
      kind: 'DISPOSAL',
      message: `${DISPOSAL_MEASURE_LABELS[measure]}：${input.problem}。请于 ${dateOf(dueAt - 1)} 前${DISPOSAL_FOLLOW_UP_LABELS[measure]}`,
      formId: null,
    }));
  }

  setHandler(disposalStateQuery, () => state);
  // Issue 17: the opener gets the case from its update-with-start instead of polling the read model.
  if (patched('disposal-opened-update')) {
    setHandler(disposalOpenedUpdate, async () => {
      await condition(() => state.revision > 0 && !gate.busy);
      return state;
    });
  }

  setHandler(
    respondToDisposalUpdate,
    (args) =>
      gate.exclusively(async () => {
        const step = current();
        if (state.status !== 'OPEN' || step.response) throw rejection(ErrorCode.CONFLICT, ANSWER_WAITING);
        step.response = { text: args.text.trim(), at: Date.now() };
        const notice = (revision: number, handlers: string[]): Notice => ({
          key: `disposal:${input.caseId}:response:${revision}`,
          personIds: handlers,
          kind: 'DISPOSAL',
          message: `处置案件已收到当事人${DISPOSAL_FOLLOW_UP_LABELS[step.measure]}，请核实`,
          formId: null,
        });
        if (withCause()) {
          // Who verifies is read first, so that the answer and their notice commit together.
          const handlers = await acts.oversightHandlers({ unitId: input.unitId, exceptPersonId: input.personId });
          await project(args.by, 'DISPOSAL_RESPONSE', [notice(state.revision + 1, handlers)]);
          return state;
        }
        await project(args.by, 'DISPOSAL_RESPONSE');
        const handlers = await acts.oversightHandlers({ unitId: input.unitId, exceptPersonId: input.personId });
        await acts.notifyPeople(notice(state.revision, handlers));
        return state;
      }),
    {
      validator: (args) => {
        if (args.by !== input.personId)
          throw rejection(ErrorCode.FORBIDDEN, {
            en: 'Only the person concerned answers a disposal measure.',
            zh: '只有当事人可以答复处置措施',
          });
        if (state.status !== 'OPEN') throw rejection(ErrorCode.CONFLICT, CASE_CLOSED);
        if (current().response) throw rejection(ErrorCode.CONFLICT, ANSWER_WAITING);
        const errors = validateDisposalResponse(args.text);
        if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid answer.'));
      },
    },
  );

  setHandler(
    verifyDisposalUpdate,
    (args) =>
      gate.exclusively(async () => {
        const step = current();
        if (state.status !== 'OPEN' || !step.response)
          throw rejection(ErrorCode.CONFLICT, { en: 'There is no answer to verify.', zh: '没有需要核实的答复' });
        if (args.accepted) {
          state.status = 'CLOSED';
          state.outcome = { text: args.outcome.trim(), by: args.by, at: Date.now() };
        } else {
          step.rejected.push({ ...step.response, reason: args.outcome.trim() });
          step.response = null;
        }
        await projectWith(args.by, args.accepted ? 'DISPOSAL_CLOSED' : 'DISPOSAL_RESPONSE_REJECTED', (revision) => ({
          key: `disposal:${input.caseId}:verified:${revision}`,
          personIds: [input.personId],
          kind: 'DISPOSAL',
          message: args.accepted
            ? `处置案件已办结：${args.outcome.trim()}`
            : `您的材料未通过核实：${args.outcome.trim()}；请于 ${dateOf(step.dueAt - 1)} 前重新提交`,
          formId: null,
        }));
        return state;
      }),
    {
      validator: (args) => {
        if (args.by === input.personId)
          throw rejection(ErrorCode.FORBIDDEN, { en: 'Nobody verifies their own case.', zh: '不能核实自己的案件' });
        if (state.status !== 'OPEN') throw rejection(ErrorCode.CONFLICT, CASE_CLOSED);
        if (!current().response)
          throw rejection(ErrorCode.CONFLICT, {
            en: 'The person has not answered yet: there is nothing to verify.',
            zh: '当事人尚未答复，没有需要核实的内容',
          });
        const errors = validateDisposalVerification(args);
        if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid verification.'));
      },
    },
  );

  setHandler(
    escalateDisposalUpdate,
    (args) =>
      gate.exclusively(async () => {
        const next = state.status === 'OPEN' ? nextMeasure(current().measure) : null;
        if (!next)
          throw rejection(ErrorCode.CONFLICT, {
            en: 'The case is closed or already at the top of the ladder.',
            zh: '案件已结案，或已是最高一级处置措施',
          });
        await apply(next, `办公室决定：${args.reason.trim()}`, args.by);
        return state;
      }),
    {
      validator: (args) => {
        if (args.by === input.personId)
          throw rejection(ErrorCode.FORBIDDEN, { en: 'Nobody escalates their own case.', zh: '不能升级自己的案件' });
        if (state.status !== 'OPEN') throw rejection(ErrorCode.CONFLICT, CASE_CLOSED);
        if (!nextMeasure(current().measure))
          throw rejection(ErrorCode.CONFLICT, {
            en: `The case is already at ${DISPOSAL_MEASURE_LABELS[current().measure]}, the top of the ladder.`,
            zh: `案件已是最高一级处置措施（${DISPOSAL_MEASURE_LABELS[current().measure]}）`,
          });
        if (!args.reason.trim())
          throw rejectionOf(DomainError.validation([{ field: 'reason', ...REQUIRED }], 'Invalid escalation.'));
      },
    },
  );

  await gate.exclusively(() => apply(input.firstMeasure, '立案', input.openedBy));

  while (state.status === 'OPEN') {
    const seen = gate.changes;
    const step = current();
    const waiting = !step.response && !(state.overdueAtTop && !nextMeasure(step.measure));
    if (!waiting) {
      await condition(() => gate.changes !== seen || state.status !== 'OPEN');
      continue;
    }
    const woken = await condition(
      () => gate.changes !== seen || state.status !== 'OPEN',
      Math.max(step.dueAt - Date.now(), 1),
    );
    if (woken) continue;
    await gate.exclusively(async () => {
      if (state.status !== 'OPEN' || current() !== step || step.response) return;
      const next = nextMeasure(step.measure);
      if (next) {
        await apply(
          next,
          `逾期未${DISPOSAL_FOLLOW_UP_LABELS[step.measure]}（期限 ${dateOf(step.dueAt - 1)}），自动升级`,
          'system',
        );
        return;
      }
      state.overdueAtTop = true;
      const notice = (handlers: string[]): Notice => ({
        key: `disposal:${input.caseId}:overdue-top`,
        personIds: handlers,
        kind: 'ESCALATION',
        message: `责令整改逾期未报（期限 ${dateOf(step.dueAt - 1)}）：请纪检组依规处理`,
        formId: null,
      });
      if (withCause()) {
        const handlers = await acts.oversightHandlers({ unitId: input.unitId, exceptPersonId: input.personId });
        await project('system', 'DISPOSAL_OVERDUE_AT_TOP', [notice(handlers)]);
        return;
      }
      await project('system', 'DISPOSAL_OVERDUE_AT_TOP');
      const handlers = await acts.oversightHandlers({ unitId: input.unitId, exceptPersonId: input.personId });
      await acts.notifyPeople(notice(handlers));
    });
  }
  await condition(() => !gate.busy);
  return state;
}
