import {
  ParentClosePolicy,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  CHINA_HOLIDAYS,
  DEFAULT_LADDER,
  DEFAULT_NOTICE_WORKING_DAYS,
  ErrorCode,
  NOT_A_DATE,
  PHASES,
  PHASE_LABELS,
  REQUIRED,
  endOfDay,
  isIsoDate,
  missingHolidayYears,
  phaseDeadline,
  phaseOpensAt,
  validateHolidayYear,
  withHolidayYear,
  type FieldError,
  type HolidayYear,
  type Phase,
  type PhaseWindow,
  DomainError,
} from '@pirm/domain';
import {
  ACTIVITY_RETRY,
  SEARCH_ATTRIBUTES,
  UNIT_CAMPAIGN_WORKFLOW_TYPE,
  adminActionUpdate,
  campaignStateQuery,
  holidaysPublishedSignal,
  rejection,
  unitControlSignal,
  unitFinishedSignal,
  unitWorkflowId,
  type AdminAction,
  type CampaignInput,
  type CampaignState,
  type UnitCampaignWorkflow,
  type UnitControl,
  rejectionOf,
} from '@pirm/contracts';
import type { Activities } from '@pirm/activities';

const { projectCampaign } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Projections must land: retried while the database is away, for about two hours.
  retry: ACTIVITY_RETRY,
});

/** Continue-as-new well before Temporal's history limits (51,200 events). */
const HISTORY_BUDGET = 4_000;
/** Children are started in batches so a district of any size stays under the pending-operation limits. */
const START_BATCH = 200;

/** Waits (durably) until the instant `at`; returns at once if it has passed. */
async function sleepUntil(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await sleep(wait);
}

/**
 * The annual campaign (workflow id `campaign:{campaignId}`): opens each phase on its start date, runs one
 * child workflow per unit (parent-close policy ABANDON, so children outlive this run's continue-as-new and
 * report back by signal), applies the office's controls, and completes when the last phase's deadline has
 * passed and every unit is complete or formally closed.
 */
