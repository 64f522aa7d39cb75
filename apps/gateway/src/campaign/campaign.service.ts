import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode, Role, assertValid, defaultCalendar, validateCalendar, type PhaseWindow } from '@pirm/domain';
import {
  SEARCH_ATTRIBUTES,
  campaignIdForYear,
  campaignStateQuery,
  campaignWorkflowId,
  CAMPAIGN_WORKFLOW_TYPE,
  type CampaignInput,
  type CampaignWorkflow,
  type CampaignState,
} from '@pirm/contracts';
import { findCampaign, latestGradingRules } from '@pirm/persistence';
import { requireRole, type Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { DATA_SOURCE, GATEWAY_CONFIG, TEMPORAL_CLIENT } from '../providers';
import { callTemporal } from '../temporal/temporal-call';

export interface CampaignView extends Omit<CampaignState, 'revision'> {
  source: 'LIVE' | 'PROJECTION';
}

@Injectable()
export class CampaignService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /** Starts the year's campaign workflow; launching a year twice returns the campaign already launched. */
  async launch(principal: Principal, year: number, calendar: PhaseWindow[] | undefined): Promise<CampaignView> {
    requireRole(principal, Role.OFFICE_ADMIN);
    const windows = calendar ?? defaultCalendar(year);
    assertValid(validateCalendar(year, windows));
    const campaignId = campaignIdForYear(year);
    const rules = await latestGradingRules(this.dataSource);
    const input: CampaignInput = {
      campaignId,
      year,
      calendar: windows.map((w) => ({ ...w })),
      rulesVersion: rules.version,
      launchedBy: principal.code,
    };
    await callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, () =>
      this.temporal.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
        workflowId: campaignWorkflowId(campaignId),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        // One campaign per year, ever: a second launch attaches to the first.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.campaignId, value: campaignId }],
      }),
    ).catch((err: unknown) => {
      // The year's campaign already ran to completion: it is the one to return.
      if ((err as Error)?.name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    });
    return this.get(campaignId);
  }

  /** Live state from the workflow when it answers; the read model when it has closed or cannot answer. */
  async get(campaignId: string): Promise<CampaignView> {
    try {
      const state = await callTemporal(this.temporal, this.config.temporalRpcTimeoutMs, () =>
        this.temporal.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignStateQuery),
      );
      return { ...withoutRevision(state), source: 'LIVE' };
    } catch (err) {
      const fallback = err instanceof WorkflowNotFoundError || (err instanceof DomainError && err.code !== ErrorCode.INTERNAL);
      if (!fallback) throw err;
      const row = await findCampaign(this.dataSource, campaignId);
      if (!row) {
        if (err instanceof DomainError) throw err;
        throw new DomainError(ErrorCode.NOT_FOUND, `No campaign ${campaignId}.`);
      }
      return {
        campaignId: row.id,
        year: row.year,
        status: row.status as CampaignState['status'],
        currentPhase: row.currentPhase,
        calendar: row.calendar,
        rulesVersion: row.rulesVersion,
        launchedBy: row.launchedBy,
        source: 'PROJECTION',
      };
    }
  }
}

function withoutRevision({ revision: _revision, ...rest }: CampaignState): Omit<CampaignState, 'revision'> {
  return rest;
}
