import { Inject, Injectable } from '@nestjs/common';
import { ServiceError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  DEFAULT_LADDER,
  DEFAULT_NOTICE_WORKING_DAYS,
  DomainError,
  ErrorCode,
  assertValid,
  defaultCalendar,
  PHASES,
  validateCalendar,
  validateHolidayYear,
  validateLadder,
  validateNoticeWorkingDays,
  POLICY,
  ROLE_SETS,
  holdsIn,
  type EscalationLadder,
  type Bilingual,
  type FieldError,
  type HolidayYear,
  type Phase,
  type PhaseWindow,
} from '@pirm/domain';
import {
  SEARCH_ATTRIBUTES,
  campaignIdForYear,
  campaignStateQuery,
  campaignWorkflowId,
  CAMPAIGN_WORKFLOW_TYPE,
  adminActionUpdate,
  closeNoticeUpdate,
  completePhaseUpdate,
  confirmArchiveUpdate,
  holidaysPublishedSignal,
  recordMobilisationUpdate,
  unitCampaignStateQuery,
  unitWorkflowId,
  type AdminAction,
  type MobilisationItem,
  type UnitCampaignState,
  type CampaignInput,
  type CampaignWorkflow,
  type CampaignState,
} from '@pirm/contracts';
import {
  CampaignRepository,
  type EscalationRecord,
  type PublishedHolidayYear,
  type UnitProgressRow,
} from '@pirm/persistence';
import { requireRole, type Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, TEMPORAL_CLIENT } from '../providers';
import { ReviewService } from '../review/review.service';
import { callTemporal } from '../temporal/temporal-call';
import { checkIdempotencyKey } from '../graphql/formats';
import { pageSizeError } from '../graphql/page-size';

export type UnitRecord =
  | { kind: 'MOBILISATION'; key: string; item: MobilisationItem; evidence: string; attendance: number | null }
  | { kind: 'PHASE'; key: string; phase: Phase; evidence: string }
  | { kind: 'CONFIRM_ARCHIVE'; key: string };

export interface CampaignView extends Omit<CampaignState, 'revision' | 'carried'> {
  source: 'LIVE' | 'PROJECTION';
}

export interface LaunchDefaults {
  year: number;
  calendar: PhaseWindow[];
  ladder: EscalationLadder;
  noticeWorkingDays: number;
  rulesVersion: number;
}

export type UnitCampaignView = UnitCampaignState & { source: 'LIVE' | 'PROJECTION' };

/** A unit id the roster does not know (launching with it, or adding it to a running campaign). */
function notOnRoster(field: string, unitId: string): FieldError {
  return { field, reason: `no unit ${unitId} on the roster`, message: '花名册中没有这个单位' };
}

/** A unit the campaign has no workflow for. */
function notInCampaign(unitId: string, campaignId: string): Bilingual {
  return { en: `Unit ${unitId} is not in campaign ${campaignId}.`, zh: '该单位不在本次活动中' };
}