export async function campaignWorkflow(input: CampaignInput): Promise<CampaignState> {
  const state: CampaignState = input.carried ?? {
    campaignId: input.campaignId,
    year: input.year,
    status: 'SCHEDULED',
    currentPhase: null,
    calendar: input.calendar,
    rulesVersion: input.rulesVersion,
    launchedBy: input.launchedBy,
    paused: false,
    pausedUnits: [],
    noticeWorkingDays: input.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
    // Known from the start, so the launch already shows them; their workflows start just after.
    units: Object.fromEntries((input.units ?? []).map((u) => [u, 'RUNNING' as const])),
    actions: [],
    revision: 0,
  };
  const seenKeys = new Set(state.actions.map((a) => a.key));
  // Holidays published after launch replace their year here, and travel on with continue-as-new.
  let holidays: HolidayYear[] = input.holidays ?? [...CHINA_HOLIDAYS];
  const missingYears = (): number[] =>
    missingHolidayYears(state.calendar[0]!.startsOn, state.calendar.at(-1)!.endsOn, holidays);
  state.missingHolidayYears ??= missingYears();
  state.pausedUnits ??= [];
  let wake = 0;
  /** Batches of children being started: a unit is told of new holidays only once its workflow exists. */
  let starting = 0;
  setHandler(campaignStateQuery, () => state);

  const publish = async (): Promise<void> => {
    state.revision += 1;
    await projectCampaign({ ...state });
  };

  const startUnits = async (unitIds: readonly string[], startAtPhase: Phase): Promise<void> => {
    starting += 1;
    try {
      await startBatches(unitIds, startAtPhase);
    } finally {
      starting -= 1;
    }
  };
  const startBatches = async (unitIds: readonly string[], startAtPhase: Phase): Promise<void> => {
    for (let i = 0; i < unitIds.length; i += START_BATCH) {
      const batch = unitIds.slice(i, i + START_BATCH);
      await Promise.all(
        batch.map((unitId) =>
          startChild<UnitCampaignWorkflow>(UNIT_CAMPAIGN_WORKFLOW_TYPE, {
            workflowId: unitWorkflowId(input.campaignId, unitId),
            args: [
              {
                campaignId: input.campaignId,
                unitId,
                calendar: state.calendar,
                ladder: input.ladder ?? DEFAULT_LADDER,
                phaseLadders: input.phaseLadders,
                holidays,
                noticeWorkingDays: input.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
                startAtPhase,
              },
            ],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            typedSearchAttributes: [
              { key: SEARCH_ATTRIBUTES.campaignId, value: input.campaignId },
              { key: SEARCH_ATTRIBUTES.unitId, value: unitId },
            ],
          }),
        ),
      );
      for (const unitId of batch) state.units[unitId] = 'RUNNING';
    }
  };

  const tell = async (unitIds: readonly string[], control: UnitControl): Promise<void> => {
    await Promise.all(
      unitIds.map((u) =>
        getExternalWorkflowHandle(unitWorkflowId(input.campaignId, u)).signal(unitControlSignal, control),
      ),
    );
  };
  const running = (): string[] => Object.keys(state.units).filter((u) => state.units[u] === 'RUNNING');

  setHandler(unitFinishedSignal, ({ unitId, outcome }) => {
    state.units[unitId] = outcome;
    wake += 1;
  });

  setHandler(holidaysPublishedSignal, async (year) => {
    // The gateway validated it; a bad payload must not fail the run (the calendar would throw).
    if (validateHolidayYear(year).length) return;
    holidays = withHolidayYear(holidays, year);
    state.missingHolidayYears = missingYears();
    await condition(() => starting === 0);
    // A unit that finished meanwhile has no deadline left to move.
    await Promise.all(
      running().map((u) =>
        getExternalWorkflowHandle(unitWorkflowId(input.campaignId, u))
          .signal(holidaysPublishedSignal, year)
          .catch(() => undefined),
      ),
    );
    await publish();
  });

  setHandler(
    adminActionUpdate,
    async (a: AdminAction) => {
      if (seenKeys.has(a.key)) return state;
      seenKeys.add(a.key);
      state.actions.push({ ...a, at: Date.now() });
      const targets = a.unitId ? [a.unitId] : running();
      switch (a.kind) {
        case 'EXTEND': {
          const deadline = endOfDay(a.endsOn!);
          if (!a.unitId) {
            const w = state.calendar.find((x) => x.phase === a.phase)!;
            w.endsOn = a.endsOn!;
          }
          await tell(targets, { kind: 'EXTEND', phase: a.phase!, deadline, by: a.by, reason: a.reason });
          break;
        }
        case 'PAUSE':
        case 'RESUME':
        case 'CANCEL':
          // With a unit, the control acts on that unit alone (runs before this paused or cancelled them all).
          if (a.unitId && patched('unit-scoped-controls')) {
            const others = state.pausedUnits!.filter((u) => u !== a.unitId);
            state.pausedUnits = a.kind === 'PAUSE' ? [...others, a.unitId] : others;
            await tell([a.unitId], { kind: a.kind, by: a.by, reason: a.reason });
          } else if (a.kind === 'CANCEL') {
            state.status = 'CANCELLED';
            await tell(running(), { kind: 'CANCEL', by: a.by, reason: a.reason });
          } else {
            state.paused = a.kind === 'PAUSE';
            state.pausedUnits = [];
            await tell(running(), { kind: a.kind, by: a.by, reason: a.reason });
          }
          break;
        case 'ADD_UNIT':
          await startUnits([a.unitId!], state.currentPhase ?? 'MOBILISATION');
          break;
        case 'CLOSE_UNIT':
          await tell([a.unitId!], { kind: 'CLOSE', by: a.by, reason: a.reason });
          break;
      }
      wake += 1;
      await publish();
      return state;
    },
    {
      validator: (a) => {
        if (seenKeys.has(a.key)) return;
        if (state.status === 'COMPLETED' || state.status === 'CANCELLED')
          throw rejection(ErrorCode.CONFLICT, {
            en: `The campaign is ${state.status}.`,
            zh: state.status === 'COMPLETED' ? '活动已经结束' : '活动已经取消',
          });
        const errors: FieldError[] = [];
        // Both places that refuse a finished unit say it the same way.
        const finished = (unitId: string): FieldError => ({
          field: 'unitId',
          reason: `unit ${unitId} has already finished`,
          message: '该单位已结束本次活动',
        });
        if (!a.reason.trim())
          errors.push({
            field: 'reason',
            reason: 'is required: every action is recorded with why',
            message: '请填写理由，每项操作都会记录原因',
          });
        if (a.kind === 'EXTEND') {
          const w = state.calendar.find((x) => x.phase === a.phase);
          if (!w)
            errors.push({
              field: 'phase',
              reason: `must be one of ${PHASES.join(', ')}`,
              message: `须为${PHASES.map((p) => PHASE_LABELS[p]).join('、')}之一`,
            });
          else if (!a.endsOn || !isIsoDate(a.endsOn)) errors.push({ field: 'endsOn', ...NOT_A_DATE });
          else if (a.endsOn <= w.endsOn && !a.unitId)
            errors.push({
              field: 'endsOn',
              reason: `must be after the current last day ${w.endsOn}`,
              message: `须晚于现在的最后一天（${w.endsOn}）`,
            });
        }
        if ((a.kind === 'ADD_UNIT' || a.kind === 'CLOSE_UNIT') && !a.unitId)
          errors.push({ field: 'unitId', ...REQUIRED });
        if (a.unitId && a.kind !== 'ADD_UNIT' && state.units[a.unitId] === undefined)
          errors.push({
            field: 'unitId',
            reason: `unit ${a.unitId} is not in this campaign`,
            message: '该单位不在本次活动中',
          });
        if (a.kind === 'ADD_UNIT' && a.unitId && state.units[a.unitId] !== undefined)
          errors.push({
            field: 'unitId',
            reason: `unit ${a.unitId} is already in this campaign`,
            message: '该单位已在本次活动中',
          });
        if (
          a.kind === 'CLOSE_UNIT' &&
          a.unitId &&
          state.units[a.unitId] !== 'RUNNING' &&
          state.units[a.unitId] !== undefined
        ) {
          errors.push(finished(a.unitId));
        }
        if (a.kind === 'PAUSE' && state.paused)
          errors.push({ field: 'kind', reason: 'the campaign is already paused', message: '活动已经暂停' });
        if (
          a.unitId &&
          (a.kind === 'PAUSE' || a.kind === 'RESUME' || a.kind === 'CANCEL') &&
          state.units[a.unitId] !== undefined
        ) {
          const unitPaused = state.pausedUnits!.includes(a.unitId);
          if (state.units[a.unitId] !== 'RUNNING') errors.push(finished(a.unitId));
          else if (a.kind === 'PAUSE' && unitPaused)
            errors.push({ field: 'kind', reason: `unit ${a.unitId} is already paused`, message: '该单位已经暂停' });
          else if (a.kind === 'RESUME' && state.paused)
            errors.push({
              field: 'kind',
              reason: 'the whole campaign is paused: resume the campaign',
              message: '整个活动处于暂停中，请恢复整个活动',
            });
          else if (a.kind === 'RESUME' && !unitPaused)
            errors.push({ field: 'kind', reason: `unit ${a.unitId} is not paused`, message: '该单位没有暂停' });
        } else if (a.kind === 'RESUME' && !state.paused)
          errors.push({ field: 'kind', reason: 'the campaign is not paused', message: '活动没有暂停' });
        if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid action.'));
      },
    },
  );

  if (!input.carried) {
    await publish();
    // Campaigns launched before units had workflows replay without this step.
    if (patched('unit-workflows') && input.units?.length) {
      await startUnits(input.units, 'MOBILISATION');
      await publish();
    }
  }

  const windows: PhaseWindow[] = state.calendar;
  for (const [i, window] of windows.entries()) {
    if (state.status === 'CANCELLED') break;
    if (state.currentPhase && PHASES.indexOf(state.currentPhase) >= i) continue; // carried over
    await sleepUntil(phaseOpensAt(window));
    state.status = 'RUNNING';
    state.currentPhase = window.phase;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.phase, value: window.phase }]);
    const next = windows[i + 1];
    // Phases already open when the campaign starts are passed through without a projection each.
    if (!next || phaseOpensAt(next) > Date.now()) await publish();
  }
  const last = windows[windows.length - 1];
  if (last && state.status !== 'CANCELLED') await sleepUntil(phaseDeadline(last));
  // The campaign ends when every unit is complete or closed (a lagging unit keeps it open).
  while (state.status !== 'CANCELLED' && running().length > 0) {
    const seen = wake;
    await condition(() => wake !== seen);
    if (workflowInfo().historyLength > HISTORY_BUDGET)
      await continueAsNew<typeof campaignWorkflow>({ ...input, holidays, carried: state });
  }
  if (state.status !== 'CANCELLED') state.status = 'COMPLETED';
  await publish();
  return state;
}
