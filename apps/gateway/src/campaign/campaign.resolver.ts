import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DEFAULT_NOTICE_WORKING_DAYS, RUNGS, type Rung } from '@pirm/domain';
import { MOBILISATION_ITEMS, type UnitCampaignState } from '@pirm/contracts';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import {
  CampaignActionInput,
  CampaignModel,
  CloseNoticeInput,
  EscalationModel,
  HolidayYearInput,
  HolidayYearModel,
  LaunchCampaignInput,
  LaunchDefaultsModel,
  MobilisationRecordInput,
  PhaseCompletionInput,
  PhaseSummaryModel,
  PhaseWindowModel,
  UnitCampaignModel,
  UnitProgressConnection,
  UnitRecordInput,
} from './campaign.model';
import { CampaignService, type CampaignView } from './campaign.service';
import { PageSizeArg } from '../graphql/page-size';

/** Rungs fire in order, each once per deadline: the highest one reached names all that fired. */
const rungsUpTo = (rung: Rung | null): Rung[] => (rung ? RUNGS.slice(0, RUNGS.indexOf(rung) + 1) : []);

function toModel(v: CampaignView): CampaignModel {
  const units = Object.values(v.units ?? {});
  return Object.assign(new CampaignModel(), {
    id: v.campaignId,
    year: v.year,
    status: v.status,
    currentPhase: v.currentPhase,
    phases: v.calendar.map((w) => PhaseWindowModel.of(w)),
    rulesVersion: v.rulesVersion,
    launchedBy: v.launchedBy,
    source: v.source,
    paused: v.paused ?? false,
    unitCount: units.length,
    runningUnits: units.filter((u) => u === 'RUNNING').length,
    actions: (v.actions ?? []).map((a) => ({
      ...a,
      unitId: a.unitId ?? null,
      phase: a.phase ?? null,
      endsOn: a.endsOn ?? null,
      at: new Date(a.at),
    })),
    pausedUnits: v.pausedUnits ?? [],
    noticeWorkingDays: v.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
    missingHolidayYears: v.missingHolidayYears ?? [],
  });
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function toUnitCampaign(s: UnitCampaignState, source: 'LIVE' | 'PROJECTION' = 'LIVE'): UnitCampaignModel {
  const early = s.screening.noticeClosedEarly ?? null;
  return Object.assign(new UnitCampaignModel(), {
    campaignId: s.campaignId,
    unitId: s.unitId,
    source,
    phases: s.phases.map((p) => ({
      phase: p.phase,
      status: p.status,
      rung: p.rungs.at(-1) ?? null,
      rungs: p.rungs,
      deadline: new Date(p.deadline),
      openedAt: date(p.openedAt),
      completedAt: date(p.completedAt),
    })),
    mobilisation: MOBILISATION_ITEMS.flatMap((item) => {
      const r = s.mobilisation[item];
      return r ? [{ item, by: r.by, at: new Date(r.at), evidence: r.evidence, attendance: r.attendance }] : [];
    }),
    noticeOpensAt: date(s.screening.noticeOpensAt),
    noticeClosedEarly: early && { ...early, at: new Date(early.at) },
    missingHolidayYears: s.missingHolidayYears ?? [],
    mobilisationRecorded: MOBILISATION_ITEMS.filter((i) => s.mobilisation[i]),
    screeningStage: s.screening.stage,
    staff: s.screening.staff,
    approvedForms: s.screening.approved,
    noticeClosesAt: date(s.screening.noticeClosesAt),
    archiveVersion: s.screening.archiveVersion,
    paused: s.paused,
    closedReason: s.closed?.reason ?? null,
    cancelled: s.cancelled,
  });
}

@Resolver(() => CampaignModel)
export class CampaignResolver {
  constructor(private readonly campaigns: CampaignService) {}

  @Mutation(() => CampaignModel, {
    description:
      'Office only. Starts the year’s campaign for every unit (or those given); launching a year again returns it.',
  })
  async launchCampaign(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: LaunchCampaignInput,
  ): Promise<CampaignModel> {
    return toModel(
      await this.campaigns.launch(
        principal,
        input.year,
        input.calendar,
        input.units,
        input.ladders,
        input.noticeWorkingDays ?? undefined,
      ),
    );
  }

  @Query(() => LaunchDefaultsModel, {
    description: 'Office only: the settings a launch of the year takes by default (the console prefills its form).',
  })
  async launchDefaults(@Args('year', { type: () => Int }) year: number): Promise<LaunchDefaultsModel> {
    const d = await this.campaigns.launchDefaults(year);
    return Object.assign(new LaunchDefaultsModel(), { ...d, calendar: d.calendar.map((w) => PhaseWindowModel.of(w)) });
  }

  @Query(() => CampaignModel, { description: 'A campaign with its phases; any signed-in person of the district.' })
  async campaign(
    @CurrentPrincipal() _principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<CampaignModel> {
    return toModel(await this.campaigns.get(id));
  }

  @Mutation(() => CampaignModel, {
    description:
      'Office only: extend a deadline (all units or one), pause, resume, cancel, add or close a unit; recorded with who and why.',
  })
  async campaignAction(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('input') input: CampaignActionInput,
  ): Promise<CampaignModel> {
    const { idempotencyKey, ...action } = input;
    return toModel(await this.campaigns.act(principal, campaignId, { ...action, key: idempotencyKey }));
  }

  @Query(() => [PhaseSummaryModel], { description: 'Units by status in each phase.' })
  async campaignPhaseSummary(
    @CurrentPrincipal() _principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
  ): Promise<PhaseSummaryModel[]> {
    return this.campaigns.phaseSummary(campaignId);
  }

  @Query(() => UnitProgressConnection, {
    description: 'Each unit’s status per phase (the office sees all units, others their own).',
  })
  async campaignUnits(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @PageSizeArg(50, 200) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<UnitProgressConnection> {
    const page = await this.campaigns.units(principal, campaignId, first, after ?? undefined);
    const nodes = page.rows.map((r) => ({
      unitId: r.unitId,
      unitName: r.unitName,
      screeningStage: r.stage,
      paused: r.paused,
      phases: (r.phases ?? []).map((p) => ({
        phase: p.phase,
        status: p.status,
        rung: p.rung,
        rungs: rungsUpTo(p.rung),
        deadline: new Date(p.deadline),
        openedAt: p.openedAt ? new Date(p.openedAt) : null,
        completedAt: p.completedAt ? new Date(p.completedAt) : null,
      })),
    }));
    return Object.assign(new UnitProgressConnection(), {
      nodes,
      hasNextPage: page.hasNextPage,
      endCursor: nodes.at(-1)?.unitId ?? null,
    });
  }

  @Query(() => [EscalationModel], {
    description: 'Rungs fired, in order (the office and discipline team: all units; a unit: its own).',
  })
  async campaignEscalations(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID, nullable: true }) unitId?: string,
    @PageSizeArg(100) first = 100,
  ): Promise<EscalationModel[]> {
    const rows = await this.campaigns.escalations(principal, campaignId, unitId ?? null, first);
    return rows.map((e) =>
      Object.assign(new EscalationModel(), {
        id: e.key,
        unitId: e.unitId,
        phase: e.phase,
        rung: e.rung,
        deadline: new Date(e.deadline),
        firedAt: new Date(e.at),
        message: e.message,
        notifiedCount: e.notified.length,
      }),
    );
  }

  @Mutation(() => UnitCampaignModel, {
    description: 'Records a mobilisation item for a unit (R03 working body, R04 plan, R05 meeting with attendance).',
  })
  async recordMobilisation(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: MobilisationRecordInput,
  ): Promise<UnitCampaignModel> {
    return toUnitCampaign(
      await this.campaigns.recordForUnit(principal, input.campaignId, input.unitId, {
        kind: 'MOBILISATION',
        key: input.idempotencyKey,
        item: input.item,
        evidence: input.evidence,
        attendance: input.attendance ?? null,
      }),
    );
  }

  @Mutation(() => UnitCampaignModel, {
    description: 'Records a unit’s completion of execution, evaluation or correction, with evidence.',
  })
  async completeUnitPhase(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: PhaseCompletionInput,
  ): Promise<UnitCampaignModel> {
    return toUnitCampaign(
      await this.campaigns.recordForUnit(principal, input.campaignId, input.unitId, {
        kind: 'PHASE',
        key: input.idempotencyKey,
        phase: input.phase,
        evidence: input.evidence,
      }),
    );
  }

  @Query(() => UnitCampaignModel, {
    description:
      'A unit’s live campaign state: phases with status, deadline and rungs fired, mobilisation records, the public notice, pause (the office and discipline team: any unit; others their own).',
  })
  async unitCampaign(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID }) unitId: string,
  ): Promise<UnitCampaignModel> {
    const s = await this.campaigns.unitState(principal, campaignId, unitId);
    return toUnitCampaign(s, s.source);
  }

  @Mutation(() => UnitCampaignModel, {
    description:
      'Office only: closes a unit’s public notice before its period ends, with why (R13); recorded and audited.',
  })
  async closeUnitNotice(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CloseNoticeInput,
  ): Promise<UnitCampaignModel> {
    return toUnitCampaign(
      await this.campaigns.closeNotice(principal, input.campaignId, input.unitId, input.reason, input.idempotencyKey),
    );
  }

  @Query(() => [HolidayYearModel], {
    description: 'Every year’s holidays and 调休 days in force (built in, or as the office published them).',
  })
  async holidayYears(@CurrentPrincipal() _principal: Principal): Promise<HolidayYearModel[]> {
    return (await this.campaigns.holidayYears()).map((y) => Object.assign(new HolidayYearModel(), y));
  }

  @Mutation(() => HolidayYearModel, {
    description:
      'Office only: publishes a year’s holidays and 调休 make-up days as its next version; running campaigns use it for deadlines computed from then on.',
  })
  async publishHolidayYear(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: HolidayYearInput,
  ): Promise<HolidayYearModel> {
    return Object.assign(new HolidayYearModel(), await this.campaigns.publishHolidays(principal, input));
  }

  @Mutation(() => UnitCampaignModel, {
    description:
      'The unit principal confirms the unit’s risk list after its public notice; creates the risk archive (R13).',
  })
  async confirmRiskArchive(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: UnitRecordInput,
  ): Promise<UnitCampaignModel> {
    return toUnitCampaign(
      await this.campaigns.recordForUnit(principal, input.campaignId, input.unitId, {
        kind: 'CONFIRM_ARCHIVE',
        key: input.idempotencyKey,
      }),
    );
  }
}