@Injectable()
export class CampaignService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly campaigns: CampaignRepository,
    private readonly reviews: ReviewService,
  ) {}

  /**
   * What a launch of `year` takes when the office leaves a setting out: the plan's calendar, the escalation
   * ladder, the notice length, and the grading rules version the campaign would fix (the console prefills its form).
   */
  async launchDefaults(year: number): Promise<LaunchDefaults> {
    const calendar = defaultCalendar(year);
    assertValid(validateCalendar(year, calendar));
    const rules = await this.campaigns.latestGradingRules();
    return {
      year,
      calendar,
      ladder: DEFAULT_LADDER,
      noticeWorkingDays: DEFAULT_NOTICE_WORKING_DAYS,
      rulesVersion: rules.version,
    };
  }

  /** Starts the year's campaign workflow; launching a year twice returns the campaign already launched. */
  async launch(
    principal: Principal,
    year: number,
    calendar: PhaseWindow[] | undefined,
    units: string[] | undefined,
    ladders: (EscalationLadder & { phase: Phase })[] = [],
    noticeWorkingDays = DEFAULT_NOTICE_WORKING_DAYS,
  ): Promise<CampaignView> {
    const windows = calendar ?? defaultCalendar(year);
    const errors = validateCalendar(year, windows);
    errors.push(...validateNoticeWorkingDays(noticeWorkingDays));
    const known = await this.campaigns.unitIds();
    const chosen = units ?? known;
    chosen.forEach((u, i) => {
      if (!known.includes(u)) errors.push(notOnRoster(`units[${i}]`, u));
    });
    if (new Set(chosen).size !== chosen.length)
      errors.push({ field: 'units', reason: 'must not repeat a unit', message: '单位不能重复选择' });
    ladders.forEach((l, i) => errors.push(...validateLadder(l, `ladders[${i}]`)));
    if (new Set(ladders.map((l) => l.phase)).size !== ladders.length)
      errors.push({ field: 'ladders', reason: 'must not repeat a phase', message: '每个阶段只能设置一次催办规则' });
    assertValid(errors);
    const campaignId = campaignIdForYear(year);
    const rules = await this.campaigns.latestGradingRules();
    const input: CampaignInput = {
      campaignId,
      year,
      calendar: windows.map((w) => ({ ...w })),
      rulesVersion: rules.version,
      launchedBy: principal.code,
      units: chosen,
      ladder: DEFAULT_LADDER,
      phaseLadders: Object.fromEntries(ladders.map(({ phase, ...l }) => [phase, l])),
      // The data in force now (built in, superseded by what the office published); later publications arrive by signal.
      holidays: await this.campaigns.holidaysInForce(),
      noticeWorkingDays,
    };
    await callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, () =>
      this.temporal.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
        workflowId: campaignWorkflowId(campaignId),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        // One campaign per year, ever: a second launch attaches to the first.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.campaignId, value: campaignId }],
      }),
    ).catch((err: unknown) => {
      // The year's campaign already ran to completion: it is the one to return.
      if ((err as Error)?.name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    });
    return this.get(campaignId);
  }

  /** Office controls (extend, pause, resume, cancel, add or close a unit), each recorded with who and why. */
  async act(principal: Principal, campaignId: string, action: Omit<AdminAction, 'by'>): Promise<CampaignView> {
    checkIdempotencyKey(action.key);
    if (action.kind === 'ADD_UNIT' && action.unitId && !(await this.campaigns.unitExists(action.unitId))) {
      throw DomainError.validation([notOnRoster('unitId', action.unitId)]);
    }
    const key = `${principal.personId}:${action.key}`;
    const state = await callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, () =>
      this.temporal.workflow
        .getHandle(campaignWorkflowId(campaignId))
        .executeUpdate(adminActionUpdate, { args: [{ ...action, key, by: principal.code }], updateId: key }),
    ).catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError)
        throw new DomainError(ErrorCode.NOT_FOUND, {
          en: `No running campaign ${campaignId}.`,
          zh: '这次活动尚未开始或已经结束',
        });
      throw err;
    });
    return { ...viewOf(state), source: 'LIVE' };
  }

  /** A unit's own progress records: mobilisation (R03–R05) and later phases' completions; its leaders or the office. */
  async recordForUnit(
    principal: Principal,
    campaignId: string,
    unitId: string,
    record: UnitRecord,
  ): Promise<UnitCampaignState> {
    const allowed = holdsIn(principal.roles, ROLE_SETS.unitRecorders, unitId);
    if (!allowed)
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Only unit ${unitId}'s principal, leading group or the office record its progress.`,
        zh: '只有该单位的主要负责人、领导小组或领导小组办公室可以登记工作进度',
      });
    if (record.kind === 'CONFIRM_ARCHIVE') requireRole(principal, POLICY.confirmRiskArchive, unitId);
    checkIdempotencyKey(record.key);
    const key = `${principal.personId}:${record.key}`;
    const handle = this.temporal.workflow.getHandle(unitWorkflowId(campaignId, unitId));
    return callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, () => {
      switch (record.kind) {
        case 'MOBILISATION':
          return handle.executeUpdate(recordMobilisationUpdate, {
            args: [
              { key, item: record.item, evidence: record.evidence, attendance: record.attendance, by: principal.code },
            ],
            updateId: key,
          });
        case 'PHASE':
          return handle.executeUpdate(completePhaseUpdate, {
            args: [{ key, phase: record.phase, evidence: record.evidence, by: principal.code }],
            updateId: key,
          });
        case 'CONFIRM_ARCHIVE':
          return handle.executeUpdate(confirmArchiveUpdate, { args: [{ key, by: principal.code }], updateId: key });
      }
    }).catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError)
        throw new DomainError(ErrorCode.NOT_FOUND, notInCampaign(unitId, campaignId));
      throw err;
    });
  }

  /** The office closes a unit's public notice before its period ends, with why (R13); recorded and audited. */
  async closeNotice(
    principal: Principal,
    campaignId: string,
    unitId: string,
    reason: string,
    idempotencyKey: string,
  ): Promise<UnitCampaignState> {
    checkIdempotencyKey(idempotencyKey);
    const key = `${principal.personId}:${idempotencyKey}`;
    return callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, () =>
      this.temporal.workflow
        .getHandle(unitWorkflowId(campaignId, unitId))
        .executeUpdate(closeNoticeUpdate, { args: [{ key, by: principal.code, reason }], updateId: key }),
    ).catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError)
        throw new DomainError(ErrorCode.NOT_FOUND, notInCampaign(unitId, campaignId));
      throw err;
    });
  }

  /**
   * A unit's live campaign state (phases, deadlines, rungs, mobilisation, notice, pause), scoped like its
   * progress: the office and discipline team any unit, everyone else their own. From the workflow when it
   * answers, else from the read model.
   */
  async unitState(principal: Principal, campaignId: string, unitId: string): Promise<UnitCampaignView> {
    const districtWide = holdsIn(principal.roles, ROLE_SETS.oversight, null);
    if (!districtWide && unitId !== principal.unitId)
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'Another unit’s campaign state is for the office and the discipline team.',
        zh: '其他单位的活动进度仅限领导小组办公室和派驻纪检组查看',
      });
    try {
      const state = await callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, () =>
        this.temporal.workflow.getHandle(unitWorkflowId(campaignId, unitId)).query(unitCampaignStateQuery),
      );
      return { ...state, source: 'LIVE' };
    } catch (err) {
      const fallback =
        err instanceof WorkflowNotFoundError ||
        err instanceof ServiceError ||
        (err instanceof DomainError && err.code !== ErrorCode.INTERNAL);
      if (!fallback) throw err;
      const row = await this.campaigns.unitState(campaignId, unitId);
      if (!row) throw new DomainError(ErrorCode.NOT_FOUND, notInCampaign(unitId, campaignId));
      return { ...row, source: 'PROJECTION' };
    }
  }

  /** Every year's holidays and 调休 days in force. */
  holidayYears(): Promise<PublishedHolidayYear[]> {
    return this.campaigns.currentHolidayYears();
  }

  /**
   * The office publishes a year's holidays and make-up days (validated, versioned, audited). Running campaigns
   * get it by signal and pass it to their units, so deadlines computed from then on use it; publishing the
   * same data again stores nothing and sends it again (a retry after a failed signal).
   */
  async publishHolidays(principal: Principal, y: HolidayYear): Promise<PublishedHolidayYear> {
    assertValid(validateHolidayYear(y, 'input'));
    const year: HolidayYear = {
      year: y.year,
      holidays: [...y.holidays].sort(),
      makeUpWorkdays: [...y.makeUpWorkdays].sort(),
    };
    const published = await this.campaigns.publishHolidayYear(year, principal.code);
    for (const campaignId of await this.campaigns.runningCampaignIds()) {
      await callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, () =>
        this.temporal.workflow.getHandle(campaignWorkflowId(campaignId)).signal(holidaysPublishedSignal, year),
      ).catch((err: unknown) => {
        // A campaign that has ended since its last projection has no deadlines left to move.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      });
    }
    // Reviews in progress count it too for the deadlines they compute from now on.
    await this.reviews.signalOpenReviews((handle) => handle.signal(holidaysPublishedSignal, year));
    return published;
  }

  /** Units by status per phase, from the read model. */
  async phaseSummary(
    campaignId: string,
  ): Promise<
    { phase: Phase; notStarted: number; inProgress: number; overdue: number; complete: number; closed: number }[]
  > {
    const rows = await this.campaigns.phaseCounts(campaignId);
    return PHASES.map((phase) => {
      const of = (status: string, overdue?: boolean) =>
        rows
          .filter((r) => r.phase === phase && r.status === status && (overdue === undefined || r.overdue === overdue))
          .reduce((n, r) => n + r.n, 0);
      return {
        phase,
        notStarted: of('NOT_STARTED'),
        inProgress: of('IN_PROGRESS'),
        overdue: of('IN_PROGRESS', true),
        complete: of('COMPLETE'),
        closed: of('CLOSED'),
      };
    });
  }

  /** Units' progress: the office and district-wide discipline team see every unit, others their own unit. */
  async units(
    principal: Principal,
    campaignId: string,
    first: number,
    after?: string,
  ): Promise<{ rows: UnitProgressRow[]; hasNextPage: boolean }> {
    if (!Number.isInteger(first) || first < 1 || first > 200) throw DomainError.validation([pageSizeError(200)]);
    const districtWide = holdsIn(principal.roles, ROLE_SETS.oversight, null);
    const rows = await this.campaigns.unitProgress(campaignId, first, after);
    const visible = districtWide ? rows : rows.filter((r) => r.unitId === principal.unitId);
    return { rows: visible.slice(0, first), hasNextPage: districtWide && rows.length > first };
  }

  async escalations(
    principal: Principal,
    campaignId: string,
    unitId: string | null,
    first: number,
  ): Promise<EscalationRecord[]> {
    const districtWide = holdsIn(principal.roles, ROLE_SETS.oversight, null);
    if (!districtWide && (unitId === null || unitId !== principal.unitId)) {
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'Escalations of other units are for the office and the discipline team.',
        zh: '其他单位的预警升级仅限领导小组办公室和派驻纪检组查看',
      });
    }
    return this.campaigns.escalations(campaignId, unitId, Math.min(Math.max(first, 1), 500));
  }

  /** Live state from the workflow when it answers; the read model when it has closed or cannot answer. */
  async get(campaignId: string): Promise<CampaignView> {
    try {
      const state = await callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, () =>
        this.temporal.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignStateQuery),
      );
      return { ...viewOf(state), source: 'LIVE' };
    } catch (err) {
      // Any failure of the workflow to answer (not found, no worker, timeout, server error) falls back to the read model.
      const fallback =
        err instanceof WorkflowNotFoundError ||
        err instanceof ServiceError ||
        (err instanceof DomainError && err.code !== ErrorCode.INTERNAL);
      if (!fallback) throw err;
      const row = await this.campaigns.find(campaignId);
      if (!row) {
        if (err instanceof DomainError) throw err;
        throw new DomainError(ErrorCode.NOT_FOUND, { en: `No campaign ${campaignId}.`, zh: '没有这次活动' });
      }
      return { ...viewOf(row.state), source: 'PROJECTION' };
    }
  }
}

function viewOf({
  revision: _revision,
  carried: _carried,
  ...rest
}: CampaignState & { carried?: unknown }): Omit<CampaignState, 'revision'> {
  return rest;
}
