import { TestStack } from '../support/gateway';
import { campaignIdFor } from '../support/campaign';
import { TestDistrict, submitToFirstStep } from '../support/district';
import { until } from '../support/wait';

const CAMPAIGN = campaignIdFor('inbox filters');
const TASKS = `query($f: TaskFilterInput) { myTasks(filter: $f, first: 50) { totalCount openCount edges { node { formId } } } }`;

/** Issue 14: the reviewer's inbox filters by the form owner's department and by the post grade in force. */
describe('R09 R12 the inbox filters by department and grade (issue 14)', () => {
  const stack = new TestStack();
  let head: string;
  let department: string;
  let otherDepartment: string;
  let grade: string;

  const tasks = async (f: Record<string, unknown>) => {
    const res = await stack.graphql<{ myTasks: { totalCount: number; openCount: number } }>(
      TASKS,
      { f },
      stack.token(head),
    );
    return res.errors ?? res.data!.myTasks.totalCount;
  };

  beforeAll(async () => {
    await stack.start();
    const district = await TestDistrict.create(stack.db.dataSource, CAMPAIGN);
    await district.openScreening();
    // Two staff of one department (their head reviews both) and another department of the same unit.
    const [pair] = await stack.db.dataSource.query<{ dept: string; codes: string[]; other: string }[]>(
      `SELECT p.department_id AS dept, (array_agg(p.code ORDER BY p.code))[1:2] AS codes,
              (SELECT d2.id FROM department d2 WHERE d2.unit_id = d.unit_id AND d2.id <> d.id LIMIT 1) AS other
         FROM person p JOIN post po ON po.id = p.post_id JOIN department d ON d.id = p.department_id
        WHERE po.form_type = 'GENERAL_STAFF' AND p.id <> d.head_person_id
          AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id)
        GROUP BY p.department_id, d.unit_id, d.id HAVING count(*) >= 2 LIMIT 1`,
    );
    department = pair!.dept;
    otherDepartment = pair!.other;
    expect(otherDepartment).toBeTruthy();
    const token = (code: string) => stack.token(code);
    const submitted = [];
    for (const code of pair!.codes) submitted.push(await submitToFirstStep(stack, CAMPAIGN, code, token));
    head = submitted[0]!.reviewer;
    expect(submitted[1]!.reviewer).toBe(head);
    const grades: { post_grade: string }[] = await stack.db.dataSource.query(
      `SELECT DISTINCT f.post_grade FROM risk_form f JOIN review_task t ON t.form_id = f.id WHERE t.id = ANY($1::text[])`,
      [submitted.map((s) => s.taskId)],
    );
    expect(grades).toHaveLength(1);
    grade = grades[0]!.post_grade;
  });
  afterAll(() => stack.stop());

  it('counts and lists only the tasks of the department asked for, and offers the departments among the tasks', async () => {
    expect(await tasks({})).toBe(2);
    expect(await tasks({ departmentId: department })).toBe(2);
    expect(await tasks({ departmentId: otherDepartment })).toBe(0);
    const [name] = await stack.db.dataSource.query<{ name: string }[]>(`SELECT name FROM department WHERE id = $1`, [
      department,
    ]);
    // The options ignore the department chosen (else the other departments would vanish from the filter).
    const res = await stack.graphql<{ myTasks: { departments: unknown[] } }>(
      `query($f: TaskFilterInput) { myTasks(filter: $f) { departments { id name count } } }`,
      { f: { departmentId: otherDepartment } },
      stack.token(head),
    );
    expect(res.data?.myTasks.departments).toEqual([{ id: department, name: name!.name, count: 2 }]);
  });

  it('counts and lists only the tasks whose form has the grade asked for', async () => {
    expect(await tasks({ grade })).toBe(2);
    expect(await tasks({ grade: grade === 'A' ? 'C' : 'A' })).toBe(0);
  });

  it('answers a department id that is no id with a field error', async () => {
    expect(await tasks({ departmentId: 'd-1' })).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'VALIDATION_FAILED',
          fieldErrors: [
            { field: 'filter.departmentId', reason: 'must be a department id', message: '不是有效的科室编号' },
          ],
        }),
      }),
    ]);
  });
});

const UNIT_CAMPAIGN = campaignIdFor('inbox unit and due filters');
const DECIDE = `mutation($i: DecideInput!) { decideReviewTask(input: $i) { status currentStep } }`;

/**
 * Issue 14: the inbox's unit filter (单位) and its due filters (截止日期不晚于, 只看逾期), on the district discipline
 * team, whose tasks come from several units. A task is overdue when the read model's `review_task.due_at` has
 * passed: that is what the list and its counts filter on, and what the console marks 逾期.
 */
