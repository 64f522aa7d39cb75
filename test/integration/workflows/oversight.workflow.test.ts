import { createHash, randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { CHINA_HOLIDAYS, DEFAULT_EVALUATION_WEIGHTS, followUpDays } from '@pirm/domain';
import {
  CORRECTION_WORKFLOW_TYPE,
  DISPOSAL_WORKFLOW_TYPE,
  EVALUATION_WORKFLOW_TYPE,
  FORM_REVIEW_WORKFLOW_TYPE,
  closeRoundUpdate,
  complaintStateQuery,
  complaintWorkflowId,
  concludeComplaintUpdate,
  confirmCorrectionUpdate,
  correctionStateQuery,
  correctionWorkflowId,
  decideUpdate,
  disposalStateQuery,
  disposalWorkflowId,
  districtEvaluationUpdate,
  evaluationStateQuery,
  evaluationWorkflowId,
  formReviewInput,
  formReviewStateQuery,
  formReviewWorkflowId,
  openRoundUpdate,
  respondToDisposalUpdate,
  scoreUpdate,
  submitFormUpdate,
  submitSelfAssessmentUpdate,
  triageComplaintUpdate,
  verifyDisposalUpdate,
  type ComplaintWorkflow,
  type CorrectionWorkflow,
  type DisposalWorkflow,
  type EvaluationWorkflow,
  type FormReviewWorkflow,
} from '@pirm/contracts';
import {
  createRiskArchive,
  findComplaintByReceipt,
  findReviewChain,
  findRiskForm,
  latestEvaluationRule,
  saveComplaintContact,
  RiskArchiveEntity,
} from '@pirm/persistence';
import { useWorkflowStack } from '../../support/workflow-stack';
import { approval, registerComplaint } from '../../support/workflow-inputs';
import { campaignIdFor } from '../../support/campaign';
import { rejected, until } from '../../support/wait';
import type { RiskFormView } from '../../../apps/gateway/src/forms/forms.service';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('R16–R20 oversight workflows on a real Temporal server (time-skipping)', () => {
  /** The runs below are kept as replay fixtures by `npm run histories:record`. */
  const stack = useWorkflowStack({
    name: 'oversight',
    district: { campaignId: campaignIdFor() },
    histories: 'oversight',
  });
  const { taskQueue, started } = stack;

  async function fileComplaint(
    named: boolean,
    subjectPersonId: string | null,
  ): Promise<{ handle: WorkflowHandle<ComplaintWorkflow>; receipt: string; id: string }> {
    const id = randomUUID();
    if (named) await saveComplaintContact(stack.db.dataSource, id, '张三', '13800000000');
    const { handle, receipt } = await registerComplaint(stack.env.client, taskQueue, { id, named, subjectPersonId });
    started.push(complaintWorkflowId(id));
    return { handle, receipt, id };
  }

  test('R16 an anonymous complaint: stored with only its receipt hash, escalated once when nobody accepts it within 5 working days, then refused; the receipt finds it', async () => {
    const subject = await stack.district.personId('s001-0020');
    const { handle, receipt } = await fileComplaint(false, subject);
    const row = await findComplaintByReceipt(stack.db.dataSource, sha256(receipt));
    expect(row).toMatchObject({ status: 'RECEIVED', named: false, subjectPersonId: subject });
    expect(JSON.stringify(row)).not.toContain(receipt);

    await stack.env.sleep('10 days');
    const late = await handle.query(complaintStateQuery);
    expect(late.escalated).toBe(true);
    expect(late.events.filter((e) => e.kind === 'ESCALATED')).toHaveLength(1);
    await stack.env.sleep('10 days');
    expect((await handle.query(complaintStateQuery)).events.filter((e) => e.kind === 'ESCALATED')).toHaveLength(1);

    const office = await stack.district.personId('office-admin');
    expect(
      (
        await rejected(
          handle.executeUpdate(triageComplaintUpdate, { args: [{ key: 'k0', accept: false, reason: '', by: office }] }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (
        await rejected(
          handle.executeUpdate(triageComplaintUpdate, {
            args: [{ key: 'k1', accept: true, reason: 'x', by: subject }],
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    await handle.executeUpdate(triageComplaintUpdate, {
      args: [{ key: 'k2', accept: false, reason: '反映问题不属于本系统管辖', by: office }],
    });
    const done = await handle.result();
    expect(done.status).toBe('REFUSED');
    expect(done.events.some((e) => e.kind === 'COMPLAINANT_TOLD')).toBe(false); // anonymous: nobody to tell
    const after = await until('the refusal projected', async () => {
      const r = await findComplaintByReceipt(stack.db.dataSource, sha256(receipt));
      return r?.status === 'REFUSED' && r;
    });
    expect(after.dueAt).toBeNull();
  });

  test('R16 a named complaint: accepted, concluded, and the complainant is told the outcome through the outbox', async () => {
    const { handle, id } = await fileComplaint(true, null);
    const discipline = await stack.district.personId('discipline-1');
    await handle.executeUpdate(triageComplaintUpdate, {
      args: [{ key: 'a', accept: true, reason: '予以受理', by: discipline }],
    });
    await handle.executeUpdate(concludeComplaintUpdate, {
      args: [{ key: 'c', outcome: '已责令学校退还费用', substantiated: true, by: discipline }],
    });
    const done = await handle.result();
    expect(done.status).toBe('CONCLUDED');
    expect(done.substantiated).toBe(true);
    expect(done.events.map((e) => e.kind)).toEqual(['RECEIVED', 'ACCEPTED', 'CONCLUDED', 'COMPLAINANT_TOLD']);
    const messages: { message: string }[] = await stack.db.dataSource.query(
      `SELECT message FROM complaint_message WHERE complaint_id = $1`,
      [id],
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toContain('已责令学校退还费用');
    const audit: { action: string }[] = await stack.db.dataSource.query(
      `SELECT action FROM audit_record WHERE target = $1 ORDER BY seq`,
      [`complaint:${id}`],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'COMPLAINT_RECEIVED',
      'COMPLAINT_ACCEPTED',
      'COMPLAINT_CONCLUDED',
      'COMPLAINT_COMPLAINANT_TOLD',
    ]);
  });

  test('R17 a disposal case climbs the ladder on missed deadlines and closes only with a verified outcome', async () => {
    const person = await stack.district.personId('s001-0020');
    const office = await stack.district.personId('office-admin');
    const caseId = randomUUID();
    const handle = await stack.env.client.workflow.start<DisposalWorkflow>(DISPOSAL_WORKFLOW_TYPE, {
      workflowId: disposalWorkflowId(caseId),
      taskQueue,
      args: [
        {
          caseId,
          campaignId: stack.district.campaignId,
          unitId: 's001',
          personId: person,
          problem: '违规征订教辅材料',
          source: 'COMPLAINT',
          sourceRef: null,
          firstMeasure: 'ADMONITION',
          followUpWorkingDays: followUpDays(15),
          holidays: [...CHINA_HOLIDAYS],
          openedBy: office,
        },
      ],
    });
    started.push(disposalWorkflowId(caseId));
    await until('the case opened', async () => (await handle.query(disposalStateQuery)).steps.length === 1);
    // 5 working days for a written check after ADMONITION: a week and more of silence climbs to CORRECTION, then RECTIFICATION_ORDER.
    await stack.env.sleep('9 days');
    expect((await handle.query(disposalStateQuery)).steps.map((s) => s.measure)).toEqual(['ADMONITION', 'CORRECTION']);
    await stack.env.sleep('20 days');
    let state = await handle.query(disposalStateQuery);
    expect(state.steps.map((s) => s.measure)).toEqual(['ADMONITION', 'CORRECTION', 'RECTIFICATION_ORDER']);
    expect(state.steps[2]!.because).toContain('自动升级');

    expect(
      (
        await rejected(
          handle.executeUpdate(verifyDisposalUpdate, {
            args: [{ key: 'v0', by: office, accepted: true, outcome: '已整改' }],
          }),
        )
      ).code,
    ).toBe('CONFLICT');
    expect(
      (
        await rejected(
          handle.executeUpdate(respondToDisposalUpdate, { args: [{ key: 'r0', by: office, text: '整改报告' }] }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    await handle.executeUpdate(respondToDisposalUpdate, {
      args: [{ key: 'r1', by: person, text: '整改报告：已退还全部费用' }],
    });
    await handle.executeUpdate(verifyDisposalUpdate, {
      args: [{ key: 'v1', by: office, accepted: false, outcome: '缺少退费凭证' }],
    });
    await handle.executeUpdate(respondToDisposalUpdate, { args: [{ key: 'r2', by: person, text: '补充退费凭证' }] });
    state = await handle.executeUpdate(verifyDisposalUpdate, {
      args: [{ key: 'v2', by: office, accepted: true, outcome: '经核实已整改到位' }],
    });
    expect(state.status).toBe('CLOSED');
    expect(state.steps[2]!.rejected).toHaveLength(1);
    await handle.result();
    const row = await until('the case projected closed', async () => {
      const [r] = (await stack.db.dataSource.query(`SELECT status, measure FROM disposal_case WHERE id = $1`, [
        caseId,
      ])) as {
        status: string;
        measure: string;
      }[];
      return r?.status === 'CLOSED' && r;
    });
    expect(row.measure).toBe('RECTIFICATION_ORDER');
    // Every disposal step is in the audit trail once (issue 7).
    const audit: { action: string }[] = await stack.db.dataSource.query(
      `SELECT action FROM audit_record WHERE target = $1 ORDER BY seq`,
      [`disposal:${caseId}`],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'DISPOSAL_ADMONITION',
      'DISPOSAL_CORRECTION',
      'DISPOSAL_RECTIFICATION_ORDER',
      'DISPOSAL_RESPONSE',
      'DISPOSAL_RESPONSE_REJECTED',
      'DISPOSAL_RESPONSE',
      'DISPOSAL_CLOSED',
    ]);
  });

  test('R18 R19 an evaluation: self-assessment, appraisal rounds with one-time invitations, the stack.district evaluation → weighted score with its explanation', async () => {
    const office = await stack.district.personId('office-admin');
    const rule = await latestEvaluationRule(stack.db.dataSource);
    expect(rule.weights).toEqual(DEFAULT_EVALUATION_WEIGHTS);
    const handle = await stack.env.client.workflow.start<EvaluationWorkflow>(EVALUATION_WORKFLOW_TYPE, {
      workflowId: evaluationWorkflowId(stack.district.campaignId, 's001'),
      taskQueue,
      args: [{ campaignId: stack.district.campaignId, unitId: 's001', rule, openedBy: office }],
    });
    started.push(evaluationWorkflowId(stack.district.campaignId, 's001'));
    const closesAt = (await stack.env.currentTimeMs()) + 30 * 86_400_000;
    const codes = ['c1', 'c2', 'c3'].map((c) => `${c}-${randomUUID()}`);
    await handle.executeUpdate(openRoundUpdate, {
      args: [
        {
          key: 'o1',
          by: office,
          kind: 'EXTERNAL',
          closesAt,
          invitations: [
            { hash: sha256(codes[0]!), evaluatorKind: 'NPC_DEPUTY' },
            { hash: sha256(codes[1]!), evaluatorKind: 'PARENT' },
          ],
        },
      ],
    });
    await handle.executeUpdate(openRoundUpdate, {
      args: [
        {
          key: 'o2',
          by: office,
          kind: 'INTERNAL',
          closesAt,
          invitations: [{ hash: sha256(codes[2]!), evaluatorKind: 'STAFF' }],
        },
      ],
    });
    const bad = await rejected(
      handle.executeUpdate(openRoundUpdate, {
        args: [
          { key: 'o3', by: office, kind: 'INTERNAL', closesAt, invitations: [{ hash: 'x', evaluatorKind: 'PARENT' }] },
        ],
      }),
    );
    expect(bad.fieldErrors[0]).toMatchObject({ field: 'invitations[0].evaluatorKind' });

    await handle.executeUpdate(scoreUpdate, {
      args: [{ hash: sha256(codes[0]!), score: 90, comment: '公开承诺落实较好' }],
    });
    await handle.executeUpdate(scoreUpdate, { args: [{ hash: sha256(codes[1]!), score: 80, comment: null }] });
    expect(
      (
        await rejected(
          handle.executeUpdate(scoreUpdate, { args: [{ hash: sha256(codes[0]!), score: 10, comment: null }] }),
        )
      ).code,
    ).toBe('CONFLICT');
    expect(
      (
        await rejected(
          handle.executeUpdate(scoreUpdate, { args: [{ hash: sha256('unknown'), score: 10, comment: null }] }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    await handle.executeUpdate(scoreUpdate, { args: [{ hash: sha256(codes[2]!), score: 70, comment: null }] });
    const items = (
      ['RISK_POINTS_FOUND', 'MEASURES_CARRIED_OUT', 'ROUTINE_CHECKS', 'DEMOCRATIC_APPRAISAL', 'DUTY_REPORTS'] as const
    ).map((item) => ({ item, score: 80, evidence: '见台账' }));
    expect(
      (
        await rejected(
          handle.executeUpdate(submitSelfAssessmentUpdate, {
            args: [{ key: 's0', by: office, items: items.slice(1) }],
          }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    await handle.executeUpdate(submitSelfAssessmentUpdate, { args: [{ key: 's1', by: office, items }] });
    await handle.executeUpdate(districtEvaluationUpdate, {
      args: [{ key: 'd1', by: office, score: 88, opinion: '总体较好' }],
    });
    const open = await handle.query(evaluationStateQuery);
    expect(open.status).toBe('OPEN');
    expect(open.result?.score).toBeNull(); // the rounds are still open
    // The INTERNAL round is closed by the office; the EXTERNAL one by its timer.
    await handle.executeUpdate(closeRoundUpdate, { args: [{ key: 'cl', by: office, roundId: 'r2' }] });
    const done = await handle.result();
    expect(done.status).toBe('COMPLETE');
    // self 80 × 20% + appraisal mean(85, 70) = 77.5 × 40% + stack.district 88 × 40% = 16 + 31 + 35.2 = 82.2
    expect(done.result?.score).toBe(82.2);
    expect(done.result?.explanation).toContain('评价规则第 1 版');
    const [row] = (await until('the score projected', async () => {
      const rows = (await stack.db.dataSource.query(
        `SELECT score FROM unit_evaluation WHERE campaign_id = $1 AND unit_id = 's001'`,
        [stack.district.campaignId],
      )) as { score: string | null }[];
      return rows[0]?.score !== null && rows[0] !== undefined && rows;
    })) as { score: string }[];
    expect(Number(row!.score)).toBe(82.2);
  });

  test('R20 a correction sends forms back through their chains and, once approved and confirmed, makes archive version 2', async () => {
    const ds = stack.db.dataSource;
    const chainOf = async (form: RiskFormView) =>
      formReviewInput(form, (await findReviewChain(ds, form.formType))!, CHINA_HOLIDAYS);
    async function approveAll(handle: WorkflowHandle<FormReviewWorkflow>): Promise<void> {
      for (let i = 0; i < 5; i++) {
        const s = await handle.query(formReviewStateQuery);
        if (s.status === 'APPROVED') return;
        const step = s.steps[s.currentStep!]!;
        const key = `d:${s.formId}:${s.revision}:${step.index}`;
        const at = { key, step: step.index, revision: s.revision, formVersion: s.formVersion };
        await handle.executeUpdate(decideUpdate, {
          args: [approval({ ...at, reviewerId: step.assignees[0]! })],
          updateId: key,
        });
      }
      expect((await handle.query(formReviewStateQuery)).status).toBe('APPROVED');
    }
    // A form approved in screening and archived as version 1.
    const form = await stack.district.completeForm('s001-0020');
    const handle = await stack.env.client.workflow.start<FormReviewWorkflow>(FORM_REVIEW_WORKFLOW_TYPE, {
      workflowId: formReviewWorkflowId(form.campaignId, form.personId),
      taskQueue,
      args: [await chainOf(form)],
    });
    await handle.executeUpdate(submitFormUpdate, {
      args: [{ key: 's1', submittedBy: form.personId, revision: 1, formVersion: form.version }],
      updateId: `submit:${form.id}:1`,
    });
    await approveAll(handle);
    await handle.result();
    expect(await createRiskArchive(ds, 'screening', stack.district.campaignId, 's001', 'principal')).toBe(1);

    const approved = (await findRiskForm(ds, { id: form.id }))!;
    const reopenInput = {
      ...(await chainOf(form)),
      reopen: { reason: '修正：根据评议意见补充防控措施', revision: approved.reviewRevision, by: 'office-admin' },
    };
    const correction = await stack.env.client.workflow.start<CorrectionWorkflow>(CORRECTION_WORKFLOW_TYPE, {
      workflowId: correctionWorkflowId(stack.district.campaignId, 's001'),
      taskQueue,
      args: [
        {
          campaignId: stack.district.campaignId,
          unitId: 's001',
          reason: '根据评议意见修正',
          startedBy: 'office-admin',
          forms: [reopenInput],
        },
      ],
    });
    started.push(correctionWorkflowId(stack.district.campaignId, 's001'));
    const returned = await until('the form sent back to its owner', async () => {
      const f = await findRiskForm(ds, { id: form.id });
      return f?.status === 'RETURNED' && f;
    });
    expect(
      (await rejected(correction.executeUpdate(confirmCorrectionUpdate, { args: [{ key: 'early', by: 'principal' }] })))
        .code,
    ).toBe('CONFLICT');

    // The owner revises a measure and resubmits; the same chain approves it again.
    const owner = await stack.district.principal('s001-0020');
    const revised = await stack.district.forms.saveDraft(owner, {
      campaignId: stack.district.campaignId,
      expectedVersion: returned.version,
      riskPoints: (returned.riskPoints ?? []).map((p) => ({
        ...p,
        controlMeasures: '公开承诺，接受监督；每学期公示教辅征订情况',
      })),
    });
    const rerun = stack.env.client.workflow.getHandle<FormReviewWorkflow>(
      formReviewWorkflowId(form.campaignId, form.personId),
    );
    const revision = approved.reviewRevision + 1;
    await rerun.executeUpdate(submitFormUpdate, {
      args: [{ key: `s${revision}`, submittedBy: form.personId, revision, formVersion: revised.version }],
      updateId: `submit:${form.id}:${revision}`,
    });
    await approveAll(rerun);
    await until(
      'the correction awaiting confirmation',
      async () => (await correction.query(correctionStateQuery)).status === 'AWAITING_CONFIRMATION',
    );

    const confirmed = await correction.executeUpdate(confirmCorrectionUpdate, {
      args: [{ key: 'confirm-correction', by: 'principal' }],
    });
    expect(confirmed.archiveVersion).toBe(2);
    await correction.result();
    const v2 = await ds.getRepository(RiskArchiveEntity).findOneByOrFail({ unitId: 's001', version: 2 });
    expect(JSON.stringify(v2.content)).toContain('每学期公示教辅征订情况');
  });
});
