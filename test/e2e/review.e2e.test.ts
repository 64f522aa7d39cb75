import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { campaignIdFor } from '../support/campaign';
import { TestStack } from '../support/gateway';
import { launchWithScreeningOpen } from '../support/screening';

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
  {
    description: '违规征订教辅资料',
    category: 'POST_DUTY',
    causes: ['POST_DUTY'],
    likelihood: 3,
    harm: 3,
    findingMethod: 'PUBLIC',
    direction: 'BACKWARD',
    backwardSource: 'COMPLAINTS',
    controlMeasures: '征订公示',
  },
];
const TASKS = `query($f: TaskFilterInput, $first: Int, $after: String) {
  myTasks(filter: $f, first: $first, after: $after) {
    totalCount openCount doneCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id formId ownerName step role why status revision formVersion escalated changes { field before after } } }
  } }`;
const DECIDE = `mutation($i: DecideInput!) { decideReviewTask(input: $i) { status currentStep formVersion } }`;

interface Task {
  id: string;
  formId: string;
  ownerName: string;
  step: number;
  role: string;
  why: string;
  status: string;
  revision: number;
  formVersion: number;
  changes: { field: string; before: string | null; after: string | null }[];
}
interface TaskPage {
  myTasks: {
    totalCount: number;
    openCount: number;
    doneCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: Task }[];
  };
}

