import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  ErrorCode,
  PHASES,
  PHASE_LABELS,
  RUNGS,
  WorkingDayCalendar,
  missingHolidayYears,
  phaseDeadline,
  phaseOpensAt,
  rungTimes,
  validateHolidayYear,
  withHolidayYear,
  type FieldError,
  type Phase,
  type Rung,
  DomainError,
} from '@pirm/domain';
import {
  ACTIVITY_RETRY,
  MOBILISATION_ITEMS,
  SEARCH_ATTRIBUTES,
  campaignWorkflowId,
  closeNoticeUpdate,
  completePhaseUpdate,
  confirmArchiveUpdate,
  formsChangedSignal,
  holidaysPublishedSignal,
  recordMobilisationUpdate,
  rejection,
  unitCampaignStateQuery,
  unitControlSignal,
  unitFinishedSignal,
  type UnitCampaignInput,
  type UnitCampaignState,
  type UnitControl,
  type UnitPhaseState,
  rejectionOf,
  type CompletePhaseArgs,
} from '@pirm/contracts';
import type { Activities } from '@pirm/activities';
import { Gate } from './gate';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: ACTIVITY_RETRY,
});

/** Continue-as-new well before Temporal's history limits (51,200 events). */
const HISTORY_BUDGET = 4_000;
const RECORDED_PHASES: readonly Phase[] = ['EXECUTION', 'EVALUATION', 'CORRECTION'];

/** Mobilisation records and phase completions bound their evidence alike. */
const EVIDENCE_LENGTH: FieldError = {
  field: 'evidence',
  reason: 'must be 1 to 4000 characters',
  message: '请填写情况说明，不超过 4000 个字',
};

function initialState(input: UnitCampaignInput): UnitCampaignState {
  const skipped = PHASES.indexOf(input.startAtPhase);
  return {
    campaignId: input.campaignId,
    unitId: input.unitId,
    phases: input.calendar.map((w, i) => ({
      phase: w.phase,
      status: i < skipped ? 'CLOSED' : 'NOT_STARTED',
      openedAt: null,
      completedAt: null,
      deadline: phaseDeadline(w),
      rungs: [],
      evidence: i < skipped ? 'added to the campaign after this phase' : null,
    })),
    mobilisation: {},
    screening: {
      stage: 'FORMS',
      staff: 0,
      approved: 0,
      noticeOpensAt: null,
      noticeClosesAt: null,
      archiveVersion: null,
      confirmedBy: null,
    },
    paused: false,
    closed: null,
    cancelled: false,
    revision: 0,
  };
}

/**
 * A unit's part of a campaign (workflow id `campaign:{campaignId}:unit:{unitId}`). Each phase opens on its
 * calendar date once the previous phase is complete (screening opens as soon as mobilisation is), and
 * completes on what the unit records: mobilisation's three records (R03–R05); screening's approved forms,
 * public notice and the principal's confirmation that creates the risk archive (R13); a recorded completion
 * for the later phases. An open phase climbs the escalation ladder at its deadline, each rung exactly once;
 * completion stops it, an extension re-arms it, a pause holds it.
 */
