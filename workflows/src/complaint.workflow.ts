import { condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  COMPLAINT_STATUS_LABELS,
  ErrorCode,
  WorkingDayCalendar,
  dateOf,
  validateConclusion,
  validateTriage,
  type Bilingual,
  DomainError,
} from '@pirm/domain';
import {
  ACTIVITY_RETRY,
  complaintStateQuery,
  concludeComplaintUpdate,
  registerComplaintUpdate,
  rejection,
  triageComplaintUpdate,
  type ComplaintEventKind,
  type ComplaintInput,
  type ComplaintState,
  rejectionOf,
} from '@pirm/contracts';
import type { Activities } from '@pirm/activities';
import { Gate } from './gate';

/** A notification of the complaint, as its projection writes it. */
type Notice = NonNullable<Parameters<Activities['projectComplaint']>[0]['notifications']>[number];

const OWN_COMPLAINT: Bilingual = {
  en: 'Nobody handles a complaint against themselves.',
  zh: '不能处理针对自己的投诉举报',
};

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: ACTIVITY_RETRY,
});

/**
 * One complaint (R16), from intake to its end. It is accepted or refused within `acceptWorkingDays` working
 * days and, once accepted, concluded within `handleWorkingDays`; a deadline that passes tells the handlers'
 * superiors once (ESCALATED). A named complainant is told the outcome through the message outbox; everyone
 * follows the case by receipt code. The person complained against never handles it.
 */
