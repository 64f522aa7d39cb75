// The workflow bundle's entry: every workflow type the worker registers.
import type { CampaignWorkflow, FormReviewWorkflow, UnitCampaignWorkflow } from '@pirm/contracts';
import { campaignWorkflow } from './campaign.workflow';
import { formReviewWorkflow } from './form-review.workflow';
import { unitCampaignWorkflow } from './unit-campaign.workflow';

// Compile-time proof that the exported names and signatures match what callers start by name.
export const workflowTypes = { campaignWorkflow, formReviewWorkflow, unitCampaignWorkflow } satisfies {
  campaignWorkflow: CampaignWorkflow;
  formReviewWorkflow: FormReviewWorkflow;
  unitCampaignWorkflow: UnitCampaignWorkflow;
};
export { campaignWorkflow, formReviewWorkflow, unitCampaignWorkflow };
