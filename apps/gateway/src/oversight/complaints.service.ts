import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import {
  COMPLAINT_ACCEPT_WORKING_DAYS,
  COMPLAINT_HANDLE_WORKING_DAYS,
  DomainError,
  ErrorCode,
  assertValid,
  normaliseReceiptCode,
  validateComplaintIntake,
  type ComplaintIntake,
} from '@pirm/domain';
import {
  COMPLAINT_WORKFLOW_TYPE,
  complaintWorkflowId,
  concludeComplaintUpdate,
  registerComplaintUpdate,
  triageComplaintUpdate,
  type ComplaintState,
  type ComplaintWorkflow,
} from '@pirm/contracts';
import { ComplaintRepository, type ComplaintEntity } from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, TEMPORAL_CLIENT } from '../providers';
import { TemporalBacked } from '../temporal/temporal-backed';
import {
  checkKey,
  checkUuid,
  closedAs,
  hashCode,
  isDistrictHandler,
  isOversightHandler,
  newSecretCode,
  notAPersonOf,
  requireOversightHandler,
  personalKey,
  requireSomeOversightRole,
} from './oversight-access';

export interface ComplaintView extends ComplaintEntity {
  /** Only for the district office and discipline team; null for everyone else and for anonymous complaints. */
  complainant: { name: string; contact: string } | null;
}