export async function unitCampaignWorkflow(input: UnitCampaignInput): Promise<UnitCampaignState> {
  // Replaced when the office publishes a year's holidays; carried on by continue-as-new.
  let holidays = input.holidays;
  let calendar = new WorkingDayCalendar(holidays);
  const state: UnitCampaignState = input.carried ?? initialState(input);
  const missingYears = (): number[] =>
    missingHolidayYears(input.calendar[0]!.startsOn, input.calendar.at(-1)!.endsOn, holidays);
  state.missingHolidayYears ??= missingYears();
  const gate = new Gate();
  let pausedAt: number | null = null;
  const seenKeys = new Set<string>();
  /** A control or new holidays changed the state outside the loop's own steps: the read model must follow. */
  let unprojected = false;

  const publish = async (): Promise<void> => {
    state.revision += 1;
    await acts.projectUnitCampaign({ ...state });
  };
  const ladderOf = (p: Phase) => input.phaseLadders?.[p] ?? input.ladder;
  const phaseOf = (p: Phase): UnitPhaseState => state.phases.find((x) => x.phase === p)!;
  const finished = (): boolean =>
    state.cancelled ||
    state.closed !== null ||
    state.phases.every((p) => p.status === 'COMPLETE' || p.status === 'CLOSED');

  async function complete(phase: UnitPhaseState, evidence: string | null): Promise<void> {
    phase.status = 'COMPLETE';
    phase.completedAt = Date.now();
    phase.evidence = evidence;
    await publish();
  }

  /** Screening advances: all forms approved → public notice → (after it closes) awaiting confirmation. */
  async function advanceScreening(): Promise<void> {
    const screening = phaseOf('SCREENING');
    if (screening.status !== 'IN_PROGRESS') return;
    const s = state.screening;
    if (s.stage === 'FORMS') {
      const progress = await acts.screeningProgress({ campaignId: input.campaignId, unitId: input.unitId });
      const changed = progress.staff !== s.staff || progress.approved !== s.approved;
      Object.assign(s, progress);
      if (progress.staff > 0 && progress.approved >= progress.staff) {
        s.stage = 'PUBLIC_NOTICE';
        s.noticeOpensAt = Date.now();
        s.noticeClosesAt = calendar.deadlineAfter(Date.now(), input.noticeWorkingDays);
        s.noticeClosedEarly = null;
        await publish();
      } else if (changed) {
        await publish();
      }
    } else if (s.stage === 'PUBLIC_NOTICE' && Date.now() >= s.noticeClosesAt!) {
      s.stage = 'AWAITING_CONFIRMATION';
      await publish();
    }
  }

  /** Opens phases whose time has come and whose predecessor is done. */
  async function openPhases(): Promise<void> {
    for (const [i, p] of state.phases.entries()) {
      if (p.status !== 'NOT_STARTED') continue;
      const prev = state.phases[i - 1];
      const prevDone = !prev || prev.status === 'COMPLETE' || prev.status === 'CLOSED';
      const calendarOpen = Date.now() >= phaseOpensAt(input.calendar[i]!);
      // Completing mobilisation opens screening at once; other phases also wait for their start date.
      if (prevDone && (calendarOpen || (p.phase === 'SCREENING' && prev?.status === 'COMPLETE'))) {
        p.status = 'IN_PROGRESS';
        p.openedAt = Date.now();
        // The unit's current phase, searchable in the Temporal UI.
        if (patched('unit-phase-search-attribute'))
          upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.phase, value: p.phase }]);
        await publish();
      }
    }
  }

  /** Opens what a completion unlocks before the update returns, so the caller sees it (units started earlier open it in the main loop). */
  async function openNextPhase(): Promise<void> {
    if (patched('open-phase-on-completion')) await openPhases();
  }

  async function fireRung(p: UnitPhaseState, rung: Rung): Promise<void> {
    await acts.recordEscalation({
      key: `${input.campaignId}:${input.unitId}:${p.phase}:${rung}:${p.deadline}`,
      campaignId: input.campaignId,
      unitId: input.unitId,
      phase: p.phase,
      rung,
      deadline: p.deadline,
      at: Date.now(),
    });
    // Shown in the state only once recorded, so a reader of the state finds the record.
    p.rungs.push(rung);
    await publish();
  }

  /** The next rung due for an open phase, or undefined. */
  function nextRung(p: UnitPhaseState): { rung: Rung; at: number } | undefined {
    if (p.status !== 'IN_PROGRESS') return undefined;
    const times = rungTimes(p.deadline, ladderOf(p.phase), calendar);
    const rung = RUNGS.find((r) => !p.rungs.includes(r));
    return rung ? { rung, at: times[rung] } : undefined;
  }

  setHandler(unitCampaignStateQuery, () => state);

  setHandler(
    recordMobilisationUpdate,
    (args) =>
      gate.exclusively(async () => {
        if (seenKeys.has(args.key)) return state;
        seenKeys.add(args.key);
        state.mobilisation[args.item] = {
          by: args.by,
          at: Date.now(),
          evidence: args.evidence.trim(),
          attendance: args.attendance,
        };
        const phase = phaseOf('MOBILISATION');
        if (MOBILISATION_ITEMS.every((item) => state.mobilisation[item])) {
          await complete(phase, 'working body, plan and meeting recorded');
          await openNextPhase();
        } else {
          await publish();
        }
        return state;
      }),
    {
      validator: (args) => {
        if (seenKeys.has(args.key)) return;
        if (phaseOf('MOBILISATION').status !== 'IN_PROGRESS')
          throw rejection(ErrorCode.CONFLICT, {
            en: 'Mobilisation is not open for this unit.',
            zh: `该单位不在${PHASE_LABELS.MOBILISATION}阶段，不能登记动员部署记录`,
          });
        const errors: FieldError[] = [];
        if (!MOBILISATION_ITEMS.includes(args.item))
          errors.push({
            field: 'item',
            reason: `must be one of ${MOBILISATION_ITEMS.join(', ')}`,
            message: `不是可选的${PHASE_LABELS.MOBILISATION}事项`,
          });
        if (!args.evidence.trim() || args.evidence.length > 4000) errors.push(EVIDENCE_LENGTH);
        if (args.item === 'MOBILISATION_MEETING' && !(Number.isInteger(args.attendance) && args.attendance! > 0)) {
          errors.push({
            field: 'attendance',
            reason: 'the meeting needs the number of people who attended (R05)',
            message: '请填写参会人数',
          });
        }
        if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid mobilisation record.'));
      },
    },
  );

  setHandler(
    completePhaseUpdate,
    (args) =>
      gate.exclusively(async () => {
        if (seenKeys.has(args.key)) return state;
        seenKeys.add(args.key);
        await complete(phaseOf(args.phase), args.evidence.trim());
        await openNextPhase();
        return state;
      }),
    {
      validator: (args: CompletePhaseArgs) => {
        if (seenKeys.has(args.key)) return;
        if (!RECORDED_PHASES.includes(args.phase)) {
          throw rejectionOf(
            DomainError.validation(
              [
                {
                  field: 'phase',
                  reason: `only ${RECORDED_PHASES.join(', ')} complete by a recorded completion`,
                  message: `只能登记完成${RECORDED_PHASES.map((p) => PHASE_LABELS[p]).join('、')}阶段`,
                },
              ],
              'Invalid completion.',
            ),
          );
        }
        if (phaseOf(args.phase).status !== 'IN_PROGRESS')
          throw rejection(ErrorCode.CONFLICT, {
            en: `${args.phase} is not open for this unit.`,
            zh: `该单位的${PHASE_LABELS[args.phase]}阶段不在进行中`,
          });
        if (!args.evidence.trim() || args.evidence.length > 4000) {
          throw rejectionOf(DomainError.validation([EVIDENCE_LENGTH], 'Invalid completion.'));
        }
      },
    },
  );

  setHandler(
    confirmArchiveUpdate,
    (args) =>
      gate.exclusively(async () => {
        if (seenKeys.has(args.key)) return state;
        const open = await acts.countOpenNoticeComments({ campaignId: input.campaignId, unitId: input.unitId });
        if (open > 0)
          throw rejection(ErrorCode.CONFLICT, {
            en: `${open} public comment(s) are not answered yet.`,
            zh: `还有 ${open} 条公示意见没有答复`,
          });
        seenKeys.add(args.key);
        state.screening.archiveVersion = await acts.createRiskArchive({
          key: args.key,
          campaignId: input.campaignId,
          unitId: input.unitId,
          confirmedBy: args.by,
        });
        state.screening.confirmedBy = args.by;
        state.screening.stage = 'ARCHIVED';
        await complete(phaseOf('SCREENING'), `risk archive version ${state.screening.archiveVersion}`);
        await openNextPhase();
        return state;
      }),
    {
      validator: (args) => {
        if (seenKeys.has(args.key)) return;
        if (state.screening.stage !== 'AWAITING_CONFIRMATION') {
          throw rejection(ErrorCode.CONFLICT, {
            en: `The unit's screening is at ${state.screening.stage}: it can be confirmed after its public notice closes.`,
            zh: state.screening.stage === 'ARCHIVED' ? '风险档案已经确认' : '公示结束后才能确认风险档案',
          });
        }
      },
    },
  );

  setHandler(
    closeNoticeUpdate,
    (args) =>
      gate.exclusively(async () => {
        if (seenKeys.has(args.key)) return state;
        seenKeys.add(args.key);
        const s = state.screening;
        // Re-checked here: the notice may have closed by itself while the update waited for the gate.
        if (s.stage === 'PUBLIC_NOTICE') {
          s.noticeClosesAt = Date.now();
          s.noticeClosedEarly = { by: args.by, reason: args.reason.trim(), at: Date.now() };
          s.stage = 'AWAITING_CONFIRMATION';
          await publish();
        }
        return state;
      }),
    {
      validator: (args) => {
        if (seenKeys.has(args.key)) return;
        if (state.screening.stage !== 'PUBLIC_NOTICE')
          throw rejection(ErrorCode.CONFLICT, {
            en: `The unit's public notice is not open (screening is at ${state.screening.stage}).`,
            zh: '该单位的公示不在进行中',
          });
        if (!args.reason.trim() || args.reason.length > 2000) {
          throw rejectionOf(
            DomainError.validation(
              [
                {
                  field: 'reason',
                  reason: 'must be 1 to 2000 characters: closing early is recorded with why',
                  message: '请填写提前结束公示的理由，不超过 2000 个字',
                },
              ],
              'Invalid closing of the notice.',
            ),
          );
        }
      },
    },
  );

  setHandler(holidaysPublishedSignal, (year) => {
    // The gateway validated it; a bad payload must not fail the run (the calendar would throw).
    if (validateHolidayYear(year).length) return;
    holidays = withHolidayYear(holidays, year);
    calendar = new WorkingDayCalendar(holidays);
    state.missingHolidayYears = missingYears();
    unprojected = true;
    gate.touch();
  });

  setHandler(formsChangedSignal, () => {
    // A reopened form takes screening back to the forms stage (R22); approvals are re-counted from the read model.
    if (state.screening.stage !== 'ARCHIVED') state.screening.stage = 'FORMS';
    gate.touch();
  });

  setHandler(unitControlSignal, (c: UnitControl) => {
    switch (c.kind) {
      case 'EXTEND': {
        const p = phaseOf(c.phase);
        if (c.deadline > p.deadline) {
          p.deadline = c.deadline;
          // Rungs not yet due at the new deadline fire again when it passes.
          p.rungs = p.rungs.filter((r) => rungTimes(p.deadline, ladderOf(p.phase), calendar)[r] <= Date.now());
        }
        break;
      }
      case 'PAUSE':
        if (!state.paused) {
          state.paused = true;
          pausedAt = Date.now();
        }
        break;
      case 'RESUME':
        if (state.paused) {
          // Timers hold while paused: every open deadline moves by the time spent paused.
          const held = Date.now() - (pausedAt ?? Date.now());
          for (const p of state.phases)
            if (p.status === 'IN_PROGRESS' || p.status === 'NOT_STARTED') p.deadline += held;
          state.paused = false;
          pausedAt = null;
        }
        break;
      case 'CLOSE':
        state.closed ??= { by: c.by, reason: c.reason, at: Date.now() };
        break;
      case 'CANCEL':
        state.cancelled = true;
        break;
    }
    unprojected = true;
    gate.touch();
  });

  await publish();
  while (!finished()) {
    // Runs before this one left a control's effect (a moved deadline, re-armed rungs, a pause) out of the read model.
    if (unprojected) {
      unprojected = false;
      if (patched('project-controls')) await gate.exclusively(publish);
    }
    const seen = gate.changes;
    if (!state.paused) {
      await gate.exclusively(async () => {
        await openPhases();
        await advanceScreening();
        await openPhases();
      });
      if (gate.changes !== seen + 1) continue; // something changed meanwhile: look again
    }
    // The earliest thing that can happen by time: a phase's calendar start, a rung, the notice closing.
    const times: number[] = [];
    if (!state.paused) {
      for (const [i, p] of state.phases.entries()) {
        const prev = state.phases[i - 1];
        // Only a phase that can open is waited for: one behind an unfinished phase opens when that one completes.
        const openable = !prev || prev.status === 'COMPLETE' || prev.status === 'CLOSED';
        if (p.status === 'NOT_STARTED' && openable) times.push(phaseOpensAt(input.calendar[i]!));
        const next = nextRung(p);
        if (next) times.push(next.at);
      }
      if (state.screening.stage === 'PUBLIC_NOTICE') times.push(state.screening.noticeClosesAt!);
    }
    const due = times.filter((t) => t <= Date.now());
    if (due.length === 0) {
      const next = times.length ? Math.min(...times) : undefined;
      const after = gate.changes;
      if (next === undefined) await condition(() => gate.changes !== after);
      else await condition(() => gate.changes !== after, Math.max(next - Date.now(), 1));
    }
    if (!state.paused) {
      await gate.exclusively(async () => {
        for (const p of state.phases) {
          const next = nextRung(p);
          if (next && next.at <= Date.now()) await fireRung(p, next.rung);
        }
      });
    }
    if (workflowInfo().historyLength > HISTORY_BUDGET && !gate.busy) {
      await condition(() => !gate.busy);
      await continueAsNew<typeof unitCampaignWorkflow>({ ...input, holidays, carried: state });
    }
  }
  await publish();
  const outcome = state.cancelled ? 'CANCELLED' : state.closed ? 'CLOSED' : 'COMPLETE';
  // The parent may have closed already (cancelled campaign): telling it is best effort.
  await getExternalWorkflowHandle(campaignWorkflowId(input.campaignId))
    .signal(unitFinishedSignal, { unitId: input.unitId, outcome })
    .catch(() => undefined);
  return state;
}
