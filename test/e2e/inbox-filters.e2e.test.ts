import { TestStack } from '../support/gateway';
import { campaignIdFor } from '../support/campaign';
import { TestDistrict, submitToFirstStep } from '../support/district';

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
