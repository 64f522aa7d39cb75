import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  NOT_A_DATE,
  ROUND_EVALUATORS,
  assertValid,
  endOfDay,
  isIsoDate,
  normaliseReceiptCode,
  validateEvaluationWeights,
  POLICY,
  holdsFor,
  wrongEvaluatorError,
  type EvaluationComponent,
  type EvaluationRule,
  type EvaluatorKind,
  type FieldError,
  type RoundKind,
  type SelfAssessmentEntry,
} from '@pirm/domain';
import {
  EVALUATION_WORKFLOW_TYPE,
  closeRoundUpdate,
  districtEvaluationUpdate,
  evaluationStateQuery,
  evaluationWorkflowId,
  openRoundUpdate,
  scoreUpdate,
  submitSelfAssessmentUpdate,
  type EvaluationState,
  type EvaluationWorkflow,
} from '@pirm/contracts';
import { EvaluationRepository } from '@pirm/persistence';
import type { Client } from '@temporalio/client';
import { requireRole, type Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, TEMPORAL_CLIENT } from '../providers';
import { TemporalBacked } from '../temporal/temporal-backed';
import {
  NOT_A_CAMPAIGN,
  checkKey,
  hashCode,
  newSecretCode,
  notFoundAs,
  requireUnitOversight,
} from './oversight-access';

const MAX_INVITATIONS = 500;

