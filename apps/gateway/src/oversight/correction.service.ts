import { Inject, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { DomainError, ErrorCode, POLICY, REQUIRED, holdsFor } from '@pirm/domain';
import {
  CORRECTION_WORKFLOW_TYPE,
  confirmCorrectionUpdate,
  correctionStartedUpdate,
  correctionStateQuery,
  correctionWorkflowId,
  type CorrectionState,
  type CorrectionWorkflow,
} from '@pirm/contracts';
import { CorrectionRepository, type CompiledOpinion } from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, TEMPORAL_CLIENT } from '../providers';
import { ReviewService } from '../review/review.service';
import { TemporalBacked } from '../temporal/temporal-backed';
import { checkKey, notFoundAs, requireUnitOversight } from './oversight-access';

/** R20: compiled opinions, forms revised through their chains, the next archive version. */
@Injectable()
export class CorrectionService extends TemporalBacked {
  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    private readonly repo: CorrectionRepository,
    private readonly reviews: ReviewService,
  ) {
    super(config, temporal);
  }

  private handle(campaignId: string, unitId: string) {
    return this.temporal.workflow.getHandle<CorrectionWorkflow>(correctionWorkflowId(campaignId, unitId));
  }

  private readonly missing = (campaignId: string, unitId: string) =>
    notFoundAs({
      en: `Unit ${unitId} has no correction round in campaign ${campaignId}.`,
      zh: '该单位在本次活动中没有修正',
    });

  async opinions(p: Principal, campaignId: string, unitId: string): Promise<CompiledOpinion[]> {
    requireUnitOversight(p, unitId);
    return this.repo.opinions(campaignId, unitId);
  }

  /** The office or the unit's leading group starts the round with the forms (by person code) to revise; none: every approved form. */
  async start(
    p: Principal,
    input: { campaignId: string; unitId: string; personCodes?: string[] | null; reason: string },
  ): Promise<CorrectionState> {
    if (!holdsFor(POLICY.startCorrection, p.roles, input.unitId)) {
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Only the office or unit ${input.unitId}'s leaders start its correction.`,
        zh: '只有领导小组办公室或该单位领导可以启动修正',
      });
    }
    if (!input.reason.trim()) throw DomainError.validation([{ field: 'reason', ...REQUIRED }]);
    const codes = input.personCodes?.length ? input.personCodes : null;
    const rows = await this.repo.approvedForms(input.campaignId, input.unitId, codes);
    const unknown = (codes ?? []).filter((c) => !rows.some((r) => r.code === c));
    if (unknown.length)
      throw DomainError.validation([
        {
          field: 'personCodes',
          reason: `have no approved form in unit ${input.unitId}: ${unknown.join(', ')}`,
          message: `以下人员在本单位没有已通过审核的表：${unknown.join('、')}`,
        },
      ]);
    const forms = await Promise.all(
      rows.map(async (r) => {
        const form = (await this.repo.form({ id: r.id }))!;
        return {
          ...(await this.reviews.reviewInput(form)),
          reopen: { reason: `修正：${input.reason.trim()}`, revision: form.reviewRevision, by: p.code },
        };
      }),
    );
    try {
      const start = new WithStartWorkflowOperation<CorrectionWorkflow>(CORRECTION_WORKFLOW_TYPE, {
        workflowId: correctionWorkflowId(input.campaignId, input.unitId),
        taskQueue: this.config.temporal.taskQueue,
        args: [
          { campaignId: input.campaignId, unitId: input.unitId, reason: input.reason.trim(), startedBy: p.code, forms },
        ],
        workflowIdConflictPolicy: 'FAIL',
      });
      // The update answers once the round's first step has compiled the opinions.
      return await this.call(() =>
        this.temporal.workflow.executeUpdateWithStart(correctionStartedUpdate, { startWorkflowOperation: start }),
      );
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        throw new DomainError(ErrorCode.CONFLICT, {
          en: `Unit ${input.unitId} already has a correction round in campaign ${input.campaignId}.`,
          zh: '该单位在本次活动中已有一轮修正',
        });
      throw err;
    }
  }

  async state(p: Principal, campaignId: string, unitId: string): Promise<CorrectionState> {
    requireUnitOversight(p, unitId);
    return this.call(() => this.handle(campaignId, unitId).query(correctionStateQuery)).catch(
      this.missing(campaignId, unitId),
    );
  }

  /** The unit principal confirms the revised list: the next archive version (R20, as R13 for the first). */
  async confirm(
    p: Principal,
    input: { campaignId: string; unitId: string; idempotencyKey: string },
  ): Promise<CorrectionState> {
    if (!holdsFor(POLICY.confirmCorrection, p.roles, input.unitId))
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Only unit ${input.unitId}'s principal confirms its archive.`,
        zh: '只有该单位的主要负责人可以确认风险档案',
      });
    checkKey(input.idempotencyKey);
    return this.call(() =>
      this.handle(input.campaignId, input.unitId).executeUpdate(confirmCorrectionUpdate, {
        args: [{ key: input.idempotencyKey, by: p.code }],
        updateId: input.idempotencyKey,
      }),
    ).catch(this.missing(input.campaignId, input.unitId));
  }
}
