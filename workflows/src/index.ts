// The workflow bundle's entry: every workflow type the worker registers.
import type {
  CampaignWorkflow,
  ComplaintWorkflow,
  CorrectionWorkflow,
  DisposalWorkflow,
  EvaluationWorkflow,
  FormReviewWorkflow,
  UnitCampaignWorkflow,
} from '@pirm/contracts';
import { campaignWorkflow } from './campaign.workflow';
import { complaintWorkflow } from './complaint.workflow';
import { correctionWorkflow } from './correction.workflow';
import { disposalWorkflow } from './disposal.workflow';
import { unitEvaluationWorkflow } from './evaluation.workflow';
import { formReviewWorkflow } from './form-review.workflow';
import { unitCampaignWorkflow } from './unit-campaign.workflow';

// Compile-time proof that the exported names and signatures match what callers start by name.
export const workflowTypes = {
  campaignWorkflow,
  formReviewWorkflow,
  unitCampaignWorkflow,
  complaintWorkflow,
  disposalWorkflow,
  unitEvaluationWorkflow,
  correctionWorkflow,
} satisfies {
  campaignWorkflow: CampaignWorkflow;
  formReviewWorkflow: FormReviewWorkflow;
  unitCampaignWorkflow: UnitCampaignWorkflow;
  complaintWorkflow: ComplaintWorkflow;
  disposalWorkflow: DisposalWorkflow;
  unitEvaluationWorkflow: EvaluationWorkflow;
  correctionWorkflow: CorrectionWorkflow;
};
export {
  campaignWorkflow,
  complaintWorkflow,
  correctionWorkflow,
  disposalWorkflow,
  formReviewWorkflow,
  unitCampaignWorkflow,
  unitEvaluationWorkflow,
};