/** R18, R19: a unit's evaluation — self-assessment, appraisal rounds by invitation code, the district's evaluation. */
@Injectable()
export class EvaluationService extends TemporalBacked {
  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    private readonly repo: EvaluationRepository,
  ) {
    super(config, temporal);
  }

  private handle(campaignId: string, unitId: string) {
    return this.temporal.workflow.getHandle<EvaluationWorkflow>(evaluationWorkflowId(campaignId, unitId));
  }

  private readonly missing = (campaignId: string, unitId: string) =>
    notFoundAs({
      en: `Unit ${unitId} has no evaluation in campaign ${campaignId}: the office opens it first.`,
      zh: '该单位在本次活动中还没有评估，须先由领导小组办公室开启',
    });

  rule(): Promise<EvaluationRule> {
    return this.repo.latestRule();
  }

  async publishRule(p: Principal, weights: Record<EvaluationComponent, number>): Promise<EvaluationRule> {
    assertValid(validateEvaluationWeights(weights));
    return this.repo.publishRule(weights, p.code);
  }

  /** Office: opens the unit's evaluation with the rule version in force now (idempotent). */
  async open(p: Principal, campaignId: string, unitId: string): Promise<EvaluationState> {
    requireRole(p, POLICY.openEvaluation, unitId);
    if (!(await this.repo.campaignExists(campaignId))) throw DomainError.validation([NOT_A_CAMPAIGN]);
    if (!(await this.repo.unitExists(unitId)))
      throw DomainError.validation([{ field: 'unitId', reason: 'is not a unit', message: '没有这个单位' }]);
    const rule = await this.repo.latestRule();
    const handle = await this.call(() =>
      this.temporal.workflow.start<EvaluationWorkflow>(EVALUATION_WORKFLOW_TYPE, {
        workflowId: evaluationWorkflowId(campaignId, unitId),
        taskQueue: this.config.temporal.taskQueue,
        args: [{ campaignId, unitId, rule, openedBy: p.code }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    );
    return this.call(() => handle.query(evaluationStateQuery));
  }

  async state(p: Principal, campaignId: string, unitId: string): Promise<EvaluationState> {
    requireUnitOversight(p, unitId);
    return this.call(() => this.handle(campaignId, unitId).query(evaluationStateQuery)).catch(
      this.missing(campaignId, unitId),
    );
  }

  /** The unit's leading group or principal assesses their own unit (R18). */
  async selfAssess(
    p: Principal,
    input: { campaignId: string; unitId: string; items: SelfAssessmentEntry[]; idempotencyKey: string },
  ): Promise<EvaluationState> {
    if (!holdsFor(POLICY.submitSelfAssessment, p.roles, input.unitId)) {
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Only unit ${input.unitId}'s leading group or principal assess the unit.`,
        zh: '只有该单位的领导小组或主要负责人可以进行单位自评',
      });
    }
    checkKey(input.idempotencyKey);
    return this.call(() =>
      this.handle(input.campaignId, input.unitId).executeUpdate(submitSelfAssessmentUpdate, {
        args: [{ key: input.idempotencyKey, by: p.code, items: input.items }],
        updateId: input.idempotencyKey,
      }),
    ).catch(this.missing(input.campaignId, input.unitId));
  }

  /** Office: opens a round and returns its invitation codes, each shown only this once. */
  async openRound(
    p: Principal,
    input: {
      campaignId: string;
      unitId: string;
      kind: RoundKind;
      closesOn: string;
      invitations: { evaluatorKind: EvaluatorKind; count: number }[];
      idempotencyKey: string;
    },
  ): Promise<{ state: EvaluationState; codes: { code: string; evaluatorKind: EvaluatorKind }[] }> {
    requireRole(p, POLICY.openEvaluationRound, input.unitId);
    checkKey(input.idempotencyKey);
    const errors: FieldError[] = [];
    if (!isIsoDate(input.closesOn)) errors.push({ field: 'closesOn', ...NOT_A_DATE });
    input.invitations.forEach((i, n) => {
      if (!Number.isInteger(i.count) || i.count < 1 || i.count > MAX_INVITATIONS)
        errors.push({
          field: `invitations[${n}].count`,
          reason: `must be 1 to ${MAX_INVITATIONS}`,
          message: `人数须为 1 到 ${MAX_INVITATIONS}`,
        });
      if (!ROUND_EVALUATORS[input.kind].includes(i.evaluatorKind))
        errors.push(wrongEvaluatorError(`invitations[${n}].evaluatorKind`, input.kind));
    });
    if (input.invitations.reduce((s, i) => s + i.count, 0) > MAX_INVITATIONS)
      errors.push({
        field: 'invitations',
        reason: `at most ${MAX_INVITATIONS} in a round`,
        message: `一轮评议最多邀请 ${MAX_INVITATIONS} 人`,
      });
    assertValid(errors);
    const codes = input.invitations.flatMap((i) =>
      Array.from({ length: i.count }, () => ({ ...newSecretCode(), evaluatorKind: i.evaluatorKind })),
    );
    const state = await this.call(() =>
      this.handle(input.campaignId, input.unitId).executeUpdate(openRoundUpdate, {
        args: [
          {
            key: input.idempotencyKey,
            by: p.code,
            kind: input.kind,
            closesAt: endOfDay(input.closesOn),
            invitations: codes.map((c) => ({ hash: c.hash, evaluatorKind: c.evaluatorKind })),
          },
        ],
        updateId: input.idempotencyKey,
      }),
    ).catch(this.missing(input.campaignId, input.unitId));
    return { state, codes: codes.map((c) => ({ code: c.code, evaluatorKind: c.evaluatorKind })) };
  }

  /** Public, with an invitation code: one score per code (a retry of the same score is answered as the first; another score is refused). */
  async score(input: {
    code: string;
    score: number;
    comment?: string | null;
  }): Promise<{ unitId: string; roundId: string }> {
    const code = normaliseReceiptCode(input.code);
    if (!code)
      throw DomainError.validation([
        {
          field: 'code',
          reason: 'is not an invitation code (20 letters and digits in groups of four)',
          message: '邀请码应为 20 位字母和数字，每 4 位一组',
        },
      ]);
    const hash = hashCode(code);
    const invitation = await this.repo.invitation(hash);
    if (!invitation)
      throw new DomainError(ErrorCode.NOT_FOUND, { en: 'This invitation code is not valid.', zh: '邀请码无效' });
    await this.call(() =>
      this.handle(invitation.campaignId, invitation.unitId).executeUpdate(scoreUpdate, {
        args: [{ hash, score: input.score, comment: input.comment ?? null }],
        updateId: `score:${hash}:${hashCode(`${input.score}:${input.comment ?? ''}`)}`,
      }),
    ).catch(this.missing(invitation.campaignId, invitation.unitId));
    return { unitId: invitation.unitId, roundId: invitation.roundId };
  }

  async closeRound(
    p: Principal,
    input: { campaignId: string; unitId: string; roundId: string; idempotencyKey: string },
  ): Promise<EvaluationState> {
    requireRole(p, POLICY.closeEvaluationRound, input.unitId);
    checkKey(input.idempotencyKey);
    return this.call(() =>
      this.handle(input.campaignId, input.unitId).executeUpdate(closeRoundUpdate, {
        args: [{ key: input.idempotencyKey, by: p.code, roundId: input.roundId }],
        updateId: input.idempotencyKey,
      }),
    ).catch(this.missing(input.campaignId, input.unitId));
  }

  /** The district leading group's overall evaluation, entered by its office (R19). */
  async district(
    p: Principal,
    input: { campaignId: string; unitId: string; score: number; opinion: string; idempotencyKey: string },
  ): Promise<EvaluationState> {
    checkKey(input.idempotencyKey);
    return this.call(() =>
      this.handle(input.campaignId, input.unitId).executeUpdate(districtEvaluationUpdate, {
        args: [{ key: input.idempotencyKey, by: p.code, score: input.score, opinion: input.opinion }],
        updateId: input.idempotencyKey,
      }),
    ).catch(this.missing(input.campaignId, input.unitId));
  }
}
