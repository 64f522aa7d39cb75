import { defineQuery } from '@temporalio/workflow';
import type { Phase, PhaseWindow } from '@pirm/domain';

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
}

export type CampaignStatus = 'SCHEDULED' | 'RUNNING' | 'COMPLETED';

export interface CampaignState {
  campaignId: string;
  year: number;
  status: CampaignStatus;
  currentPhase: Phase | null;
  calendar: PhaseWindow[];
  rulesVersion: number;
  launchedBy: string;
  /**
   * Monotonic counter of state changes: projections apply a change only when it is newer than what they
   * hold, so a retried or re-ordered activity never moves the read model backwards.
   */
  revision: number;
}

export const campaignStateQuery = defineQuery<CampaignState>('campaignState');

/** The workflow's type name and signature, so callers start it without importing workflow code. */
export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';
export type CampaignWorkflow = (input: CampaignInput) => Promise<CampaignState>;
