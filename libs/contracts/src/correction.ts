import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FormReviewInput } from './form-review';

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

export type CorrectionStatus = 'REVISING' | 'AWAITING_CONFIRMATION' | 'ARCHIVED';

export interface CorrectionState {
  campaignId: string;
  unitId: string;
  status: CorrectionStatus;
  /** Opinions compiled when the round started (notice comments, complaints, appraisal, evaluation); null until compiled. */
  opinionCount: number | null;
  forms: { formId: string; approved: boolean }[];
  archiveVersion: number | null;
  confirmedBy: string | null;
  revision: number;
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
