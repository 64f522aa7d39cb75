import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AdminAction, CampaignState, EscalationLadder, HolidayYear, Phase, PhaseWindow } from '@pirm/domain';

export type {
  AdminAction,
  AdminActionKind,
  CampaignState,
  CampaignStatus,
  RecordedAction,
  UnitOutcome,
} from '@pirm/domain';

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
