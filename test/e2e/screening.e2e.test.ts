import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as PgClient } from 'pg';
import { Role, startOfDay } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { untilCampaignRecorded } from '../support/campaign';
import { TestStack } from '../support/gateway';
import { createTimeSkippingEnv } from '../support/stack';
import { until } from '../support/wait';

const POINTS = [
  {
    description: '在评优评先中收受家长礼品',
    category: 'IDEOLOGICAL_MORAL',
    causes: ['IDEOLOGICAL_MORAL'],
    likelihood: 2,
    harm: 2,
    findingMethod: 'SELF',
    direction: 'FORWARD',
    controlMeasures: '公开承诺',
  },
];
const LEADERSHIP_POINTS = (['MAJOR_DECISIONS', 'IMPORTANT_APPOINTMENTS', 'MAJOR_PROJECTS', 'LARGE_FUNDS'] as const).map(
  (m) => ({ ...POINTS[0], majorMatter: m }),
);
// 2027 and 2028 are this file's own: its workflows run on a time-skipping server of its own, through 2027's dates.
const UNITS = `query { campaignUnits(campaignId: "2027") { nodes { unitId screeningStage phases { phase status rung } } } }`;

interface Units {
  campaignUnits: {
    nodes: {
      unitId: string;
      screeningStage: string | null;
      phases: { phase: string; status: string; rung: string | null }[];
    }[];
  };
}

/**
 * R09 R13 R22 and the brief: one unit's screening driven completely over GraphQL with real tokens for each role,
 * the gateway and worker on Temporal's time-skipping server so that notice periods pass in moments.
 */
