import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { campaignYear } from '../support/campaign';
import { TestStack } from '../support/gateway';
import { launchWithScreeningOpen } from '../support/screening';
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
const FIELDS: Record<string, string[]> = {
  LEADERSHIP: ['position', 'postDuties'],
  MIDDLE_MANAGER: ['departmentName', 'postDuties', 'workflowDescription', 'personInCharge'],
  GENERAL_STAFF: ['position', 'postDuties', 'workflowDescription'],
};
const TASKS = `query($f: TaskFilterInput) { myTasks(filter: $f, first: 100) {
  edges { node { id formId step role why status revision formVersion returnOpinion changes { field before after } } } } }`;
const DECIDE = `mutation($i: DecideInput!) { decideReviewTask(input: $i) { status currentStep formVersion } }`;
const MINE = (c: string) =>
  `{ myRiskForm(campaignId: "${c}") { id status version postGrade gradeExplanation gradeOverride { grade reason role setByName computedGrade computedExplanation } } }`;

interface Task {
  id: string;
  formId: string;
  step: number;
  role: string;
  why: string;
  status: string;
  revision: number;
  formVersion: number;
  returnOpinion: string | null;
  changes: { field: string; before: string | null; after: string | null }[];
}
interface MyForm {
  id: string;
  status: string;
  version: number;
  postGrade: string | null;
  gradeExplanation: string | null;
  gradeOverride: {
    grade: string;
    reason: string;
    role: string;
    setByName: string;
    computedGrade: string;
    computedExplanation: string;
  } | null;
}