/** R16: public complaint intake, receipt lookup, and handling by the office and the discipline team. */
@Injectable()
export class ComplaintsService extends TemporalBacked {
  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    private readonly repo: ComplaintRepository,
  ) {
    super(config, temporal);
  }

  private readonly closed = (complaintId: string) =>
    closedAs({ en: `Complaint ${complaintId} is closed.`, zh: '这件投诉举报已经办结' });

  /** Files a complaint; returns the receipt code, shown once (only its hash is kept). */
  async file(intake: ComplaintIntake): Promise<{ receiptCode: string; state: ComplaintState }> {
    assertValid(validateComplaintIntake(intake));
    if (!(await this.repo.unitExists(intake.unitId)))
      throw DomainError.validation([
        { field: 'unitId', reason: 'is not a unit of the district', message: '没有这个单位' },
      ]);
    let subjectPostId: string | null = null;
    let subjectPersonId: string | null = null;
    if (intake.subjectKind === 'POST') {
      const post = await this.repo.post(intake.unitId, intake.subjectCode!);
      if (!post)
        throw DomainError.validation([
          { field: 'subjectCode', reason: `is not a post of unit ${intake.unitId}`, message: '该单位没有这个岗位编码' },
        ]);
      subjectPostId = post.id;
    } else if (intake.subjectKind === 'PERSON') {
      const person = await this.repo.person(intake.unitId, intake.subjectCode!);
      if (!person) throw DomainError.validation([notAPersonOf('subjectCode', intake.unitId)]);
      subjectPersonId = person.id;
    }
    const id = randomUUID();
    const { code, hash } = newSecretCode();
    // The identity goes to its own table before the workflow starts, so that no history ever holds it.
    if (intake.named) await this.repo.saveContact(id, intake.complainantName!.trim(), intake.contact!.trim());
    const start = new WithStartWorkflowOperation<ComplaintWorkflow>(COMPLAINT_WORKFLOW_TYPE, {
      workflowId: complaintWorkflowId(id),
      taskQueue: this.config.temporal.taskQueue,
      args: [
        {
          complaintId: id,
          unitId: intake.unitId,
          subjectKind: intake.subjectKind,
          subjectPostId,
          subjectPersonId,
          text: intake.text.trim(),
          named: intake.named,
          receiptHash: hash,
          acceptWorkingDays: COMPLAINT_ACCEPT_WORKING_DAYS,
          handleWorkingDays: COMPLAINT_HANDLE_WORKING_DAYS,
          holidays: await this.repo.holidaysInForce(),
        },
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const state = await this.call(() =>
      this.temporal.workflow.executeUpdateWithStart(registerComplaintUpdate, {
        startWorkflowOperation: start,
        updateId: `register:${id}`,
      }),
    );
    return { receiptCode: code, state };
  }

  /** What the complainant may see by receipt: status, dates and the answers, never who handled it. */
  async byReceipt(receiptCode: string): Promise<ComplaintEntity> {
    const code = normaliseReceiptCode(receiptCode);
    if (!code)
      throw DomainError.validation([
        {
          field: 'receiptCode',
          reason: 'is not a receipt code (20 letters and digits in groups of four)',
          message: '查询码应为 20 位字母和数字，每 4 位一组，如 7K2M-9QXA-…',
        },
      ]);
    const found = await this.repo.findByReceipt(hashCode(code));
    if (!found)
      throw new DomainError(ErrorCode.NOT_FOUND, {
        en: 'No complaint has this receipt code.',
        zh: '没有与这个查询码对应的投诉举报',
      });
    return found;
  }

  /**
   * Complaints the principal handles: the district office and discipline team see every unit's, a unit's
   * discipline team its unit's; nobody sees complaints against themselves.
   */
  async list(p: Principal, unitId: string | null, status: string | null): Promise<ComplaintView[]> {
    const district = isDistrictHandler(p);
    if (unitId) requireOversightHandler(p, unitId);
    else if (!district)
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'Only the district office or discipline team list complaints of every unit; name a unit.',
        zh: '只有领导小组办公室或派驻纪检组可以查看全部单位的投诉举报，请选择单位',
      });
    const rows = await this.repo.list({
      unitIds: unitId ? [unitId] : null,
      status,
      excludeSubjectPersonId: p.personId,
    });
    return Promise.all(rows.map((r) => this.view(p, r)));
  }

  /**
   * The complainant's identity: for the district office and discipline team, never for anyone the complaint
   * is against (the person, the post's holders, the unit's leaders) or anyone who reviews their forms.
   */
  private async view(p: Principal, c: ComplaintEntity): Promise<ComplaintView> {
    const subjects = c.named && isDistrictHandler(p) ? await this.repo.subjects(c.id) : null;
    const mayKnow =
      subjects !== null && !subjects.includes(p.personId) && !(await this.repo.inReviewChainOf(p.personId, subjects));
    const contact = mayKnow ? await this.repo.contact(c.id) : null;
    return { ...c, complainant: contact ? { name: contact.name, contact: contact.contact } : null };
  }

  private async handled(p: Principal, complaintId: string, key: string): Promise<ComplaintEntity> {
    requireSomeOversightRole(p);
    checkUuid('complaintId', complaintId);
    checkKey(key);
    const c = await this.repo.find(complaintId);
    if (!c) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No complaint ${complaintId}.`, zh: '没有这件投诉举报' });
    if (!isOversightHandler(p, c.unitId) || (await this.repo.subjects(c.id)).includes(p.personId)) {
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'You do not handle this complaint.',
        zh: '您不负责办理这件投诉举报',
      });
    }
    return c;
  }

  async triage(
    p: Principal,
    input: { complaintId: string; accept: boolean; reason: string; idempotencyKey: string },
  ): Promise<ComplaintView> {
    const c = await this.handled(p, input.complaintId, input.idempotencyKey);
    const key = personalKey(p, input.idempotencyKey);
    const handle = this.temporal.workflow.getHandle<ComplaintWorkflow>(complaintWorkflowId(c.id));
    await this.call(() =>
      handle.executeUpdate(triageComplaintUpdate, {
        args: [{ key, accept: input.accept, reason: input.reason, by: p.personId }],
        updateId: key,
      }),
    ).catch(this.closed(c.id));
    return this.view(p, (await this.repo.find(c.id))!);
  }

  async conclude(
    p: Principal,
    input: { complaintId: string; outcome: string; substantiated: boolean; idempotencyKey: string },
  ): Promise<ComplaintView> {
    const c = await this.handled(p, input.complaintId, input.idempotencyKey);
    const key = personalKey(p, input.idempotencyKey);
    const handle = this.temporal.workflow.getHandle<ComplaintWorkflow>(complaintWorkflowId(c.id));
    await this.call(() =>
      handle.executeUpdate(concludeComplaintUpdate, {
        args: [{ key, outcome: input.outcome, substantiated: input.substantiated, by: p.personId }],
        updateId: key,
      }),
    ).catch(this.closed(c.id));
    return this.view(p, (await this.repo.find(c.id))!);
  }
}
