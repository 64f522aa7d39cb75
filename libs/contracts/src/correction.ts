import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CorrectionState } from '@pirm/domain';
import type { FormReviewInput } from './form-review';

export type { CorrectionState, CorrectionStatus } from '@pirm/domain';

/** One correction round per unit and campaign (R20): forms revised through their chains → the next archive. */
export function correctionWorkflowId(campaignId: string, unitId: string): string {
  return `correction:${campaignId}:${unitId}`;
}

export const CORRECTION_WORKFLOW_TYPE = 'correctionWorkflow';

export interface CorrectionInput {
  campaignId: string;
  unitId: string;
  reason: string;
  startedBy: string;
  /** Review runs that send each form to revise back to its owner (`reopen` set), started as children. */
  forms: FormReviewInput[];
}

export interface ConfirmCorrectionArgs {
  key: string;
  by: string;
}

export const confirmCorrectionUpdate = defineUpdate<CorrectionState, [ConfirmCorrectionArgs]>('confirmCorrection');
export const correctionStateQuery = defineQuery<CorrectionState>('correctionState');
/** Sent with the start (update-with-start): answers once the round's opinions are compiled. */
export const correctionStartedUpdate = defineUpdate<CorrectionState, []>('correctionStarted');

export type CorrectionWorkflow = (input: CorrectionInput) => Promise<CorrectionState>;
