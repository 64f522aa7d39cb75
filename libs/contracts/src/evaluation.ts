import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { EvaluationRule, EvaluationState, EvaluatorKind, RoundKind, SelfAssessmentEntry } from '@pirm/domain';

export type { EvaluationRound, EvaluationState } from '@pirm/domain';

/** One evaluation per unit and campaign (R18, R19). */
export function evaluationWorkflowId(campaignId: string, unitId: string): string {
  return `evaluation:${campaignId}:${unitId}`;
}

export const EVALUATION_WORKFLOW_TYPE = 'unitEvaluationWorkflow';

export interface EvaluationInput {
  campaignId: string;
  unitId: string;
  /** The weights in force when the evaluation opened. */
  rule: EvaluationRule;
  openedBy: string;
}

export interface SelfAssessmentArgs {
  key: string;
  by: string;
  items: SelfAssessmentEntry[];
}

export interface OpenRoundArgs {
  key: string;
  by: string;
  kind: RoundKind;
  closesAt: number;
  invitations: { hash: string; evaluatorKind: EvaluatorKind }[];
}

export interface ScoreArgs {
  /** The invitation's hash is the idempotency key: each invitation scores once. */
  hash: string;
  score: number;
  comment: string | null;
}

export interface DistrictEvaluationArgs {
  key: string;
  by: string;
  score: number;
  opinion: string;
}

export interface CloseRoundArgs {
  key: string;
  by: string;
  roundId: string;
}

export const submitSelfAssessmentUpdate = defineUpdate<EvaluationState, [SelfAssessmentArgs]>('submitSelfAssessment');
export const openRoundUpdate = defineUpdate<EvaluationState, [OpenRoundArgs]>('openRound');
export const scoreUpdate = defineUpdate<EvaluationState, [ScoreArgs]>('score');
export const closeRoundUpdate = defineUpdate<EvaluationState, [CloseRoundArgs]>('closeRound');
export const districtEvaluationUpdate = defineUpdate<EvaluationState, [DistrictEvaluationArgs]>('districtEvaluation');
export const evaluationStateQuery = defineQuery<EvaluationState>('evaluationState');

export type EvaluationWorkflow = (input: EvaluationInput) => Promise<EvaluationState>;
