// The workflow bundle's entry: every workflow type the worker registers.
import type { CampaignWorkflow } from '@pirm/contracts';
import { campaignWorkflow } from './campaign.workflow';

// Compile-time proof that the exported names and signatures match what callers start by name.
export const workflowTypes = { campaignWorkflow } satisfies { campaignWorkflow: CampaignWorkflow };
export { campaignWorkflow };