describe('R13 one unit’s screening over GraphQL: mobilisation, forms, review, public notice, comments, confirmation, archive', () => {
  let env: TestWorkflowEnvironment;
  let stack: TestStack;
  const tok = (code: string) => stack.token(code);
  let staff: { code: string; formType: string }[] = [];

  const sleepTo = async (date: string) => {
    const wait = startOfDay(date) + 9 * 3_600_000 - (await env.currentTimeMs());
    if (wait > 0) await env.sleep(wait);
  };
  const ok = async <T>(p: Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> => {
    const res = await p;
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const unitStage = async (): Promise<Units['campaignUnits']['nodes'][number]> =>
    (await ok(stack.graphql<Units>(UNITS, {}, tok('office-admin')))).campaignUnits.nodes[0]!;
  const waitForStage = (stage: string) =>
    until(`unit s001 to reach screening stage ${stage}`, async () => (await unitStage()).screeningStage === stage);
  /** Each open task of the reviewer, approved in one batch. */
  const approveAll = async (reviewer: string) => {
    const page = await ok(
      stack.graphql<{ myTasks: { edges: { node: { id: string } }[] } }>(
        `{ myTasks(filter: { status: OPEN }, first: 100) { edges { node { id } } } }`,
        {},
        tok(reviewer),
      ),
    );
    const ids = page.myTasks.edges.map((e) => e.node.id);
    if (!ids.length) return 0;
    const res = await ok(
      stack.graphql<{ approveReviewTasks: { ok: boolean; message: string | null }[] }>(
        `mutation($i: ApproveTasksInput!) { approveReviewTasks(input: $i) { ok message } }`,
        { i: { taskIds: ids, opinion: '同意', idempotencyKey: `${reviewer}-${Date.now()}` } },
        tok(reviewer),
      ),
    );
    expect(res.approveReviewTasks.filter((o) => !o.ok)).toEqual([]);
    return ids.length;
  };
  /** Reviewers of s001 approve until no task is left (department heads, leading group, discipline team). */
  const reviewEverything = async () => {
    const reviewers: { code: string }[] = await stack.db.dataSource.query(
      `SELECT DISTINCT p.code FROM role_assignment r JOIN person p ON p.id = r.person_id
       WHERE (r.unit_id = 's001' AND r.role IN ('DEPARTMENT_HEAD', 'SUPERVISING_LEADER', 'UNIT_LEADING_GROUP')) OR r.role = 'DISCIPLINE_TEAM' ORDER BY 1`,
    );
    for (let round = 0; round < 6; round++) {
      let approved = 0;
      for (const r of reviewers) approved += await approveAll(r.code);
      if (!approved) return;
    }
  };
  const FIELDS: Record<string, string[]> = {
    LEADERSHIP: ['position', 'postDuties'],
    MIDDLE_MANAGER: ['departmentName', 'postDuties', 'workflowDescription', 'personInCharge'],
    GENERAL_STAFF: ['position', 'postDuties', 'workflowDescription'],
  };
  const fileAndSubmit = async (code: string, formType: string, change?: string) => {
    const mine = await ok(
      stack.graphql<{ myRiskForm: { version: number } | null }>(
        `{ myRiskForm(campaignId: "2027") { version } }`,
        {},
        tok(code),
      ),
    );
    const start =
      mine.myRiskForm ??
      (
        await ok(
          stack.graphql<{ startRiskForm: { version: number } }>(
            `mutation { startRiskForm(campaignId: "2027") { version } }`,
            {},
            tok(code),
          ),
        )
      ).startRiskForm;
    const saved = await ok(
      stack.graphql<{ saveRiskFormDraft: { version: number; submissionProblems: { field: string }[] } }>(
        `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version submissionProblems { field } } }`,
        {
          i: {
            campaignId: '2027',
            expectedVersion: start.version,
            ...Object.fromEntries(FIELDS[formType]!.map((f) => [f, `${f} 已填写`])),
            controlMeasures: change ?? '遵守规定',
            riskPoints: formType === 'LEADERSHIP' ? LEADERSHIP_POINTS : POINTS,
          },
        },
        tok(code),
      ),
    );
    await ok(
      stack.graphql(
        `mutation($v: Int!) { submitRiskForm(campaignId: "2027", expectedVersion: $v) { status } }`,
        { v: saved.saveRiskFormDraft.version },
        tok(code),
      ),
    );
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    stack = new TestStack(env.address);
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 40, seed: 21 }));
    await ok(
      stack.graphql(
        `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
        { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
        root,
      ),
    );
    staff = await stack.db.dataSource.query(
      `SELECT p.code, po.form_type AS "formType" FROM person p JOIN post po ON po.id = p.post_id WHERE p.unit_id = 's001' ORDER BY p.code`,
    );
  });
  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it('the office launches the campaign and reads every unit’s progress over GraphQL', async () => {
    const launched = await ok(
      stack.graphql<{ launchCampaign: { unitCount: number; status: string } }>(
        `mutation { launchCampaign(input: { year: 2027, units: ["s001"] }) { status unitCount } }`,
        {},
        tok('office-admin'),
      ),
    );
    expect(launched.launchCampaign).toEqual({ status: 'SCHEDULED', unitCount: 1 });
    await sleepTo('2027-04-16');
    const campaign = await ok(
      stack.graphql<{ campaign: { status: string; currentPhase: string; runningUnits: number } }>(
        `{ campaign(id: "2027") { status currentPhase runningUnits } }`,
        {},
        tok('s001-0001'),
      ),
    );
    expect(campaign.campaign).toEqual({ status: 'RUNNING', currentPhase: 'MOBILISATION', runningUnits: 1 });
    expect((await unitStage()).phases[0]).toEqual({ phase: 'MOBILISATION', status: 'IN_PROGRESS', rung: null });
    const summary = await ok(
      stack.graphql<{ campaignPhaseSummary: { phase: string; inProgress: number; notStarted: number }[] }>(
        `{ campaignPhaseSummary(campaignId: "2027") { phase inProgress notStarted } }`,
        {},
        tok('office-admin'),
      ),
    );
    expect(summary.campaignPhaseSummary[0]).toEqual({ phase: 'MOBILISATION', inProgress: 1, notStarted: 0 });
  });

  it('R03–R05 the unit records its working body, plan and meeting; a teacher may not', async () => {
    const RECORD = `mutation($i: MobilisationRecordInput!) { recordMobilisation(input: $i) { mobilisationRecorded phases { phase status } } }`;
    const denied = await stack.graphql(
      RECORD,
      { i: { campaignId: '2027', unitId: 's001', idempotencyKey: 't', item: 'WORKING_BODY', evidence: 'x' } },
      tok(staff.at(-1)!.code),
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noAttendance = await stack.graphql(
      RECORD,
      {
        i: {
          campaignId: '2027',
          unitId: 's001',
          idempotencyKey: 'm0',
          item: 'MOBILISATION_MEETING',
          evidence: '动员大会',
        },
      },
      tok('s001-0001'),
    );
    expect(noAttendance.errors?.[0]?.extensions?.fieldErrors).toEqual([
      {
        field: 'attendance',
        reason: 'the meeting needs the number of people who attended (R05)',
        message: '请填写参会人数',
      },
    ]);
    await ok(
      stack.graphql(
        RECORD,
        {
          i: {
            campaignId: '2027',
            unitId: 's001',
            idempotencyKey: 'm1',
            item: 'WORKING_BODY',
            evidence: '成立领导小组，校长任组长',
          },
        },
        tok('s001-0001'),
      ),
    );
    await ok(
      stack.graphql(
        RECORD,
        {
          i: {
            campaignId: '2027',
            unitId: 's001',
            idempotencyKey: 'm2',
            item: 'IMPLEMENTATION_PLAN',
            evidence: '实施方案：目标、范围、步骤',
          },
        },
        tok('s001-0002'),
      ),
    );
    const last = await ok(
      stack.graphql<{ recordMobilisation: { phases: { status: string }[] } }>(
        RECORD,
        {
          i: {
            campaignId: '2027',
            unitId: 's001',
            idempotencyKey: 'm3',
            item: 'MOBILISATION_MEETING',
            evidence: '召开动员大会并组织学习',
            attendance: 14,
          },
        },
        tok('s001-0001'),
      ),
    );
    expect(last.recordMobilisation.phases.slice(0, 2).map((p) => p.status)).toEqual(['COMPLETE', 'IN_PROGRESS']);
  });

  it('R09 every person files and submits; the chain approves them all; the risk points go on public notice', async () => {
    for (const s of staff) await fileAndSubmit(s.code, s.formType);
    await reviewEverything();
    await waitForStage('PUBLIC_NOTICE');
    const notice = await ok(
      stack.graphql<{
        publicNotice: { unitName: string; riskPoints: { id: string; postName: string; levelLabel: string }[] };
      }>(`{ publicNotice(campaignId: "2027", unitId: "s001") { unitName riskPoints { id postName levelLabel } } }`),
    );
    expect(notice.publicNotice.riskPoints.length).toBeGreaterThanOrEqual(staff.length);
    const [unit] = await stack.db.dataSource.query(`SELECT name FROM unit WHERE id = 's001'`);
    expect(notice.publicNotice.unitName).toBe(unit.name);
  });

  it('R13 the public comments (anonymously or named); the unit dismisses one and accepts one, whose form goes back through the chain', async () => {
    const notice = await ok(
      stack.graphql<{ publicNotice: { riskPoints: { id: string }[] } }>(
        `{ publicNotice(campaignId: "2027", unitId: "s001") { riskPoints { id } } }`,
      ),
    );
    const COMMENT = `mutation($i: NoticeCommentInput!) { commentOnNotice(input: $i) { id status authorName } }`;
    const anon = await ok(
      stack.graphql<{ commentOnNotice: { id: string; authorName: string | null } }>(COMMENT, {
        i: {
          campaignId: '2027',
          unitId: 's001',
          riskPointId: notice.publicNotice.riskPoints[0]!.id,
          text: '该风险点防控措施不具体',
        },
      }),
    );
    expect(anon.commentOnNotice.authorName).toBeNull();
    const named = await ok(
      stack.graphql<{ commentOnNotice: { id: string } }>(COMMENT, {
        i: { campaignId: '2027', unitId: 's001', text: '建议增加家长监督渠道', authorName: '家长王先生' },
      }),
    );
    const bad = await stack.graphql(COMMENT, { i: { campaignId: '2027', unitId: 's001', text: ' ' } });
    expect(bad.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'text', reason: 'must be 1 to 2000 characters', message: '请填写意见，不超过 2000 个字' },
    ]);
    expect(
      (
        await stack.graphql(
          `{ noticeComments(campaignId: "2027", unitId: "s001") { id } }`,
          {},
          tok(staff.at(-1)!.code),
        )
      ).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');

    const CONFIRM = `mutation { confirmRiskArchive(input: { campaignId: "2027", unitId: "s001", idempotencyKey: "c0" }) { screeningStage } }`;
    expect((await stack.graphql(CONFIRM, {}, tok('s001-0001'))).errors?.[0]?.extensions?.code).toBe('CONFLICT'); // the notice is still open

    const ANSWER = `mutation($i: AnswerCommentInput!) { answerNoticeComment(input: $i) { status answer } }`;
    const noReason = await stack.graphql(
      ANSWER,
      { i: { commentId: named.commentOnNotice.id, accept: false, answer: '' } },
      tok('s001-0001'),
    );
    expect(noReason.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'answer', reason: 'a dismissal needs its reason', message: '不予采纳时须说明理由' },
    ]);
    await ok(
      stack.graphql(
        ANSWER,
        { i: { commentId: named.commentOnNotice.id, accept: false, answer: '已有家长委员会监督渠道' } },
        tok('s001-0001'),
      ),
    );
    await ok(
      stack.graphql(
        ANSWER,
        { i: { commentId: anon.commentOnNotice.id, accept: true, answer: '采纳，责成修改' } },
        tok('s001-0001'),
      ),
    );
    const again = await stack.graphql(
      ANSWER,
      { i: { commentId: anon.commentOnNotice.id, accept: false, answer: 'x' } },
      tok('s001-0001'),
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // The accepted comment's form is back with its owner; the unit is back to collecting approved forms.
    const returned = await until('the accepted comment’s form back with its owner', async () => {
      const rows: { code: string }[] = await stack.db.dataSource.query(
        `SELECT p.code FROM risk_form f JOIN person p ON p.id = f.person_id WHERE f.status = 'RETURNED'`,
      );
      return rows.length > 0 && rows;
    });
    expect(returned).toHaveLength(1);
    await waitForStage('FORMS');
    const owner = staff.find((s) => s.code === returned[0]!.code)!;
    await fileAndSubmit(owner.code, owner.formType, '细化防控措施：评优结果公示三天');
    await reviewEverything();
    await waitForStage('PUBLIC_NOTICE');
  });

  it('R13 after the notice period the principal (only) confirms, which creates the risk archive and completes screening', async () => {
    await sleepTo('2027-05-20');
    await waitForStage('AWAITING_CONFIRMATION');
    const CONFIRM = (key: string) =>
      `mutation { confirmRiskArchive(input: { campaignId: "2027", unitId: "s001", idempotencyKey: "${key}" }) { screeningStage archiveVersion phases { phase status } } }`;
    expect((await stack.graphql(CONFIRM('v'), {}, tok('s001-0002'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const done = await ok(
      stack.graphql<{
        confirmRiskArchive: { screeningStage: string; archiveVersion: number; phases: { status: string }[] };
      }>(CONFIRM('c1'), {}, tok('s001-0001')),
    );
    expect(done.confirmRiskArchive).toMatchObject({ screeningStage: 'ARCHIVED', archiveVersion: 1 });
    expect(done.confirmRiskArchive.phases[1]!.status).toBe('COMPLETE');
    const archive: { n: number; forms: number }[] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n, max(jsonb_array_length(content->'forms'))::int AS forms FROM risk_archive WHERE unit_id = 's001'`,
    );
    expect(archive[0]).toEqual({ n: 1, forms: staff.length });
    // The archive is immutable: a correction makes a new version, never an edit.
    await expect(
      stack.db.dataSource.query(`UPDATE risk_archive SET confirmed_by = 'someone' WHERE unit_id = 's001'`),
    ).rejects.toThrow(/immutable/);
    await expect(stack.db.dataSource.query(`DELETE FROM risk_archive WHERE unit_id = 's001'`)).rejects.toThrow(
      /immutable/,
    );
  });

  it('R20 R21 the next year’s campaign prefills each person’s form from the risk archive the principal confirmed', async () => {
    await ok(
      stack.graphql(
        `mutation { launchCampaign(input: { year: 2028, units: ["s001"] }) { id } }`,
        {},
        tok('office-admin'),
      ),
    );
    await untilCampaignRecorded(stack.db.dataSource, '2028');
    const teacher = staff.find((s) => s.formType === 'GENERAL_STAFF')!.code;
    const START = `mutation { startRiskForm(campaignId: "2028") { prefilledFrom riskPoints { description controlMeasures } } }`;
    const started = await ok(
      stack.graphql<{ startRiskForm: { prefilledFrom: string | null } }>(START, {}, tok(teacher)),
    );
    expect(started.startRiskForm).toEqual({
      prefilledFrom: 'archive:s001:v1',
      riskPoints: [{ description: POINTS[0]!.description, controlMeasures: POINTS[0]!.controlMeasures }],
    });
  });

  it('R22 the office orders one person to redo screening: their form reopens with the order’s reason', async () => {
    const target = staff.at(-1)!.code;
    const denied = await stack.graphql(
      `mutation { orderRedo(input: { campaignId: "2027", unitId: "s001", personCode: "${target}", reason: "查找不到位" }) }`,
      {},
      tok('s001-0001'),
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const n = await ok(
      stack.graphql<{ orderRedo: number }>(
        `mutation { orderRedo(input: { campaignId: "2027", unitId: "s001", personCode: "${target}", reason: "查找不到位" }) }`,
        {},
        tok('office-admin'),
      ),
    );
    expect(n.orderRedo).toBe(1);
    await until(`${target}'s form reopened`, async () => {
      const mine = await ok(
        stack.graphql<{ myRiskForm: { status: string } }>(
          `{ myRiskForm(campaignId: "2027") { status } }`,
          {},
          tok(target),
        ),
      );
      return mine.myRiskForm.status === 'RETURNED';
    });
  });

  it('dashboards: risk distribution, posts by grade, reviewer turnaround and escalations from the read model', async () => {
    const Q = `{ campaignDashboard(campaignId: "2027") { riskDistribution { unitId category level count } gradeDistribution { grade count }
      formsByStatus { unitId status count } reviewerTurnaround { role step open done medianHours p90Hours } escalationCounts { phase rung count } } }`;
    expect((await stack.graphql(Q, {}, tok('s001-0001'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const d = (
      await ok(
        stack.graphql<{
          campaignDashboard: {
            riskDistribution: { count: number }[];
            gradeDistribution: { count: number }[];
            formsByStatus: { status: string; count: number }[];
            reviewerTurnaround: { role: string; step: number; done: number; medianHours: number | null }[];
            escalationCounts: unknown[];
          };
        }>(Q, {}, tok('office-admin')),
      )
    ).campaignDashboard;
    const [{ points }] = (await stack.db.dataSource.query(
      `SELECT count(*)::int AS points FROM risk_point p JOIN risk_form f ON f.id = p.form_id WHERE f.campaign_id = '2027' AND f.status <> 'DRAFT'`,
    )) as [{ points: number }];
    expect(d.riskDistribution.reduce((n, r) => n + r.count, 0)).toBe(points);
    expect(d.gradeDistribution.reduce((n, r) => n + r.count, 0)).toBe(staff.length);
    expect(d.formsByStatus.reduce((n, r) => n + r.count, 0)).toBe(staff.length);
    // Every form's last step is the discipline team's (step 1 for leadership forms, 2 for the others).
    const last = d.reviewerTurnaround.filter((r) => r.role === 'DISCIPLINE_TEAM');
    expect(last.reduce((n, r) => n + r.done, 0)).toBeGreaterThanOrEqual(staff.length);
    expect(last.every((r) => r.medianHours !== null)).toBe(true);
    expect(d.escalationCounts).toEqual([]);
  });

  it('audit trail (protecting R09–R23): every change left one audit record, hash-chained; auditors verify the chain and a tampered row is found', async () => {
    const TRAIL = `query($c: String!) { auditTrail(chain: $c, first: 500) { seq action actor target hash } }`;
    expect((await stack.graphql(TRAIL, { c: '2027' }, tok(staff.at(-1)!.code))).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const trail = await ok(
      stack.graphql<{ auditTrail: { seq: string; action: string }[] }>(TRAIL, { c: '2027' }, tok('discipline-1')),
    );
    const actions = new Set(trail.auditTrail.map((r) => r.action));
    for (const a of [
      'CAMPAIGN_LAUNCH',
      'MOBILISATION_WORKING_BODY',
      'DRAFT_SAVE',
      'SUBMISSION',
      'DECISION_APPROVE',
      'NOTICE_COMMENT_DISMISSED',
      'NOTICE_COMMENT_ACCEPTED',
      'FORM_REOPENED',
      'ARCHIVE_CONFIRMED',
      'PHASE_COMPLETE_SCREENING',
    ]) {
      expect(actions).toContain(a);
    }
    const district = await ok(
      stack.graphql<{ auditTrail: { action: string }[] }>(TRAIL, { c: 'district' }, tok('office-admin')),
    );
    expect(district.auditTrail.map((r) => r.action)).toContain('ROSTER_IMPORT');

    const VERIFY = `query($c: String!) { verifyAuditChain(chain: $c) { records intact brokenAt reason } }`;
    const intact = await ok(
      stack.graphql<{ verifyAuditChain: { records: number; intact: boolean } }>(
        VERIFY,
        { c: '2027' },
        tok('office-admin'),
      ),
    );
    expect(intact.verifyAuditChain).toMatchObject({ intact: true, records: trail.auditTrail.length });

    // The table is insert-only; only the schema's owner (not the service's role) could disable the trigger.
    await expect(stack.db.dataSource.query(`UPDATE audit_record SET actor = 'x' WHERE chain = '2027'`)).rejects.toThrow(
      /immutable/,
    );
    const victim = trail.auditTrail[5]!.seq;
    const owner = new PgClient({ connectionString: stack.db.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`ALTER TABLE audit_record DISABLE TRIGGER trg_audit_record_insert_only`);
      await owner.query(`UPDATE audit_record SET actor = 'someone-else' WHERE seq = $1`, [victim]);
      await owner.query(`ALTER TABLE audit_record ENABLE TRIGGER trg_audit_record_insert_only`);
    } finally {
      await owner.end();
    }
    const broken = await ok(
      stack.graphql<{ verifyAuditChain: { intact: boolean; brokenAt: string; reason: string } }>(
        VERIFY,
        { c: '2027' },
        tok('office-admin'),
      ),
    );
    expect(broken.verifyAuditChain).toEqual({
      records: trail.auditTrail.length,
      intact: false,
      brokenAt: victim,
      reason: 'its content does not match its hash',
    });
  });
});
