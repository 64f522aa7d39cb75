// The workflow bundle's entry: every workflow type the worker registers, by the name callers start it with.
export { campaignWorkflow } from './campaign.workflow';
export { complaintWorkflow } from './complaint.workflow';
export { correctionWorkflow } from './correction.workflow';
export { disposalWorkflow } from './disposal.workflow';
export { exportWorkflow } from './export.workflow';
export { unitEvaluationWorkflow } from './evaluation.workflow';
export { formReviewWorkflow } from './form-review.workflow';
export { unitCampaignWorkflow } from './unit-campaign.workflow';
export { notificationRelayWorkflow } from './notification-relay.workflow';
