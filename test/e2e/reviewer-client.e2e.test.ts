import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { TokenSessions } from '../../apps/gateway/src/access-tokens/token-sessions';
import { main, type Io } from '../../examples/reviewer-client/src/cli';
import { campaignYear } from '../support/campaign';
import { submitToFirstStep } from '../support/district';
import { TestStack } from '../support/gateway';
import { launchWithScreeningOpen } from '../support/screening';
import { until } from '../support/wait';

const YEAR = campaignYear('reviewer client');
const CAMPAIGN = String(YEAR);

/** What one run of the CLI printed, and its exit code. */
interface Run {
  code: number;
  out: string[];
  err: string[];
}

/**
 * Issue 20 point 4, R09: the example reviewer client (examples/reviewer-client: @urql/core + graphql-ws, typed by
 * codegen from schema.gql) against the real gateway, worker, Temporal and PostgreSQL, with a real personal
 * access token: it follows a new task live, lists it, shows it, approves one and returns another.
 */
describe('issue 20 R09: a reviewer decides tasks end to end with the example client', () => {
  const stack = new TestStack();
  let office: string;

  const run = (argv: string[], token: string): { done: Promise<Run>; out: string[] } => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { PIRM_TOKEN: token, PIRM_URL: stack.url },
    };
    return { out, done: main(argv, io).then((code) => ({ code, out, err })) };
  };
  const cli = (argv: string[], token: string) => run(argv, token).done;
  const tokenFor = async (code: string, scope: 'READ' | 'REVIEW'): Promise<string> => {
    const res = await stack.graphql<{ createAccessToken: { secret: string } }>(
      `mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { secret } }`,
      { i: { name: '审核客户端', scope } },
      stack.token(code),
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createAccessToken.secret;
  };

  beforeAll(async () => {
    await stack.start();
    const root = await stack.person('client-root', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 2, people: 40, seed: 4 }));
    const imported = await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      root,
    );
    expect(imported.errors).toBeUndefined();
    office = stack.token('office-admin');
    await launchWithScreeningOpen(stack, YEAR, ['s001'], office);
  });
  afterAll(() => stack.stop());

  it('R09 issue 20: follows a new task live, lists it, shows it and approves it; a READ token may not', async () => {
    // Whose first step a staff form of s001 goes to: the head of the owner's department.
    const [{ owner, head }] = (await stack.db.dataSource.query(
      `SELECT p.code AS owner, h.code AS head FROM person p JOIN department d ON d.id = p.department_id
         JOIN person h ON h.id = d.head_person_id JOIN post po ON po.id = p.post_id
        WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF' AND p.id <> h.id ORDER BY p.code LIMIT 1`,
    )) as [{ owner: string; head: string }];
    const review = await tokenFor(head, 'REVIEW');

    // `watch` first: the subscription runs under the token before the form is submitted.
    const sessions = stack.app.get(TokenSessions);
    const before = sessions.watched;
    const watching = run(['watch', '--count', '1', '--json'], review);
    await until('the client to be subscribed', () => sessions.watched > before, 10_000);
    const task = await submitToFirstStep(stack, CAMPAIGN, owner, (c) => stack.token(c));
    expect(task.reviewer).toBe(head);
    const watched = await watching.done;
    expect(watched.code).toBe(0);
    expect(JSON.parse(watched.out[0]!)).toMatchObject({
      kind: 'TASK',
      message: expect.stringMatching(/^新的审查任务/),
    });

    const listed = await cli(['tasks', '--json'], review);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out[0]!) as { id: string }[]).map((t) => t.id)).toContain(task.taskId);
    const text = await cli(['tasks'], review);
    expect(text.out.join('\n')).toMatch(
      new RegExp(`${task.taskId}.*一般工作人员及教职工.*第 1 级：科室\\(年级组\\)负责人`),
    );

    const shown = await cli(['show', task.taskId], review);
    expect(shown.code).toBe(0);
    expect(shown.out.join('\n')).toMatch(/风险点1：.*防控措施：/);

    // A READ token reads, but its approval is refused with the gateway's code, in Chinese.
    const read = await tokenFor(head, 'READ');
    const refused = await cli(['approve', task.taskId], read);
    expect(refused).toMatchObject({ code: 1, err: [expect.stringMatching(/^错误（FORBIDDEN）：无权执行此操作/)] });

    const approved = await cli(['approve', task.taskId, '--opinion', '同意，防控措施具体可行'], review);
    expect(approved).toMatchObject({ code: 0, err: [] });
    expect(approved.out[0]).toMatch(/^已通过：/);
    // The form's status in the words of the schema's labels, which the client generates: the next step reviews it.
    expect(approved.out[1]).toBe('表单状态：审查中');
    const [decision] = (await stack.db.dataSource.query(
      `SELECT d.decision, d.opinion, p.code FROM review_decision d JOIN person p ON p.id = d.decided_by
        JOIN review_task t ON t.form_id = d.form_id WHERE t.id = $1`,
      [task.taskId],
    )) as [{ decision: string; opinion: string; code: string }];
    expect(decision).toEqual({ decision: 'APPROVE', opinion: '同意，防控措施具体可行', code: head });
    const after = await cli(['tasks', '--json'], review);
    expect((JSON.parse(after.out[0]!) as { id: string }[]).map((t) => t.id)).not.toContain(task.taskId);
  });

  it('R09 issue 20: returns a task with an opinion; a return without one is refused before any call', async () => {
    const [{ owner }] = (await stack.db.dataSource.query(
      `SELECT p.code AS owner FROM person p JOIN department d ON d.id = p.department_id JOIN post po ON po.id = p.post_id
        WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF' AND p.id <> d.head_person_id
        ORDER BY p.code OFFSET 1 LIMIT 1`,
    )) as [{ owner: string }];
    const task = await submitToFirstStep(stack, CAMPAIGN, owner, (c) => stack.token(c));
    const review = await tokenFor(task.reviewer, 'REVIEW');
    expect(await cli(['return', task.taskId], review)).toMatchObject({ code: 2 });
    const returned = await cli(['return', task.taskId, '--opinion', '风险点查找不全，请补充', '--json'], review);
    expect(returned.code).toBe(0);
    expect(JSON.parse(returned.out[0]!)).toMatchObject({ taskId: task.taskId, decision: 'RETURN', status: 'RETURNED' });
    const [form] = (await stack.db.dataSource.query(
      `SELECT f.status FROM risk_form f JOIN review_task t ON t.form_id = f.id WHERE t.id = $1`,
      [task.taskId],
    )) as [{ status: string }];
    expect(form.status).toBe('RETURNED');
  });
});
