import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DisposalCase, DisposalMeasure, DisposalState, HolidayYear } from '@pirm/domain';

export type { DisposalState, DisposalStatus, DisposalStep } from '@pirm/domain';

/** One workflow per disposal case (R17). */
export function disposalWorkflowId(caseId: string): string {
  return `disposal:${caseId}`;
}

export const DISPOSAL_WORKFLOW_TYPE = 'disposalWorkflow';

export interface DisposalInput extends DisposalCase {
  firstMeasure: DisposalMeasure;
  followUpWorkingDays: Record<DisposalMeasure, number>;
  holidays: HolidayYear[];
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