export async function complaintWorkflow(input: ComplaintInput): Promise<ComplaintState> {
  const calendar = new WorkingDayCalendar(input.holidays);
  const receivedAt = Date.now();
  const state: ComplaintState = {
    complaintId: input.complaintId,
    status: 'RECEIVED',
    receivedAt,
    dueAt: calendar.deadlineAfter(receivedAt, input.acceptWorkingDays),
    escalated: false,
    substantiated: null,
    events: [{ kind: 'RECEIVED', at: receivedAt, by: null, detail: '举报已收到' }],
    revision: 1,
  };
  const gate = new Gate();
  const handledMeanwhile = (): Bilingual => ({
    en: `The complaint was ${state.status} meanwhile.`,
    zh: `这件投诉举报刚刚已被他人处理，现为“${COMPLAINT_STATUS_LABELS[state.status]}”`,
  });
  let stored = false;

  /** Each notice commits with the revision that causes it (issue 18); runs recorded before sent it after. */
  const withCause = (): boolean => patched('notices-with-cause');

  /**
   * Appends an event as a new revision of the read model, with the notifications it causes; `tell`: the
   * revision ends the complaint, and a named complainant's outcome is queued in its commit. Returns whether
   * the complainant was told.
   */
  async function record(
    kind: ComplaintEventKind,
    by: string | null,
    detail: string,
    writes: { notifications?: Notice[]; tell?: boolean } = {},
  ): Promise<boolean> {
    state.events.push({ kind, at: Date.now(), by, detail });
    state.revision += 1;
    return acts.projectComplaint({
      state,
      change: { actor: by ?? 'system', action: `COMPLAINT_${kind}` },
      ...(writes.notifications ? { notifications: writes.notifications } : {}),
      ...(writes.tell ? { complainant: complainantMessage() } : {}),
    });
  }

  /** The outcome for the complainant, once per status. */
  function complainantMessage(): { key: string; message: string } {
    const last = state.events[state.events.length - 1]!;
    return {
      key: `complaint:${input.complaintId}:${state.status}`,
      message: `您的举报（${dateOf(receivedAt)} 收到）${COMPLAINT_STATUS_LABELS[state.status]}：${last.detail}`,
    };
  }

  /** Records the event that ends the complaint and tells a named complainant its outcome. */
  async function recordOutcome(kind: 'REFUSED' | 'CONCLUDED', by: string, detail: string): Promise<void> {
    if (input.named && withCause()) {
      if (await record(kind, by, detail, { tell: true }))
        await record('COMPLAINANT_TOLD', null, '已告知举报人办理结果');
      return;
    }
    await record(kind, by, detail);
    if (!input.named) return;
    const sent = await acts.tellComplainant({ ...complainantMessage(), complaintId: input.complaintId });
    if (sent) await record('COMPLAINANT_TOLD', null, '已告知举报人办理结果');
  }

  setHandler(complaintStateQuery, () => state);

  setHandler(registerComplaintUpdate, () =>
    gate.exclusively(async () => {
      if (stored) return state;
      const row = {
        id: input.complaintId,
        unitId: input.unitId,
        subjectKind: input.subjectKind,
        subjectPostId: input.subjectPostId,
        subjectPersonId: input.subjectPersonId,
        text: input.text,
        named: input.named,
        receiptHash: input.receiptHash,
      };
      const notice = {
        key: `complaint:${input.complaintId}:received`,
        kind: 'COMPLAINT' as const,
        message: `收到对单位 ${input.unitId} 的举报，请于 ${dateOf(state.dueAt! - 1)} 前决定是否受理`,
      };
      if (withCause()) {
        // The complaint and its handlers' notice in one commit (the handlers are worked out in it).
        await acts.recordComplaint({ row, state, notice });
        stored = true;
        return state;
      }
      await acts.recordComplaint({ row, state });
      stored = true;
      const handlers = await acts.oversightHandlers({
        unitId: input.unitId,
        exceptPersonId: input.subjectPersonId,
        complaintId: input.complaintId,
      });
      await acts.notifyPeople({ ...notice, personIds: handlers });
      return state;
    }),
  );

  setHandler(
    triageComplaintUpdate,
    (args) =>
      gate.exclusively(async () => {
        if (state.status !== 'RECEIVED') throw rejection(ErrorCode.CONFLICT, handledMeanwhile());
        state.status = args.accept ? 'ACCEPTED' : 'REFUSED';
        state.dueAt = args.accept ? calendar.deadlineAfter(Date.now(), input.handleWorkingDays) : null;
        state.escalated = false;
        if (args.accept) await record('ACCEPTED', args.by, args.reason.trim());
        else await recordOutcome('REFUSED', args.by, args.reason.trim());
        return state;
      }),
    {
      validator: (args) => {
        // A retry with the same update id never gets here: the server answers it with the first outcome.
        if (state.status !== 'RECEIVED')
          throw rejection(ErrorCode.CONFLICT, {
            en: `The complaint is already ${state.status}.`,
            zh: `投诉举报当前为“${COMPLAINT_STATUS_LABELS[state.status]}”，不能再受理`,
          });
        if (args.by === input.subjectPersonId) throw rejection(ErrorCode.FORBIDDEN, OWN_COMPLAINT);
        const errors = validateTriage(args);
        if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid decision on the complaint.'));
      },
    },
  );

  setHandler(
    concludeComplaintUpdate,
    (args) =>
      gate.exclusively(async () => {
        if (state.status !== 'ACCEPTED') throw rejection(ErrorCode.CONFLICT, handledMeanwhile());
        state.status = 'CONCLUDED';
        state.dueAt = null;
        state.substantiated = args.substantiated;
        await recordOutcome(
          'CONCLUDED',
          args.by,
          `${args.substantiated ? '经查属实' : '经查不属实'}：${args.outcome.trim()}`,
        );
        return state;
      }),
    {
      validator: (args) => {
        if (state.status !== 'ACCEPTED')
          throw rejection(ErrorCode.CONFLICT, {
            en: `A ${state.status} complaint cannot be concluded.`,
            zh: `投诉举报当前为“${COMPLAINT_STATUS_LABELS[state.status]}”，不能办结`,
          });
        if (args.by === input.subjectPersonId) throw rejection(ErrorCode.FORBIDDEN, OWN_COMPLAINT);
        const errors = validateConclusion(args);
        if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid conclusion.'));
      },
    },
  );

  const open = () => state.status === 'RECEIVED' || state.status === 'ACCEPTED';
  // The intake update arrives with the start; nothing else happens before the complaint is stored.
  await condition(() => stored);
  while (open()) {
    const seen = gate.changes;
    const due = !state.escalated ? state.dueAt : null;
    if (due === null) {
      await condition(() => gate.changes !== seen || !open());
      continue;
    }
    const woken = await condition(() => gate.changes !== seen || !open(), Math.max(due - Date.now(), 1));
    if (!woken) {
      await gate.exclusively(async () => {
        if (!open() || state.escalated || state.dueAt !== due) return;
        state.escalated = true;
        const what = state.status === 'RECEIVED' ? '受理' : '办结';
        const detail = `超过${what}期限（${dateOf(due - 1)}）`;
        const handlersOf = () =>
          acts.oversightHandlers({
            unitId: input.unitId,
            exceptPersonId: input.subjectPersonId,
            complaintId: input.complaintId,
          });
        const notice = (handlers: string[]): Notice => ({
          key: `complaint:${input.complaintId}:overdue:${state.status}`,
          personIds: handlers,
          kind: 'ESCALATION',
          message: `举报逾期未${what}（期限 ${dateOf(due - 1)}），已报纪检组督办`,
          formId: null,
        });
        if (withCause()) {
          await record('ESCALATED', null, detail, { notifications: [notice(await handlersOf())] });
          return;
        }
        await record('ESCALATED', null, detail);
        await acts.notifyPeople(notice(await handlersOf()));
      });
    }
  }
  await condition(() => !gate.busy);
  return state;
}
