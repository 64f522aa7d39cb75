import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';

/** The task queue the worker polls and the gateway starts workflows on. */
export const CAMPAIGN_TASK_QUEUE = 'pirm-campaign';

/**
 * Custom search attributes, registered when the Temporal dev server starts (and by the operator on a cluster).
 * SQL visibility allows few of them, so lists come from PostgreSQL; these only make the Temporal UI searchable.
 */
export const SEARCH_ATTRIBUTES = {
  campaignId: defineSearchAttributeKey('PirmCampaignId', SearchAttributeType.KEYWORD),
  unitId: defineSearchAttributeKey('PirmUnitId', SearchAttributeType.KEYWORD),
  phase: defineSearchAttributeKey('PirmPhase', SearchAttributeType.KEYWORD),
} as const;

/** `temporal server start-dev --search-attribute` arguments for the keys above. */
export function searchAttributeRegistrations(): string[] {
  return Object.values(SEARCH_ATTRIBUTES).map((key) => `${key.name}=Keyword`);
}
