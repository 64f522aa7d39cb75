import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Role, defaultCalendar, followUpDays } from '@pirm/domain';
import { createRiskArchive, generateDistrictRows, toCsv, upsertCampaignProjection } from '@pirm/persistence';
import { TestStack } from '../support/gateway';
import { createTimeSkippingEnv } from '../support/stack';
import { until } from '../support/wait';

// A year of this file's own: its workflows run on a time-skipping server of its own, and its weekdays are in the checks.
const YEAR = 2031;
const POINT = {
  description: '在教辅征订中收受回扣',
  category: 'POST_DUTY',
  causes: ['POST_DUTY'],
  likelihood: 2,
  harm: 3,
  findingMethod: 'PUBLIC',
  direction: 'BACKWARD',
  backwardSource: 'COMPLAINTS',
  controlMeasures: '教辅征订公开透明，接受家长监督',
};
const pointsFor = (formType: string) =>
  formType === 'LEADERSHIP'
    ? (['MAJOR_DECISIONS', 'IMPORTANT_APPOINTMENTS', 'MAJOR_PROJECTS', 'LARGE_FUNDS'] as const).map((m) => ({
        ...POINT,
        majorMatter: m,
      }))
    : [POINT];
const CAMPAIGN = String(YEAR);

/**
 * Issue 6 over GraphQL with real tokens: a complaint from intake to closure (anonymous and named, followed by
 * receipt), a disposal case climbing the ladder, an evaluation round to a weighted score, and a correction
 * that makes archive version 2 and prefills next year's form. Gateway and worker run on Temporal's
 * time-skipping server, so working-day deadlines pass in moments.
 */