/** R09 R12 R13 R22: the defects of the review chain found driving a whole campaign (issue 12, points 1–5), over GraphQL. */
describe('R09 R12 the review chain: returns, grade overrides, separation of duties, roster changes, the screening window (issue 12)', () => {
  const stack = new TestStack();
  const YEAR = campaignYear();
  const campaignId = String(YEAR);
  const tok = (code: string) => stack.token(code);
  let csvRows: string[][] = [];
  let removedHead = '';
  /** GENERAL_STAFF people of s001 holding no role, with their department head, not yet used by a test. */
  let staff: { code: string; head: string }[] = [];
  const take = (): { code: string; head: string } => staff.shift()!;

  const ok = async <T>(p: Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> => {
    const res = await p;
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const mine = async (code: string, c = campaignId) =>
    (await ok(stack.graphql<{ myRiskForm: MyForm }>(MINE(c), {}, tok(code)))).myRiskForm;
  async function fill(
    code: string,
    formType = 'GENERAL_STAFF',
    c = campaignId,
    controlMeasures = '遵守规定',
  ): Promise<number> {
    const current = (
      await ok(
        stack.graphql<{ myRiskForm: { version: number } | null }>(
          `{ myRiskForm(campaignId: "${c}") { version } }`,
          {},
          tok(code),
        ),
      )
    ).myRiskForm;
    const start =
      current ??
      (
        await ok(
          stack.graphql<{ startRiskForm: { version: number } }>(
            `mutation { startRiskForm(campaignId: "${c}") { version } }`,
            {},
            tok(code),
          ),
        )
      ).startRiskForm;
    const saved = await ok(
      stack.graphql<{ saveRiskFormDraft: { version: number } }>(
        `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`,
        {
          i: {
            campaignId: c,
            expectedVersion: start.version,
            ...Object.fromEntries(FIELDS[formType]!.map((f) => [f, `${f} 已填写`])),
            controlMeasures,
            riskPoints: POINTS,
          },
        },
        tok(code),
      ),
    );
    return saved.saveRiskFormDraft.version;
  }
  const submit = (code: string, version: number, c = campaignId) =>
    stack.graphql<{ submitRiskForm: { status: string } }>(
      `mutation($v: Int!) { submitRiskForm(campaignId: "${c}", expectedVersion: $v) { status } }`,
      { v: version },
      tok(code),
    );
  const openTasks = async (code: string): Promise<Task[]> =>
    (
      await ok(stack.graphql<{ myTasks: { edges: { node: Task }[] } }>(TASKS, { f: { status: 'OPEN' } }, tok(code)))
    ).myTasks.edges.map((e) => e.node);
  /** The reviewer's open task on the form, once it is there. */
  const taskOf = (code: string, formId: string, step: number) =>
    until(`an open step-${step} task of ${formId} for ${code}`, async () =>
      (await openTasks(code)).find((t) => t.formId === formId && t.step === step),
    );
  const decide = (code: string, task: Task, over: Record<string, unknown> = {}) =>
    stack.graphql<{ decideReviewTask: { status: string; currentStep: number | null } }>(
      DECIDE,
      {
        i: {
          taskId: task.id,
          decision: 'APPROVE',
          opinion: '同意',
          formVersion: task.formVersion,
          idempotencyKey: `${code}-${task.id}-${task.revision}`.replace(/[^\w.:-]/g, '_'),
          ...over,
        },
      },
      tok(code),
    );
  /** Who decides each step of a GENERAL_STAFF form of s001: its department head, the leading group's head, the discipline team. */
  const reviewers = (owner: { head: string }) => [owner.head, 's001-0001', 'discipline-1'];

  beforeAll(async () => {
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    csvRows = generateDistrictRows({ units: 2, people: 90, seed: 12 });
    await ok(
      stack.graphql(
        `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
        { i: { format: 'CSV', contentBase64: Buffer.from(toCsv(csvRows)).toString('base64') } },
        root,
      ),
    );
    await launchWithScreeningOpen(stack, YEAR, ['s001'], tok('office-admin'));
    staff = await stack.db.dataSource.query(
      `SELECT p.code, h.code AS head FROM person p JOIN post po ON po.id = p.post_id JOIN department d ON d.id = p.department_id JOIN person h ON h.id = d.head_person_id
       WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF' AND p.id <> h.id AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id)
       ORDER BY p.code`,
    );
  });
  afterAll(() => stack.stop());

  it('R09 issue 12.1: every RETURN target on a three-step chain gets a decidable task (with the opinion and the diff) in the right inbox, and the chain goes on to approval', async () => {
    const combos: { from: number; to: number | null }[] = [
      { from: 1, to: null },
      { from: 1, to: 0 },
      { from: 2, to: null },
      { from: 2, to: 0 },
      { from: 2, to: 1 },
    ];
    expect(staff.length).toBeGreaterThanOrEqual(combos.length + 4);
    for (const { from, to } of combos) {
      const owner = take();
      const who = reviewers(owner);
      await ok(submit(owner.code, await fill(owner.code)));
      const formId = (await mine(owner.code)).id;
      for (let step = 0; step < from; step++) await ok(decide(who[step]!, await taskOf(who[step]!, formId, step)));
      const opinion = `第${from}级退回至${to ?? '填表人'}：请补充防控措施`;
      const returned = await ok(
        decide(who[from]!, await taskOf(who[from]!, formId, from), { decision: 'RETURN', opinion, returnTo: to }),
      );

      let resumeAt: number;
      if (to === null) {
        expect(returned.decideReviewTask).toEqual({
          status: 'RETURNED',
          currentStep: null,
          formVersion: expect.any(Number),
        });
        expect((await mine(owner.code)).status).toBe('RETURNED');
        await ok(submit(owner.code, await fill(owner.code, 'GENERAL_STAFF', campaignId, '遵守规定，每月自查')));
        resumeAt = from;
      } else {
        expect(returned.decideReviewTask).toMatchObject({ status: 'IN_REVIEW', currentStep: to });
        resumeAt = to;
      }
      // The target's task is open in its reviewer's inbox, with the opinion that sent the form back and the diff.
      const back = await taskOf(who[resumeAt]!, formId, resumeAt);
      expect(back).toMatchObject({ status: 'OPEN', revision: to === null ? 2 : 1, returnOpinion: opinion });
      if (to === null)
        expect(back.changes).toEqual([{ field: 'controlMeasures', before: '遵守规定', after: '遵守规定，每月自查' }]);
      else expect(back.changes.length).toBeGreaterThan(0);
      // The read model agrees: one open task for the form, at the target step.
      const open: { step: number }[] = await stack.db.dataSource.query(
        `SELECT step FROM review_task WHERE form_id = $1 AND status = 'OPEN'`,
        [formId],
      );
      expect(open).toEqual([{ step: resumeAt }]);
      // And the chain goes on from there to approval.
      let last = { status: '', currentStep: null as number | null };
      for (let step = resumeAt; step < 3; step++)
        last = (await ok(decide(who[step]!, await taskOf(who[step]!, formId, step)))).decideReviewTask;
      expect(last).toMatchObject({ status: 'APPROVED', currentStep: null });
      expect((await mine(owner.code)).status).toBe('APPROVED');
    }
  });

  it('R12 issue 12.2: a grade override stands through the next level’s plain approval until a later reviewer overrides it with their own reason', async () => {
    const owner = take();
    const who = reviewers(owner);
    await ok(submit(owner.code, await fill(owner.code)));
    const formId = (await mine(owner.code)).id;
    await ok(
      decide(who[0]!, await taskOf(who[0]!, formId, 0), {
        gradeChange: { grade: 'A', reason: '负责招生录取，权力集中' },
      }),
    );
    await ok(decide(who[1]!, await taskOf(who[1]!, formId, 1)));
    const afterPlain = await mine(owner.code);
    expect(afterPlain.postGrade).toBe('A');
    expect(afterPlain.gradeExplanation).toContain('负责招生录取，权力集中');
    expect(afterPlain.gradeOverride).toMatchObject({
      grade: 'A',
      reason: '负责招生录取，权力集中',
      role: 'DEPARTMENT_HEAD',
      computedGrade: expect.stringMatching(/^[ABC]$/),
    });
    expect(afterPlain.gradeOverride!.setByName.length).toBeGreaterThan(0);
    expect(afterPlain.gradeOverride!.computedExplanation).toMatch(/→ [ABC]/);

    // Through a return to the owner and their revision, too.
    await ok(
      decide(who[2]!, await taskOf(who[2]!, formId, 2), {
        decision: 'RETURN',
        opinion: '请补充防控措施',
        returnTo: null,
      }),
    );
    const revised = await fill(owner.code, 'GENERAL_STAFF', campaignId, '遵守规定，每月自查');
    expect(await mine(owner.code)).toMatchObject({
      status: 'RETURNED',
      postGrade: 'A',
      gradeOverride: { grade: 'A', reason: '负责招生录取，权力集中' },
    });
    await ok(submit(owner.code, revised));
    await ok(
      decide(who[2]!, await taskOf(who[2]!, formId, 2), { gradeChange: { grade: 'B', reason: '已有有效防控措施' } }),
    );
    const final = await mine(owner.code);
    expect(final).toMatchObject({
      status: 'APPROVED',
      postGrade: 'B',
      gradeOverride: { grade: 'B', reason: '已有有效防控措施', role: 'DISCIPLINE_TEAM' },
    });
    expect(final.gradeExplanation).toContain('已有有效防控措施');
  });

  it('R09 issue 12.3: a person holding two roles decides at most one step of a form; the next step goes to the role’s other holders', async () => {
    // A middle manager whose supervising leader also sits in the unit leading group.
    const [pick] = (await stack.db.dataSource.query(
      `SELECT p.code AS owner, l.code AS leader FROM person p JOIN post po ON po.id = p.post_id
       JOIN role_assignment s ON s.role = 'SUPERVISING_LEADER' AND s.unit_id = p.unit_id AND s.department_id = p.department_id
       JOIN person l ON l.id = s.person_id
       JOIN role_assignment g ON g.person_id = l.id AND g.role = 'UNIT_LEADING_GROUP' AND g.unit_id = p.unit_id
       WHERE p.unit_id = 's001' AND po.form_type = 'MIDDLE_MANAGER' AND p.id <> l.id ORDER BY p.code LIMIT 1`,
    )) as { owner: string; leader: string }[];
    expect(pick).toBeDefined();
    const { owner, leader } = pick!;
    await ok(submit(owner, await fill(owner, 'MIDDLE_MANAGER')));
    const formId = (await mine(owner)).id;
    await ok(decide(leader, await taskOf(leader, formId, 0)));
    const groupTask = await taskOf('s001-0001', formId, 1);
    expect(groupTask.role).toBe('UNIT_LEADING_GROUP');
    expect((await openTasks(leader)).some((t) => t.formId === formId)).toBe(false);
    const second = await decide(leader, groupTask);
    expect(second.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const assignees: { assignees: string[] }[] = await stack.db.dataSource.query(
      `SELECT assignees FROM review_task WHERE id = $1`,
      [groupTask.id],
    );
    const leaderId: { id: string }[] = await stack.db.dataSource.query(`SELECT id FROM person WHERE code = $1`, [
      leader,
    ]);
    expect(assignees[0]!.assignees).not.toContain(leaderId[0]!.id);
    expect((await decide('s001-0001', groupTask)).data?.decideReviewTask).toMatchObject({
      status: 'IN_REVIEW',
      currentStep: 2,
    });
  });

  it('R13 R22 issue 12.5: a form is submitted only while its unit’s screening is open; the error names the phase and what is missing; the draft saves', async () => {
    const other = campaignYear();
    const launched = await stack.graphql(
      `mutation { launchCampaign(input: { year: ${other}, units: ["s001"] }) { id } }`,
      {},
      tok('office-admin'),
    );
    expect(launched.errors).toBeUndefined();
    // The launch answers before the workflows write the read model; a form can start only once the unit is there.
    await until(
      'the unit’s campaign in the read model',
      async () =>
        (
          (await stack.db.dataSource.query(`SELECT 1 FROM unit_campaign WHERE campaign_id = $1 AND unit_id = 's001'`, [
            String(other),
          ])) as unknown[]
        ).length > 0,
    );
    const owner = staff[0]!;
    const version = await fill(owner.code, 'GENERAL_STAFF', String(other));
    const refused = await submit(owner.code, version, String(other));
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toMatch(/SCREENING/);
    expect(refused.errors?.[0]?.message).toMatch(/WORKING_BODY, IMPLEMENTATION_PLAN, MOBILISATION_MEETING/);
    expect((await mine(owner.code, String(other))).status).toBe('DRAFT');
    const tasks: unknown[] = await stack.db.dataSource.query(
      `SELECT 1 FROM review_task t JOIN risk_form f ON f.id = t.form_id WHERE f.campaign_id = $1`,
      [String(other)],
    );
    expect(tasks).toEqual([]);
  });

  it('R09 issue 12.4: a re-import that takes a department head’s role away moves their open task to the current holders and refuses their decision', async () => {
    const owner = take();
    await ok(submit(owner.code, await fill(owner.code)));
    const formId = (await mine(owner.code)).id;
    const task = await taskOf(owner.head, formId, 0);
    // The same roster, the head no longer holding 科室(年级组)负责人.
    const header = csvRows[0]!;
    const [codeCol, roleCol] = [header.indexOf('工号'), header.indexOf('角色')];
    const changed = csvRows.map((r, i) =>
      i > 0 && r[codeCol] === owner.head ? r.map((v, j) => (j === roleCol ? '' : v)) : r,
    );
    [csvRows, removedHead] = [changed, owner.head];
    const imported = await ok(
      stack.graphql<{ importRoster: { roleChanges: number } }>(
        `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
        { i: { format: 'CSV', contentBase64: Buffer.from(toCsv(changed)).toString('base64') } },
        tok('office-admin'),
      ),
    );
    expect(imported.importRoster.roleChanges).toBeGreaterThan(0);
    const refused = await decide(owner.head, task);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await until(
      'the task to leave the former head’s inbox',
      async () => !(await openTasks(owner.head)).some((t) => t.formId === formId),
    );
    const moved = await taskOf('s001-0001', formId, 0);
    expect(moved.why).toMatch(/（名册变更后重新分派）$/);
    expect((await decide('s001-0001', moved)).data?.decideReviewTask).toMatchObject({
      status: 'IN_REVIEW',
      currentStep: 1,
    });
  });

  it('R09 issue 12.4: the gateway checks a decision against the roster as it is now, even before the workflow hears of the change', async () => {
    const owner = staff.splice(
      staff.findIndex((s) => s.head !== removedHead),
      1,
    )[0]!;
    await ok(submit(owner.code, await fill(owner.code)));
    const formId = (await mine(owner.code)).id;
    const task = await taskOf(owner.head, formId, 0);
    // Without a worker the review workflow cannot act on the change (nor on a decision): only the gateway can refuse.
    await stack.stopWorker();
    try {
      const header = csvRows[0]!;
      const [codeCol, roleCol, coverCol] = [header.indexOf('工号'), header.indexOf('角色'), header.indexOf('覆盖单位')];
      // Still a reviewer, but of another unit only: nothing that reaches this form.
      const changed = csvRows.map((r, i) =>
        i > 0 && r[codeCol] === owner.head
          ? r.map((v, j) => (j === roleCol ? '派驻纪检组、监察室' : j === coverCol ? 'bureau' : v))
          : r,
      );
      await ok(
        stack.graphql(
          `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
          { i: { format: 'CSV', contentBase64: Buffer.from(toCsv(changed)).toString('base64') } },
          tok('office-admin'),
        ),
      );
      const refused = await decide(owner.head, task);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await stack.startWorker();
    }
    await until(
      'the task to leave the former head’s inbox',
      async () => !(await openTasks(owner.head)).some((t) => t.formId === formId),
    );
  });
});