describe('R09 one unit’s screening review over GraphQL, with real tokens for each role', () => {
  const stack = new TestStack();
  const campaignId = campaignIdFor();
  const tok = (code: string) => stack.token(code);
  let headOf: Record<string, string> = {};

  async function fill(code: string): Promise<number> {
    const started = await stack.graphql<{ startRiskForm: { version: number } }>(
      `mutation { startRiskForm(campaignId: "${campaignId}") { version } }`,
      {},
      tok(code),
    );
    const saved = await stack.graphql<{ saveRiskFormDraft: { version: number; submissionProblems: unknown[] } }>(
      `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version submissionProblems { field reason } } }`,
      {
        i: {
          campaignId,
          expectedVersion: started.data!.startRiskForm.version,
          position: '教师',
          controlMeasures: '遵守师德规范',
          riskPoints: POINTS,
        },
      },
      tok(code),
    );
    expect(saved.data?.saveRiskFormDraft.submissionProblems).toEqual([]);
    return saved.data!.saveRiskFormDraft.version;
  }
  const submit = (code: string, version: number) =>
    stack.graphql<{ submitRiskForm: { status: string; version: number } }>(
      `mutation($v: Int!) { submitRiskForm(campaignId: "${campaignId}", expectedVersion: $v) { status version } }`,
      { v: version },
      tok(code),
    );
  const tasks = async (code: string, vars: Record<string, unknown> = {}) =>
    (await stack.graphql<TaskPage>(TASKS, vars, tok(code))).data!.myTasks;
  const decide = (code: string, task: Task, over: Record<string, unknown> = {}) =>
    stack.graphql<{ decideReviewTask: { status: string; currentStep: number | null } }>(
      DECIDE,
      {
        i: {
          taskId: task.id,
          decision: 'APPROVE',
          opinion: '同意',
          formVersion: task.formVersion,
          idempotencyKey: `${code}-${task.id}`,
          ...over,
        },
      },
      tok(code),
    );

  beforeAll(async () => {
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 100, seed: 5 }));
    await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      root,
    );
    await launchWithScreeningOpen(stack, Number(campaignId), ['s001'], root);
    const heads: { person: string; head: string }[] = await stack.db.dataSource.query(
      `SELECT p.code AS person, h.code AS head FROM person p JOIN department d ON d.id = p.department_id JOIN person h ON h.id = d.head_person_id WHERE p.unit_id = 's001'`,
    );
    headOf = Object.fromEntries(heads.map((r) => [r.person, r.head]));
  });
  afterAll(() => stack.stop());

  it('refuses to submit an incomplete form, naming what is missing', async () => {
    const started = await stack.graphql<{ startRiskForm: { version: number } }>(
      `mutation { startRiskForm(campaignId: "${campaignId}") { version } }`,
      {},
      tok('s001-0030'),
    );
    await stack.graphql(
      `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`,
      { i: { campaignId, expectedVersion: started.data!.startRiskForm.version, riskPoints: [] } },
      tok('s001-0030'),
    );
    const res = await submit('s001-0030', started.data!.startRiskForm.version + 1);
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(res.errors?.[0]?.extensions?.fieldErrors).toContainEqual({
      field: 'riskPoints',
      reason: 'at least one risk point is required',
      message: '至少填写一个风险点',
    });
  });

  it('submitting twice starts one review; the department head finds the task in myTasks with why and what changed', async () => {
    const version = await fill('s001-0020');
    const [a, b] = await Promise.all([submit('s001-0020', version), submit('s001-0020', version)]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data?.submitRiskForm).toEqual({ status: 'SUBMITTED', version: version + 1 });
    const count: { n: number }[] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM review_task t JOIN risk_form f ON f.id = t.form_id JOIN person p ON p.id = f.person_id WHERE p.code = 's001-0020'`,
    );
    expect(count[0]!.n).toBe(1);

    const page = await tasks(headOf['s001-0020']!, { f: { status: 'OPEN' } });
    const task = page.edges.find((e) => e.node.step === 0)!.node;
    expect(task).toMatchObject({
      role: 'DEPARTMENT_HEAD',
      status: 'OPEN',
      revision: 1,
      why: '单位 s001 的科室(年级组)负责人',
    });
    // The first round: everything is new.
    expect(task.changes).toContainEqual({ field: 'riskPoints[1]', before: null, after: '违规征订教辅资料' });
  });

  it('R09 walks the chain: head → leading group → discipline team; a retry with the same key records once', async () => {
    const headTask = (await tasks(headOf['s001-0020']!, { f: { status: 'OPEN' } })).edges[0]!.node;
    const first = await decide(headOf['s001-0020']!, headTask);
    const retry = await decide(headOf['s001-0020']!, headTask);
    expect(first.data?.decideReviewTask).toEqual({
      status: 'IN_REVIEW',
      currentStep: 1,
      formVersion: expect.any(Number),
    });
    expect(retry.data).toEqual(first.data);
    expect((await tasks(headOf['s001-0020']!, { f: { status: 'DONE' } })).doneCount).toBe(1);

    const groupTask = (await tasks('s001-0001', { f: { status: 'OPEN' } })).edges.find(
      (e) => e.node.formId === headTask.formId,
    )!.node;
    expect(groupTask.role).toBe('UNIT_LEADING_GROUP');
    const wrong = await decide('s001-0021', groupTask);
    expect(wrong.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await decide('s001-0001', groupTask);
    const disciplineTask = (await tasks('discipline-1', { f: { status: 'OPEN' } })).edges.find(
      (e) => e.node.formId === headTask.formId,
    )!.node;
    const done = await decide('discipline-1', disciplineTask, { opinion: '审核通过' });
    expect(done.data?.decideReviewTask).toMatchObject({ status: 'APPROVED', currentStep: null });
    const decisions: { n: number }[] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM review_decision WHERE form_id = $1`,
      [headTask.formId],
    );
    expect(decisions[0]!.n).toBe(3);
  });

  it('a returned form comes back to the same step; the reviewer sees the field-level diff', async () => {
    const version = await fill('s001-0021');
    await submit('s001-0021', version);
    const headTask = (await tasks(headOf['s001-0021']!, { f: { status: 'OPEN' } })).edges.find(
      (e) => e.node.ownerName && e.node.step === 0 && e.node.revision === 1,
    )!.node;
    const noOpinion = await decide(headOf['s001-0021']!, headTask, { decision: 'RETURN', opinion: '' });
    expect(noOpinion.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      userMessage: '填写有误：退回时须填写意见',
      fieldErrors: [{ field: 'opinion', reason: 'is required when returning a form', message: '退回时须填写意见' }],
    });
    await decide(headOf['s001-0021']!, headTask, {
      decision: 'RETURN',
      opinion: '请补充防控措施',
      idempotencyKey: 'return-1',
    });

    const mine = await stack.graphql<{ myRiskForm: { status: string; version: number } }>(
      `{ myRiskForm(campaignId: "${campaignId}") { status version } }`,
      {},
      tok('s001-0021'),
    );
    expect(mine.data?.myRiskForm.status).toBe('RETURNED');
    const saved = await stack.graphql<{ saveRiskFormDraft: { version: number } }>(
      `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`,
      {
        i: { campaignId, expectedVersion: mine.data!.myRiskForm.version, controlMeasures: '遵守师德规范，每学期自查' },
      },
      tok('s001-0021'),
    );
    // The owner sees what they changed since the return, field by field, before resubmitting.
    const revising = await stack.graphql<{ myRiskForm: { changesSinceSubmission: unknown[] } }>(
      `{ myRiskForm(campaignId: "${campaignId}") { changesSinceSubmission { field before after } } }`,
      {},
      tok('s001-0021'),
    );
    expect(revising.data?.myRiskForm.changesSinceSubmission).toEqual([
      { field: 'controlMeasures', before: '遵守师德规范', after: '遵守师德规范，每学期自查' },
    ]);
    const resubmitted = await submit('s001-0021', saved.data!.saveRiskFormDraft.version);
    expect(resubmitted.errors).toBeUndefined();
    const again = (await tasks(headOf['s001-0021']!, { f: { status: 'OPEN' } })).edges.find(
      (e) => e.node.formId === headTask.formId,
    )!.node;
    expect(again).toMatchObject({ step: 0, revision: 2 });
    expect(again.changes).toEqual([
      { field: 'controlMeasures', before: '遵守师德规范', after: '遵守师德规范，每学期自查' },
    ]);
    const resubmittedForm = await stack.graphql<{ myRiskForm: { changesSinceSubmission: unknown[] } }>(
      `{ myRiskForm(campaignId: "${campaignId}") { changesSinceSubmission { field } } }`,
      {},
      tok('s001-0021'),
    );
    expect(resubmittedForm.data?.myRiskForm.changesSinceSubmission).toEqual([]);
  });

  /** A department head with three staff who have not filled a form yet, and one staff member of another head. */
  function crew(): { head: string; staff: string[]; other: string } {
    const used = new Set(['s001-0020', 's001-0021', 's001-0030']);
    const byHead = new Map<string, string[]>();
    for (const [person, head] of Object.entries(headOf)) {
      if (!used.has(person) && person !== head && /^s001-00[2-9]\d$/.test(person))
        byHead.set(head, [...(byHead.get(head) ?? []), person]);
    }
    const [head, staff] = [...byHead.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    const other = [...byHead.entries()].find(([h]) => h !== head)![1][0]!;
    return { head, staff: staff.sort().slice(0, 3), other };
  }

  it('pages myTasks by due date with a cursor and filters by form type', async () => {
    const { head, staff } = crew();
    for (const code of staff) await submit(code, await fill(code));
    const all = await tasks(head, { f: { status: 'OPEN' } });
    expect(all.openCount).toBeGreaterThanOrEqual(3);
    const first = await tasks(head, { f: { status: 'OPEN' }, first: 1 });
    expect(first.edges).toHaveLength(1);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await tasks(head, { f: { status: 'OPEN' }, first: 1, after: first.pageInfo.endCursor });
    expect(second.edges[0]?.node.id).toBe(all.edges[1]?.node.id);
    expect((await tasks(head, { f: { formType: 'LEADERSHIP' } })).edges).toEqual([]);
    const bad = await stack.graphql(TASKS, { after: 'not-a-cursor' }, tok(head));
    expect(bad.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'after', reason: 'is not a cursor from this list', message: '翻页位置已失效，请从第一页重新加载' },
    ]);
  });

  it('batch-approves the tasks a reviewer selects, with an outcome per task', async () => {
    const { head, other } = crew();
    await submit(other, await fill(other));
    const mine = (await tasks(head, { f: { status: 'OPEN' } })).edges.map((e) => e.node.id);
    const notMine = (await tasks(headOf[other]!, { f: { status: 'OPEN' } })).edges[0]!.node.id;
    const res = await stack.graphql<{
      approveReviewTasks: { taskId: string; ok: boolean; errorCode: string | null }[];
    }>(
      `mutation($i: ApproveTasksInput!) { approveReviewTasks(input: $i) { taskId ok errorCode message } }`,
      { i: { taskIds: [...mine.slice(0, 2), notMine, 'missing-task'], opinion: '同意', idempotencyKey: 'batch-1' } },
      tok(head),
    );
    expect(res.data!.approveReviewTasks.map((o) => [o.ok, o.errorCode])).toEqual([
      [true, null],
      [true, null],
      [false, 'FORBIDDEN'],
      [false, 'NOT_FOUND'],
    ]);
    expect((await tasks(head, { f: { status: 'OPEN' } })).openCount).toBe(mine.length - 2);
    const tooMany = await stack.graphql(
      `mutation($i: ApproveTasksInput!) { approveReviewTasks(input: $i) { ok } }`,
      { i: { taskIds: Array.from({ length: 101 }, (_, i) => `t${i}`), idempotencyKey: 'b2' } },
      tok(head),
    );
    expect(tooMany.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'taskIds', reason: 'must list 1 to 100 tasks', message: '一次须选择 1 到 100 项待办' },
    ]);
  });

  it('R09 chains are data: the office changes a form type’s chain; new submissions follow it', async () => {
    const SET = `mutation($i: ReviewChainInput!) { setReviewChain(input: $i) { formType steps stepDeadlineWorkingDays } }`;
    const chain = {
      formType: 'GENERAL_STAFF',
      steps: ['DEPARTMENT_HEAD', 'DISCIPLINE_TEAM'],
      stepDeadlineWorkingDays: 3,
      reminderWorkingDays: 1,
    };
    expect((await stack.graphql(SET, { i: chain }, tok('s001-0001'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await stack.graphql(
      SET,
      { i: { ...chain, steps: ['DEPARTMENT_HEAD', 'DEPARTMENT_HEAD'], reminderWorkingDays: 3 } },
      tok('office-admin'),
    );
    expect(bad.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'steps[1]', reason: 'repeats DEPARTMENT_HEAD', message: '与前面的步骤重复（科室(年级组)负责人）' },
      {
        field: 'reminderWorkingDays',
        reason: 'must be a whole number from 0 to one less than the step deadline',
        message: '须为 0 或更大的整数，且小于每级审核的期限',
      },
    ]);
    const ok = await stack.graphql(SET, { i: chain }, tok('office-admin'));
    expect(ok.data).toEqual({
      setReviewChain: {
        formType: 'GENERAL_STAFF',
        steps: ['DEPARTMENT_HEAD', 'DISCIPLINE_TEAM'],
        stepDeadlineWorkingDays: 3,
      },
    });
    const code = 's001-0040';
    await submit(code, await fill(code));
    const form: { id: string }[] = await stack.db.dataSource.query(
      `SELECT f.id FROM risk_form f JOIN person p ON p.id = f.person_id WHERE p.code = $1`,
      [code],
    );
    const state = await stack.graphql<{ reviewState: { steps: { role: string }[] } }>(
      `query($f: ID!) { reviewState(formId: $f) { steps { role } } }`,
      { f: form[0]!.id },
      tok('office-admin'),
    );
    expect(state.data?.reviewState.steps.map((s) => s.role)).toEqual(['DEPARTMENT_HEAD', 'DISCIPLINE_TEAM']);
  });

  it('lets only the office extend a step, and shows the live review state to the form’s reviewers', async () => {
    const { head } = crew();
    const task = (await tasks(head, { f: { status: 'OPEN' } })).edges.find((e) => e.node.step === 0)!.node;
    const EXTEND = `mutation($i: ExtendStepInput!) { extendReviewTask(input: $i) { currentStep steps { index dueAt } } }`;
    const denied = await stack.graphql(
      EXTEND,
      { i: { taskId: task.id, workingDays: 3, reason: '考试周', idempotencyKey: 'x1' } },
      tok('s001-0001'),
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const before = await stack.graphql<{ reviewState: { steps: { dueAt: string }[] } }>(
      `query($f: ID!) { reviewState(formId: $f) { status steps { dueAt } } }`,
      { f: task.formId },
      tok('office-admin'),
    );
    const ok = await stack.graphql<{ extendReviewTask: { steps: { dueAt: string }[] } }>(
      EXTEND,
      { i: { taskId: task.id, workingDays: 3, reason: '考试周', idempotencyKey: 'x1' } },
      tok('office-admin'),
    );
    expect(ok.errors).toBeUndefined();
    expect(new Date(ok.data!.extendReviewTask.steps[0]!.dueAt).getTime()).toBeGreaterThan(
      new Date(before.data!.reviewState.steps[0]!.dueAt).getTime(),
    );
    const outsider = await stack.graphql(
      `query($f: ID!) { reviewState(formId: $f) { status } }`,
      { f: task.formId },
      tok('s002-0001'),
    );
    expect(outsider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