describe('R16–R21 execution, evaluation and correction over GraphQL', () => {
  let env: TestWorkflowEnvironment;
  let stack: TestStack;
  const tok = (code: string) => stack.token(code);
  const ds = () => stack.db.dataSource;
  const ok = async <T>(p: Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> => {
    const res = await p;
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const code = async (p: Promise<{ errors?: { extensions?: { code?: string } }[] }>) =>
    (await p).errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    stack = new TestStack(env.address);
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 2, people: 30, seed: 31 }));
    await ok(
      stack.graphql(
        `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
        { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
        root,
      ),
    );
    await upsertCampaignProjection(stack.db.dataSource, {
      campaignId: CAMPAIGN,
      year: YEAR,
      status: 'RUNNING',
      currentPhase: 'EXECUTION',
      calendar: defaultCalendar(YEAR),
      rulesVersion: 1,
      launchedBy: 'office-admin',
      revision: 1,
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  const FILE = `mutation($i: ComplaintInputModel!) { fileComplaint(input: $i) { receiptCode progress { status statusLabel dueAt } } }`;
  const BY_RECEIPT = `query($r: String!) { complaintByReceipt(receiptCode: $r) { status events { kind detail } } }`;
  const LIST = `query { complaints(unitId: "s001") { id status named complainantName complainantContact subjectPersonId } }`;

  it('R16 an anonymous complaint against a person: the receipt follows it; the person never sees it; it is refused with a reason', async () => {
    const bad = await stack.graphql(FILE, {
      i: {
        unitId: 's001',
        subjectKind: 'PERSON',
        subjectCode: 'nobody',
        text: '短',
        named: false,
        contact: '13800000000',
      },
    });
    expect(bad.errors?.[0]?.extensions?.fieldErrors).toEqual(
      expect.arrayContaining([
        {
          field: 'text',
          reason: 'must describe the matter in at least 10 characters',
          message: '请至少用 10 个字说明事项',
        },
        {
          field: 'contact',
          reason: 'an anonymous complaint carries no contact; follow it with the receipt code',
          message: '匿名投诉不填写联系方式，请凭查询码查询办理进度',
        },
      ]),
    );
    const filed = await ok(
      stack.graphql<{ fileComplaint: { receiptCode: string; progress: { status: string; dueAt: string } } }>(FILE, {
        i: {
          unitId: 's001',
          subjectKind: 'PERSON',
          subjectCode: 's001-0002',
          text: '副校长在教辅征订中收取回扣，请调查',
          named: false,
        },
      }),
    );
    expect(filed.fileComplaint.progress.status).toBe('RECEIVED');
    const receipt = filed.fileComplaint.receiptCode;
    const stored: { n: number }[] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM complaint WHERE receipt_hash = $1 OR text LIKE $2`,
      [receipt, `%${receipt}%`],
    );
    expect(stored[0]!.n).toBe(0); // only the hash is kept
    const columns: { column_name: string }[] = await stack.db.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name LIKE 'complaint%'`,
    );
    expect(columns.map((c) => c.column_name).filter((c) => c === 'ip' || /ip_addr|agent|remote/.test(c))).toEqual([]);

    // The person complained against is on the unit's leading group; the complaint is invisible to them.
    expect(await code(stack.graphql(LIST, {}, tok('s001-0002')))).toBe('FORBIDDEN');
    const listed = await ok(
      stack.graphql<{ complaints: { id: string; named: boolean; complainantName: string | null }[] }>(
        LIST,
        {},
        tok('office-admin'),
      ),
    );
    expect(listed.complaints).toHaveLength(1);
    const id = listed.complaints[0]!.id;
    expect(
      await code(
        stack.graphql(
          `mutation { triageComplaint(input: { complaintId: "${id}", accept: false, reason: "x", idempotencyKey: "t0" }) { status } }`,
          {},
          tok('s001-0002'),
        ),
      ),
    ).toBe('FORBIDDEN');
    await ok(
      stack.graphql(
        `mutation { triageComplaint(input: { complaintId: "${id}", accept: false, reason: "线索不具体，无法核查", idempotencyKey: "t1" }) { status } }`,
        {},
        tok('discipline-1'),
      ),
    );
    const followed = await ok(
      stack.graphql<{ complaintByReceipt: { status: string; events: { kind: string; detail: string }[] } }>(
        BY_RECEIPT,
        { r: receipt.toLowerCase() },
      ),
    );
    expect(followed.complaintByReceipt.status).toBe('REFUSED');
    expect(followed.complaintByReceipt.events.map((e) => e.kind)).toEqual(['RECEIVED', 'REFUSED']);
    expect(JSON.stringify(followed)).toContain('线索不具体');
    expect(await code(stack.graphql(BY_RECEIPT, { r: 'not-a-code' }))).toBe('VALIDATION_FAILED');
  });

  it('R16 a named complaint: only the district office and discipline team see who complained; it is accepted and concluded, and the complainant told', async () => {
    const filed = await ok(
      stack.graphql<{ fileComplaint: { receiptCode: string } }>(FILE, {
        i: {
          unitId: 's001',
          subjectKind: 'UNIT',
          text: '学校违规组织有偿补课，家长反映强烈',
          named: true,
          complainantName: '李四',
          contact: 'lisi@example.com',
        },
      }),
    );
    const all = await ok(
      stack.graphql<{
        complaints: { id: string; named: boolean; complainantName: string | null; complainantContact: string | null }[];
      }>(LIST, {}, tok('office-admin')),
    );
    const named = all.complaints.find((c) => c.named)!;
    expect(named).toMatchObject({ complainantName: '李四', complainantContact: 'lisi@example.com' });
    await ok(
      stack.graphql(
        `mutation { triageComplaint(input: { complaintId: "${named.id}", accept: true, reason: "予以受理", idempotencyKey: "a1" }) { status } }`,
        {},
        tok('office-admin'),
      ),
    );
    const concluded = await ok(
      stack.graphql<{ concludeComplaint: { status: string } }>(
        `mutation { concludeComplaint(input: { complaintId: "${named.id}", outcome: "已责令停止有偿补课并通报", substantiated: true, idempotencyKey: "c1" }) { status } }`,
        {},
        tok('office-admin'),
      ),
    );
    expect(concluded.concludeComplaint.status).toBe('CONCLUDED');
    const told = await until('the outcome queued for the complainant', async () => {
      const rows: { message: string }[] = await stack.db.dataSource.query(
        `SELECT message FROM complaint_message WHERE complaint_id = $1`,
        [named.id],
      );
      return rows.length > 0 && rows;
    });
    expect(told[0]!.message).toContain('已责令停止有偿补课');
    const followed = await ok(
      stack.graphql<{ complaintByReceipt: { status: string } }>(BY_RECEIPT, { r: filed.fileComplaint.receiptCode }),
    );
    expect(followed.complaintByReceipt.status).toBe('CONCLUDED');
  });

  it('R17 a disposal case: opened by the office, climbs when the person is silent, closes only on a verified answer', async () => {
    const OPEN = `mutation($i: OpenDisposalCaseInput!) { openDisposalCase(input: $i) { id measure steps { measureLabel } } }`;
    expect(
      await code(
        stack.graphql(
          OPEN,
          {
            i: {
              campaignId: CAMPAIGN,
              unitId: 's001',
              personCode: 's001-0010',
              problem: '违规收费',
              source: 'COMPLAINT',
              firstMeasure: 'TALK',
            },
          },
          tok('s001-0010'),
        ),
      ),
    ).toBe('FORBIDDEN');
    const opened = await ok(
      stack.graphql<{ openDisposalCase: { id: string; measure: string; steps: { measureLabel: string }[] } }>(
        OPEN,
        {
          i: {
            campaignId: CAMPAIGN,
            unitId: 's001',
            personCode: 's001-0010',
            problem: '违规收取资料费',
            source: 'COMPLAINT',
            firstMeasure: 'CORRECTION',
            rectificationWorkingDays: 10,
          },
        },
        tok('office-admin'),
      ),
    );
    expect(opened.openDisposalCase).toMatchObject({ measure: 'CORRECTION', steps: [{ measureLabel: '纠正偏差' }] });
    const id = opened.openDisposalCase.id;
    // 10 working days for the correction report: three weeks of silence make it a rectification order.
    await env.sleep(followUpDays(10).CORRECTION * 2 * 86_400_000);
    const CASE = `query { disposalCase(id: "${id}") { status measure steps { measure because } } }`;
    const climbed = await until('the case climbed', async () => {
      const c = (
        await ok(
          stack.graphql<{ disposalCase: { measure: string; steps: { because: string }[] } }>(
            CASE,
            {},
            tok('s001-0010'),
          ),
        )
      ).disposalCase;
      return c.measure === 'RECTIFICATION_ORDER' && c;
    });
    expect(climbed.steps[1]!.because).toContain('自动升级');
    expect(await code(stack.graphql(CASE, {}, tok('s001-0011')))).toBe('FORBIDDEN');
    await ok(
      stack.graphql(
        `mutation { respondToDisposal(input: { caseId: "${id}", text: "整改报告：已退还资料费", idempotencyKey: "r1" }) { status } }`,
        {},
        tok('s001-0010'),
      ),
    );
    expect(
      await code(
        stack.graphql(
          `mutation { verifyDisposal(input: { caseId: "${id}", accepted: true, outcome: "x", idempotencyKey: "v0" }) { status } }`,
          {},
          tok('s001-0010'),
        ),
      ),
    ).toBe('FORBIDDEN');
    const closed = await ok(
      stack.graphql<{ verifyDisposal: { status: string; outcome: string } }>(
        `mutation { verifyDisposal(input: { caseId: "${id}", accepted: true, outcome: "经核实已整改", idempotencyKey: "v1" }) { status outcome } }`,
        {},
        tok('office-admin'),
      ),
    );
    expect(closed.verifyDisposal).toEqual({ status: 'CLOSED', outcome: '经核实已整改' });
    const mine = await ok(
      stack.graphql<{ disposalCases: { id: string }[] }>(`{ disposalCases { id } }`, {}, tok('s001-0010')),
    );
    expect(mine.disposalCases.map((c) => c.id)).toEqual([id]);
  });

  it('R18 R19 an evaluation: self-assessment by the unit, a round scored with one-time codes, the district evaluation → the weighted score', async () => {
    await ok(
      stack.graphql(
        `mutation { openEvaluation(campaignId: "${CAMPAIGN}", unitId: "s001") { status } }`,
        {},
        tok('office-admin'),
      ),
    );
    const closesOn = `${YEAR}-09-10`;
    const round = await ok(
      stack.graphql<{
        openEvaluationRound: {
          round: { id: string; invited: number };
          invitations: { code: string; evaluatorKind: string }[];
        };
      }>(
        `mutation($i: OpenEvaluationRoundInput!) { openEvaluationRound(input: $i) { round { id invited } invitations { code evaluatorKind } } }`,
        {
          i: {
            campaignId: CAMPAIGN,
            unitId: 's001',
            kind: 'EXTERNAL',
            closesOn,
            invitations: [
              { evaluatorKind: 'NPC_DEPUTY', count: 1 },
              { evaluatorKind: 'PARENT', count: 2 },
            ],
            idempotencyKey: 'round-1',
          },
        },
        tok('office-admin'),
      ),
    );
    expect(round.openEvaluationRound.round.invited).toBe(3);
    const SCORE = `mutation($i: EvaluationScoreInput!) { submitEvaluationScore(input: $i) }`;
    const [a, b] = round.openEvaluationRound.invitations;
    await ok(stack.graphql(SCORE, { i: { code: a!.code, score: 90, comment: '廉政承诺公开到位' } }));
    expect(await code(stack.graphql(SCORE, { i: { code: a!.code, score: 10 } }))).toBe('CONFLICT');
    expect(await code(stack.graphql(SCORE, { i: { code: b!.code, score: 101 } }))).toBe('VALIDATION_FAILED');
    expect(
      (await stack.graphql(SCORE, { i: { code: 'not-a-code', score: 50 } })).errors?.[0]?.extensions?.fieldErrors,
    ).toEqual([
      {
        field: 'code',
        reason: 'is not an invitation code (20 letters and digits in groups of four)',
        message: '邀请码应为 20 位字母和数字，每 4 位一组',
      },
    ]);
    await ok(stack.graphql(SCORE, { i: { code: b!.code, score: 70 } }));
    const items = [
      'RISK_POINTS_FOUND',
      'MEASURES_CARRIED_OUT',
      'ROUTINE_CHECKS',
      'DEMOCRATIC_APPRAISAL',
      'DUTY_REPORTS',
    ].map((item) => ({ item, score: 90, evidence: '见工作台账' }));
    expect(
      await code(
        stack.graphql(
          `mutation($i: SelfAssessmentInput!) { submitSelfAssessment(input: $i) { status } }`,
          { i: { campaignId: CAMPAIGN, unitId: 's001', items, idempotencyKey: 's' } },
          tok('s001-0012'),
        ),
      ),
    ).toBe('FORBIDDEN');
    await ok(
      stack.graphql(
        `mutation($i: SelfAssessmentInput!) { submitSelfAssessment(input: $i) { status } }`,
        { i: { campaignId: CAMPAIGN, unitId: 's001', items, idempotencyKey: 'self-1' } },
        tok('s001-0001'),
      ),
    );
    await ok(
      stack.graphql(
        `mutation { recordDistrictEvaluation(input: { campaignId: "${CAMPAIGN}", unitId: "s001", score: 85, opinion: "总体评价良好", idempotencyKey: "d1" }) { status } }`,
        {},
        tok('office-admin'),
      ),
    );
    await ok(
      stack.graphql(
        `mutation { closeEvaluationRound(input: { campaignId: "${CAMPAIGN}", unitId: "s001", roundId: "${round.openEvaluationRound.round.id}", idempotencyKey: "close-1" }) { status } }`,
        {},
        tok('office-admin'),
      ),
    );
    const result = await ok(
      stack.graphql<{ unitEvaluation: { status: string; score: number; explanation: string } }>(
        `{ unitEvaluation(campaignId: "${CAMPAIGN}", unitId: "s001") { status score explanation } }`,
        {},
        tok('s001-0001'),
      ),
    );
    // self 90 × 20% + appraisal mean(90, 70) = 80 × 40% + district 85 × 40% = 18 + 32 + 34 = 84
    expect(result.unitEvaluation).toMatchObject({ status: 'COMPLETE', score: 84 });
    expect(result.unitEvaluation.explanation).toContain('单位自评 90 × 20%');
  });

  it('R20 R21 a correction: opinions compiled, a form revised through its chain, archive version 2, and next year’s form prefilled from it', async () => {
    const ds = stack.db.dataSource;
    const person = 's001-0012';
    // Screening happened earlier (the screening e2e proves it over GraphQL): the form approved, archive version 1.
    const form = await ok(
      stack.graphql<{ startRiskForm: { id: string; version: number; formType: string } }>(
        `mutation { startRiskForm(campaignId: "${CAMPAIGN}") { id version formType } }`,
        {},
        tok(person),
      ),
    );
    await ds.query(`UPDATE risk_form SET status = 'APPROVED', review_revision = 1 WHERE id = $1`, [
      form.startRiskForm.id,
    ]);
    expect(await createRiskArchive(ds, 'screening-s001', CAMPAIGN, 's001', 's001-0001')).toBe(1);

    const opinions = await ok(
      stack.graphql<{ correctionOpinions: { source: string; text: string }[] }>(
        `{ correctionOpinions(campaignId: "${CAMPAIGN}", unitId: "s001") { source text } }`,
        {},
        tok('s001-0001'),
      ),
    );
    expect(opinions.correctionOpinions.map((o) => o.source)).toEqual(
      expect.arrayContaining(['COMPLAINT', 'APPRAISAL', 'EVALUATION']),
    );
    expect(
      await code(
        stack.graphql(`{ correctionOpinions(campaignId: "${CAMPAIGN}", unitId: "s001") { source } }`, {}, tok(person)),
      ),
    ).toBe('FORBIDDEN');

    const started = await ok(
      stack.graphql<{ startCorrection: { status: string; opinionCount: number; forms: { formId: string }[] } }>(
        `mutation { startCorrection(input: { campaignId: "${CAMPAIGN}", unitId: "s001", personCodes: ["${person}"], reason: "根据评议意见补充防控措施" }) { status opinionCount forms { formId } } }`,
        {},
        tok('office-admin'),
      ),
    );
    expect(started.startCorrection).toMatchObject({ status: 'REVISING', forms: [{ formId: form.startRiskForm.id }] });
    expect(started.startCorrection.opinionCount).toBe(opinions.correctionOpinions.length);
    // Issue 17: the round's state comes back from its update-with-start; a second start while it runs is refused.
    expect(
      await code(
        stack.graphql(
          `mutation { startCorrection(input: { campaignId: "${CAMPAIGN}", unitId: "s001", reason: "再次" }) { status } }`,
          {},
          tok('office-admin'),
        ),
      ),
    ).toBe('CONFLICT');

    // The owner revises the measures and resubmits; the chain approves again.
    const returned = await until('the form back with its owner', async () => {
      const f = (
        await ok(
          stack.graphql<{ myRiskForm: { status: string; version: number } }>(
            `{ myRiskForm(campaignId: "${CAMPAIGN}") { status version } }`,
            {},
            tok(person),
          ),
        )
      ).myRiskForm;
      return f.status === 'RETURNED' && f;
    });
    const FIELDS: Record<string, Record<string, string>> = {
      LEADERSHIP: { position: '校长', postDuties: '主持全面工作' },
      MIDDLE_MANAGER: {
        departmentName: '教务处',
        postDuties: '教学管理',
        workflowDescription: '计划→实施→检查',
        personInCharge: '负责人',
      },
      GENERAL_STAFF: { position: '教师', postDuties: '教学', workflowDescription: '备课→上课→批改' },
    };
    const saved = await ok(
      stack.graphql<{ saveRiskFormDraft: { version: number } }>(
        `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`,
        {
          i: {
            campaignId: CAMPAIGN,
            expectedVersion: returned.version,
            ...FIELDS[form.startRiskForm.formType],
            controlMeasures: '每学期公开承诺并接受家长监督（修正）',
            riskPoints: pointsFor(form.startRiskForm.formType),
          },
        },
        tok(person),
      ),
    );
    await ok(
      stack.graphql(
        `mutation($v: Int!) { submitRiskForm(campaignId: "${CAMPAIGN}", expectedVersion: $v) { status } }`,
        { v: saved.saveRiskFormDraft.version },
        tok(person),
      ),
    );
    // Each step of the chain approves: wait for the next step's open task (one not yet approved) or the approval.
    const approved = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const next = await until(`the revised form's next open task, or its approval (step ${i})`, async () => {
        const tasks: { id: string; code: string }[] = await ds.query(
          `SELECT t.id, p.code FROM review_task t CROSS JOIN LATERAL unnest(t.assignees) AS a(pid) JOIN person p ON p.id = a.pid WHERE t.form_id = $1 AND t.status = 'OPEN' ORDER BY p.code`,
          [form.startRiskForm.id],
        );
        const open = tasks.find((t) => !approved.has(t.id));
        if (open) return open;
        const [f] = (await ds.query(`SELECT status FROM risk_form WHERE id = $1`, [form.startRiskForm.id])) as {
          status: string;
        }[];
        return f?.status === 'APPROVED' && ('APPROVED' as const);
      });
      if (next === 'APPROVED') break;
      const page = await ok(
        stack.graphql<{ myTasks: { edges: { node: { id: string } }[] } }>(
          `{ myTasks(filter: { status: OPEN }) { edges { node { id } } } }`,
          {},
          tok(next.code),
        ),
      );
      const ids = page.myTasks.edges.map((e) => e.node.id);
      await ok(
        stack.graphql(
          `mutation($i: ApproveTasksInput!) { approveReviewTasks(input: $i) { ok } }`,
          { i: { taskIds: ids, opinion: '同意', idempotencyKey: `c-${i}` } },
          tok(next.code),
        ),
      );
      for (const id of ids) approved.add(id);
    }
    const ROUND = `{ correctionRound(campaignId: "${CAMPAIGN}", unitId: "s001") { status archiveVersion } }`;
    await until(
      'every revised form approved',
      async () =>
        (await ok(stack.graphql<{ correctionRound: { status: string } }>(ROUND, {}, tok('office-admin'))))
          .correctionRound.status === 'AWAITING_CONFIRMATION',
    );
    expect(
      await code(
        stack.graphql(
          `mutation { confirmCorrection(input: { campaignId: "${CAMPAIGN}", unitId: "s001", idempotencyKey: "k" }) { status } }`,
          {},
          tok('office-admin'),
        ),
      ),
    ).toBe('FORBIDDEN');
    const confirmed = await ok(
      stack.graphql<{ confirmCorrection: { status: string; archiveVersion: number } }>(
        `mutation { confirmCorrection(input: { campaignId: "${CAMPAIGN}", unitId: "s001", idempotencyKey: "confirm-1" }) { status archiveVersion } }`,
        {},
        tok('s001-0001'),
      ),
    );
    expect(confirmed.confirmCorrection).toEqual({ status: 'ARCHIVED', archiveVersion: 2 });

    // Next year: the person's form starts from the post's latest archive (version 2), revised measure included.
    await upsertCampaignProjection(ds, {
      campaignId: String(YEAR + 1),
      year: YEAR + 1,
      status: 'RUNNING',
      currentPhase: 'SCREENING',
      calendar: defaultCalendar(YEAR + 1),
      rulesVersion: 1,
      launchedBy: 'office-admin',
      revision: 1,
    });
    const next = await ok(
      stack.graphql<{ startRiskForm: { prefilledFrom: string; riskPoints: { description: string }[] } }>(
        `mutation { startRiskForm(campaignId: "${YEAR + 1}") { prefilledFrom riskPoints { description } } }`,
        {},
        tok(person),
      ),
    );
    expect(next.startRiskForm.prefilledFrom).toBe('archive:s001:v2');
    expect(next.startRiskForm.riskPoints.length).toBeGreaterThan(0);
  });

  it('R16 the review chain of the person complained against never sees who complained, even the discipline team that handles it', async () => {
    // s001-0012's form went through the chain above: discipline-1 reviewed it; the office did not.
    await ok(
      stack.graphql(FILE, {
        i: {
          unitId: 's001',
          subjectKind: 'PERSON',
          subjectCode: 's001-0012',
          text: '该教师在补课中收取费用，请核查处理',
          named: true,
          complainantName: '王五',
          contact: '13900000000',
        },
      }),
    );
    type Listed = {
      complaints: {
        subjectPersonId: string | null;
        named: boolean;
        complainantName: string | null;
        complainantContact: string | null;
      }[];
    };
    const subject = (await ds().query(`SELECT id FROM person WHERE code = 's001-0012'`))[0].id as string;
    const against = (l: Listed) => l.complaints.find((c) => c.subjectPersonId === subject && c.named)!;
    expect(against(await ok(stack.graphql<Listed>(LIST, {}, tok('discipline-1'))))).toMatchObject({
      complainantName: null,
      complainantContact: null,
    });
    expect(against(await ok(stack.graphql<Listed>(LIST, {}, tok('office-admin'))))).toMatchObject({
      complainantName: '王五',
      complainantContact: '13900000000',
    });
  });
});
