// The workflow bundle's entry: every workflow type the worker registers.
import type { CampaignWorkflow, FormReviewWorkflow } from '@pirm/contracts';
import { campaignWorkflow } from './campaign.workflow';
import { formReviewWorkflow } from './form-review.workflow';

// Compile-time proof that the exported names and signatures match what callers start by name.
export const workflowTypes = { campaignWorkflow, formReviewWorkflow } satisfies {
  campaignWorkflow: CampaignWorkflow;
  formReviewWorkflow: FormReviewWorkflow;
};
export { campaignWorkflow, formReviewWorkflow };
