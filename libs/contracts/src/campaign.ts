import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EscalationLadder, HolidayYear, Phase, PhaseWindow } from '@pirm/domain';

/** One campaign a year: the year is the campaign's id. */
export function campaignIdForYear(year: number): string {
  return String(year);
}

export function campaignWorkflowId(campaignId: string): string {
  return `campaign:${campaignId}`;
}

export interface CampaignInput {
  campaignId: string;
  year: number;
  calendar: PhaseWindow[];
  /** The grading rules version every form of the campaign is graded with (R12), fixed at launch. */
  rulesVersion: number;
  /** Person code of the office administrator who launched it. */
  launchedBy: string;
  /** Units taking part (R01: by default every unit); each gets a child workflow. Absent in campaigns launched before units had workflows. */
  units?: string[];
  ladder?: EscalationLadder;
  phaseLadders?: Partial<Record<Phase, EscalationLadder>>;
  holidays?: HolidayYear[];
  noticeWorkingDays?: number;
  /** State carried over by continue-as-new. */
  carried?: CampaignState;
}

export type CampaignStatus = 'SCHEDULED' | 'RUNNING' | 'COMPLETED' | 'CANCELLED';

export type UnitOutcome = 'RUNNING' | 'COMPLETE' | 'CLOSED' | 'CANCELLED';

export type AdminActionKind = 'EXTEND' | 'PAUSE' | 'RESUME' | 'CANCEL' | 'ADD_UNIT' | 'CLOSE_UNIT';

/** An office action on a running campaign; every one is recorded with who and why. */
export interface AdminAction {
  key: string;
  kind: AdminActionKind;
  by: string;
  reason: string;
  /** The unit acted on; without it EXTEND, PAUSE, RESUME and CANCEL act on the whole campaign. */
  unitId?: string | null;
  /** EXTEND: the phase and its new last day. */
  phase?: Phase | null;
  endsOn?: string | null;
}

export interface RecordedAction extends AdminAction {
  at: number;
}

export interface CampaignState {
  campaignId: string;
  year: number;
  status: CampaignStatus;
  currentPhase: Phase | null;
  calendar: PhaseWindow[];
  rulesVersion: number;
  launchedBy: string;
  paused: boolean;
  /** Units paused on their own (PAUSE with a unit), while the campaign runs. Absent in runs before unit pauses. */
  pausedUnits?: string[];
  /** Working days of the public notice (R13). Absent in campaigns launched before it was a setting (5). */
  noticeWorkingDays?: number;
  /** Years of the calendar without holiday data: deadlines there count plain Monday–Friday. */
  missingHolidayYears?: number[];
  /** Each unit's outcome so far. */
  units: Record<string, UnitOutcome>;
  actions: RecordedAction[];
  /**
   * Monotonic counter of state changes: projections apply a change only when it is newer than what they
   * hold, so a retried or re-ordered activity never moves the read model backwards.
   */
  revision: number;
}

export const campaignStateQuery = defineQuery<CampaignState>('campaignState');
export const adminActionUpdate = defineUpdate<CampaignState, [AdminAction]>('adminAction');
/**
 * The office published a year's holidays and 调休 days: sent to each running campaign, which passes it to its
 * running units, so deadlines computed from then on use it (the data travels in history: replay is deterministic).
 */
export const holidaysPublishedSignal = defineSignal<[HolidayYear]>('holidaysPublished');

/** The workflow's type name and signature, so callers start it without importing workflow code. */
export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';
export type CampaignWorkflow = (input: CampaignInput) => Promise<CampaignState>;
