import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DisposalMeasure, DisposalSource, HolidayYear } from '@pirm/domain';

/** One workflow per disposal case (R17). */
export function disposalWorkflowId(caseId: string): string {
  return `disposal:${caseId}`;
}

export const DISPOSAL_WORKFLOW_TYPE = 'disposalWorkflow';

export interface DisposalInput {
  caseId: string;
  /** The campaign whose audit chain records the case. */
  campaignId: string;
  unitId: string;
  /** The person the problem concerns. */
  personId: string;
  problem: string;
  source: DisposalSource;
  sourceRef: string | null;
  firstMeasure: DisposalMeasure;
  followUpWorkingDays: Record<DisposalMeasure, number>;
  holidays: HolidayYear[];
  openedBy: string;
}

export interface DisposalStep {
  measure: DisposalMeasure;
  appliedAt: number;
  /** End of the follow-up deadline. */
  dueAt: number;
  /** Why this measure: opened with it, climbed to it when overdue, or applied by the office. */
  because: string;
  response: { text: string; at: number } | null;
  /** Responses the office did not accept, with its reasons. */
  rejected: { text: string; at: number; reason: string }[];
}

export type DisposalStatus = 'OPEN' | 'CLOSED';

export interface DisposalState {
  caseId: string;
  status: DisposalStatus;
  steps: DisposalStep[];
  /** Set when the top measure's deadline passed with no response: the discipline team was told. */
  overdueAtTop: boolean;
  outcome: { text: string; by: string; at: number } | null;
  revision: number;
}

export interface DisposalResponseArgs {
  key: string;
  by: string;
  text: string;
}

export interface DisposalVerifyArgs {
  key: string;
  by: string;
  accepted: boolean;
  outcome: string;
}

export interface DisposalEscalateArgs {
  key: string;
  by: string;
  reason: string;
}

export const respondToDisposalUpdate = defineUpdate<DisposalState, [DisposalResponseArgs]>('respondToDisposal');
export const verifyDisposalUpdate = defineUpdate<DisposalState, [DisposalVerifyArgs]>('verifyDisposal');
export const escalateDisposalUpdate = defineUpdate<DisposalState, [DisposalEscalateArgs]>('escalateDisposal');
export const disposalStateQuery = defineQuery<DisposalState>('disposalState');
/** Sent with the start (update-with-start): answers once the first measure is applied and the case projected. */
export const disposalOpenedUpdate = defineUpdate<DisposalState, []>('disposalOpened');

export type DisposalWorkflow = (input: DisposalInput) => Promise<DisposalState>;