describe('R09 the inbox filters by unit, by due date and to the overdue tasks (issue 14)', () => {
  const stack = new TestStack();
  const discipline = 'discipline-1';
  /** The discipline team's task of each unit's leader's form. */
  const taskOf: Record<string, string> = {};

  const tasks = async (f: Record<string, unknown>) => {
    const res = await stack.graphql<{
      myTasks: { totalCount: number; openCount: number; edges: { node: { id: string; unitId: string } }[] };
    }>(
      `query($f: TaskFilterInput) { myTasks(filter: $f, first: 50) { totalCount openCount edges { node { id unitId } } } }`,
      { f },
      stack.token(discipline),
    );
    if (res.errors) return res.errors;
    const c = res.data!.myTasks;
    return { total: c.totalCount, open: c.openCount, ids: c.edges.map((e) => e.node.id).sort() };
  };

  beforeAll(async () => {
    await stack.start();
    const district = await TestDistrict.create(stack.db.dataSource, UNIT_CAMPAIGN);
    await district.openScreening();
    const token = (code: string) => stack.token(code);
    // A leader of each school files a leadership form (R09: the unit leading group, then the discipline team).
    for (const unit of ['s001', 's002']) {
      const [leader] = await stack.db.dataSource.query<{ code: string }[]>(
        `SELECT p.code FROM person p JOIN post po ON po.id = p.post_id
          WHERE p.unit_id = $1 AND po.form_type = 'LEADERSHIP' ORDER BY p.code LIMIT 1`,
        [unit],
      );
      const first = await submitToFirstStep(stack, UNIT_CAMPAIGN, leader!.code, token);
      const decided = await stack.graphql(
        DECIDE,
        {
          i: {
            taskId: first.taskId,
            decision: 'APPROVE',
            opinion: '同意',
            formVersion: first.formVersion,
            idempotencyKey: `approve-${unit}`,
          },
        },
        token(first.reviewer),
      );
      expect(decided.errors).toBeUndefined();
      taskOf[unit] = await until(`the discipline team's task of ${unit}`, async () => {
        const [t] = await stack.db.dataSource.query<{ id: string }[]>(
          `SELECT t.id FROM review_task t JOIN person p ON p.id = ANY(t.assignees)
            WHERE t.unit_id = $1 AND t.status = 'OPEN' AND t.role = 'DISCIPLINE_TEAM' AND p.code = $2`,
          [unit, discipline],
        );
        return t?.id;
      });
    }
  });
  afterAll(() => stack.stop());

  it('lists and counts only the tasks of the unit asked for', async () => {
    expect(await tasks({})).toEqual({ total: 2, open: 2, ids: [taskOf.s001, taskOf.s002].sort() });
    expect(await tasks({ unitId: 's001' })).toEqual({ total: 1, open: 1, ids: [taskOf.s001] });
    expect(await tasks({ unitId: 's002' })).toEqual({ total: 1, open: 1, ids: [taskOf.s002] });
    expect(await tasks({ unitId: 'bureau' })).toEqual({ total: 0, open: 0, ids: [] });
  });

  it('lists by due date: only the tasks due before the time given, and none overdue until a deadline passes', async () => {
    const due: { id: string; due_at: Date }[] = await stack.db.dataSource.query(
      `SELECT id, due_at FROM review_task WHERE id = ANY($1::text[])`,
      [[taskOf.s001, taskOf.s002]],
    );
    // A new step is due in the future (its working days' deadline): nothing is overdue yet.
    for (const t of due) expect(t.due_at.getTime()).toBeGreaterThan(Date.now());
    const now = new Date().toISOString();
    expect(await tasks({ dueBefore: now })).toEqual({ total: 0, open: 0, ids: [] });
    const latest = new Date(Math.max(...due.map((t) => t.due_at.getTime())) + 1000).toISOString();
    expect(await tasks({ dueBefore: latest })).toMatchObject({ total: 2 });

    // s001's step deadline passes (as the read model records a deadline: due_at).
    await stack.db.dataSource.query(`UPDATE review_task SET due_at = now() - interval '2 days' WHERE id = $1`, [
      taskOf.s001,
    ]);
    // 只看逾期 is "due before now": the overdue task alone, with the other filters still applied.
    expect(await tasks({ dueBefore: new Date().toISOString() })).toEqual({ total: 1, open: 1, ids: [taskOf.s001] });
    expect(await tasks({ dueBefore: new Date().toISOString(), unitId: 's002' })).toEqual({
      total: 0,
      open: 0,
      ids: [],
    });
    // 截止日期不晚于 yesterday's end: the task due two days ago, not the one due later.
    const yesterday = new Date(Date.now() - 86_400_000);
    yesterday.setHours(23, 59, 59, 999);
    expect(await tasks({ dueBefore: yesterday.toISOString() })).toEqual({ total: 1, open: 1, ids: [taskOf.s001] });
  });

  it('answers a due date that is no date with an error', async () => {
    const res = await tasks({ dueBefore: 'tomorrow' });
    expect(res).toEqual([expect.objectContaining({ message: expect.stringMatching(/dueBefore|DateTime/) })]);
  });
});
