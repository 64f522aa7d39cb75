import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  assertValid,
  followUpDays,
  validateDisposalOpening,
  type DisposalCaseOpening,
} from '@pirm/domain';
import {
  DISPOSAL_WORKFLOW_TYPE,
  disposalOpenedUpdate,
  disposalStateQuery,
  disposalWorkflowId,
  escalateDisposalUpdate,
  respondToDisposalUpdate,
  verifyDisposalUpdate,
  type DisposalState,
  type DisposalWorkflow,
} from '@pirm/contracts';
import { DisposalRepository, type DisposalCaseRow } from '@pirm/persistence';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, TEMPORAL_CLIENT } from '../providers';
import { TemporalBacked } from '../temporal/temporal-backed';
import {
  checkKey,
  checkUuid,
  closedAs,
  isDistrictHandler,
  isOversightHandler,
  NOT_A_CAMPAIGN,
  notAPersonOf,
  requireOversightHandler,
  personalKey,
  requireSomeOversightRole,
} from './oversight-access';

export interface DisposalView extends DisposalCaseRow {
  live: DisposalState;
}

/** R17: disposal cases, opened and verified by the office or the discipline team, answered by the person. */
@Injectable()
export class DisposalService extends TemporalBacked {
  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    private readonly repo: DisposalRepository,
  ) {
    super(config, temporal);
  }

  private handle(caseId: string) {
    return this.temporal.workflow.getHandle<DisposalWorkflow>(disposalWorkflowId(caseId));
  }

  private readonly closed = (caseId: string) => closedAs({ en: `Case ${caseId} is closed.`, zh: '该案件已经结案' });

  async open(
    p: Principal,
    input: DisposalCaseOpening & { campaignId: string; unitId: string; personCode: string },
  ): Promise<DisposalCaseRow> {
    requireOversightHandler(p, input.unitId);
    assertValid(validateDisposalOpening(input));
    if (!(await this.repo.campaignExists(input.campaignId))) throw DomainError.validation([NOT_A_CAMPAIGN]);
    const person = await this.repo.person(input.unitId, input.personCode);
    if (!person) throw DomainError.validation([notAPersonOf('personCode', input.unitId)]);
    if (person.id === p.personId)
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'Nobody opens a disposal case on themselves.',
        zh: '不能对自己立处置案件',
      });
    const caseId = randomUUID();
    const holidays = await this.repo.holidaysInForce();
    const start = new WithStartWorkflowOperation<DisposalWorkflow>(DISPOSAL_WORKFLOW_TYPE, {
      workflowId: disposalWorkflowId(caseId),
      taskQueue: this.config.temporal.taskQueue,
      args: [
        {
          caseId,
          campaignId: input.campaignId,
          unitId: input.unitId,
          personId: person.id,
          problem: input.problem.trim(),
          source: input.source,
          sourceRef: input.sourceRef?.trim() || null,
          firstMeasure: input.firstMeasure,
          followUpWorkingDays: followUpDays(input.rectificationWorkingDays),
          holidays,
          openedBy: p.personId,
        },
      ],
      workflowIdConflictPolicy: 'FAIL',
    });
    // The update answers once the first measure is applied and projected, so the row is there to read.
    await this.call(() =>
      this.temporal.workflow.executeUpdateWithStart(disposalOpenedUpdate, {
        startWorkflowOperation: start,
        updateId: `opened:${caseId}`,
      }),
    );
    const row = await this.repo.find(caseId);
    if (!row) throw new Error(`disposal case ${caseId} answered its opening but has no row`);
    return row;
  }

  /** The office and discipline team see their units' cases; everyone else their own. */
  async list(p: Principal, unitId: string | null, status: string | null): Promise<DisposalCaseRow[]> {
    if (unitId && isOversightHandler(p, unitId)) return this.repo.list({ unitIds: [unitId], status });
    if (!unitId && isDistrictHandler(p)) return this.repo.list({ unitIds: null, status });
    return this.repo.list({ unitIds: unitId ? [unitId] : null, personId: p.personId, status });
  }

  private async visible(p: Principal, caseId: string): Promise<DisposalCaseRow> {
    checkUuid('caseId', caseId);
    const row = await this.repo.find(caseId);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No disposal case ${caseId}.`, zh: '没有这个处置案件' });
    if (row.personId !== p.personId && !isOversightHandler(p, row.unitId))
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Disposal case ${caseId} is for its person, the office and the discipline team.`,
        zh: '处置案件仅限当事人、领导小组办公室和派驻纪检组查看',
      });
    return row;
  }

  async get(p: Principal, caseId: string): Promise<DisposalView> {
    const row = await this.visible(p, caseId);
    const live = await this.call(() => this.handle(caseId).query(disposalStateQuery)).catch(() => row.state);
    return { ...row, live };
  }

  async respond(p: Principal, input: { caseId: string; text: string; idempotencyKey: string }): Promise<DisposalView> {
    checkKey(input.idempotencyKey);
    const key = personalKey(p, input.idempotencyKey);
    await this.visible(p, input.caseId);
    await this.call(() =>
      this.handle(input.caseId).executeUpdate(respondToDisposalUpdate, {
        args: [{ key, by: p.personId, text: input.text }],
        updateId: key,
      }),
    ).catch(this.closed(input.caseId));
    return this.get(p, input.caseId);
  }

  async verify(
    p: Principal,
    input: { caseId: string; accepted: boolean; outcome: string; idempotencyKey: string },
  ): Promise<DisposalView> {
    requireSomeOversightRole(p);
    checkKey(input.idempotencyKey);
    const row = await this.visible(p, input.caseId);
    requireOversightHandler(p, row.unitId);
    const key = personalKey(p, input.idempotencyKey);
    await this.call(() =>
      this.handle(input.caseId).executeUpdate(verifyDisposalUpdate, {
        args: [{ key, by: p.personId, accepted: input.accepted, outcome: input.outcome }],
        updateId: key,
      }),
    ).catch(this.closed(input.caseId));
    return this.get(p, input.caseId);
  }

  async escalate(
    p: Principal,
    input: { caseId: string; reason: string; idempotencyKey: string },
  ): Promise<DisposalView> {
    requireSomeOversightRole(p);
    checkKey(input.idempotencyKey);
    const row = await this.visible(p, input.caseId);
    requireOversightHandler(p, row.unitId);
    const key = personalKey(p, input.idempotencyKey);
    await this.call(() =>
      this.handle(input.caseId).executeUpdate(escalateDisposalUpdate, {
        args: [{ key, by: p.personId, reason: input.reason }],
        updateId: key,
      }),
    ).catch(this.closed(input.caseId));
    return this.get(p, input.caseId);
  }
}
