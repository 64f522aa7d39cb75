import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { ReviewService } from '../../apps/gateway/src/review/review.service';
import { campaignYear } from '../support/campaign';
import { TestStack } from '../support/gateway';
import { launchWithScreeningOpen } from '../support/screening';
import { until, within } from '../support/wait';

const POINT = {
  description: '有偿家教',
  category: 'IDEOLOGICAL_MORAL',
  causes: ['IDEOLOGICAL_MORAL'],
  likelihood: 2,
  harm: 2,
  findingMethod: 'SELF',
  direction: 'FORWARD',
  controlMeasures: '签订承诺书',
};

/** Issue 8 faults 5 and 6: duplicates and races resolve to one outcome; no worker means a clear, bounded error. */
describe('R09 under contention and without a worker', () => {
  const stack = new TestStack();
  const tok = (code: string) => stack.token(code);
  const year = campaignYear();
  const campaignId = String(year);
  let staffCode: string;
  let unitId: string;

  async function fill(code: string): Promise<number> {
    const started = await stack.graphql<{ startRiskForm: { version: number } }>(
      `mutation($c: ID!) { startRiskForm(campaignId: $c) { version } }`,
      { c: campaignId },
      tok(code),
    );
    const saved = await stack.graphql<{ saveRiskFormDraft: { version: number } }>(
      `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`,
      {
        i: {
          campaignId,
          expectedVersion: started.data!.startRiskForm.version,
          position: '教师',
          postDuties: '教学',
          workflowDescription: '备课→上课',
          controlMeasures: '遵守规定',
          riskPoints: [POINT],
        },
      },
      tok(code),
    );
    return saved.data!.saveRiskFormDraft.version;
  }
  const submit = (code: string, v: number) =>
    stack.graphql(
      `mutation($c: ID!, $v: Int!) { submitRiskForm(campaignId: $c, expectedVersion: $v) { status } }`,
      { c: campaignId, v },
      tok(code),
    );

  beforeAll(async () => {
    await stack.start({ TEMPORAL_RPC_TIMEOUT_MS: '4000' });
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 60, seed: 8 }));
    await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      root,
    );
    await launchWithScreeningOpen(stack, year, ['s001', 's002'], root);
    const [row] = (await stack.db.dataSource.query(
      `SELECT p.code, p.unit_id FROM person p JOIN post po ON po.id = p.post_id WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF' ORDER BY p.code LIMIT 1`,
    )) as [{ code: string; unit_id: string }];
    staffCode = row.code;
    unitId = row.unit_id;
  });
  afterAll(() => stack.stop());

  it('50 identical submissions in parallel make one form in review and one workflow', async () => {
    const version = await fill(staffCode);
    const results = await Promise.all(Array.from({ length: 50 }, () => submit(staffCode, version)));
    expect(results.filter((r) => !r.errors)).not.toHaveLength(0);
    expect(
      results
        .flatMap((r) => r.errors ?? [])
        .map((e) => e.extensions?.code)
        .filter((c) => c !== 'CONFLICT'),
    ).toEqual([]);
    const forms: { n: number }[] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM risk_form f JOIN person p ON p.id = f.person_id WHERE p.code = $1 AND f.status = 'SUBMITTED'`,
      [staffCode],
    );
    const tasks: { n: number }[] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM review_task t JOIN risk_form f ON f.id = t.form_id JOIN person p ON p.id = f.person_id WHERE p.code = $1`,
      [staffCode],
    );
    expect([forms[0]!.n, tasks[0]!.n]).toEqual([1, 1]);
  });

  it('20 reviewers approving one task at once: one decision, the rest a typed CONFLICT', async () => {
    // A new form, and twenty holders of its first step's role for its department.
    const [{ code: author, department_id }] = (await stack.db.dataSource.query(
      `SELECT p.code, p.department_id FROM person p JOIN post po ON po.id = p.post_id
       WHERE p.unit_id = $1 AND po.form_type = 'GENERAL_STAFF' AND p.code <> $2 ORDER BY p.code LIMIT 1`,
      [unitId, staffCode],
    )) as [{ code: string; department_id: string }];
    const others: { id: string; code: string }[] = await stack.db.dataSource.query(
      `SELECT id, code FROM person WHERE unit_id = $1 AND code NOT IN ($2, $3) ORDER BY code LIMIT 20`,
      [unitId, staffCode, author],
    );
    for (const o of others) {
      await stack.db.dataSource.query(
        `INSERT INTO role_assignment (person_id, role, unit_id, department_id) VALUES ($1, 'DEPARTMENT_HEAD', $2, $3)`,
        [o.id, unitId, department_id],
      );
    }
    await submit(author, await fill(author));
    const [task] = (await stack.db.dataSource.query(
      `SELECT t.id, f.version FROM review_task t JOIN risk_form f ON f.id = t.form_id JOIN person p ON p.id = f.person_id WHERE p.code = $1 AND t.status = 'OPEN'`,
      [author],
    )) as [{ id: string; version: number }];
    const reviewers = others;
    const results = await Promise.all(
      reviewers.map((r) =>
        stack.graphql(
          `mutation($i: DecideInput!) { decideReviewTask(input: $i) { status currentStep } }`,
          {
            i: {
              taskId: task.id,
              decision: 'APPROVE',
              opinion: '同意',
              formVersion: task.version,
              idempotencyKey: `race-${r.code}`,
            },
          },
          tok(r.code),
        ),
      ),
    );
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(new Set(codes.filter((c) => c !== 'OK'))).toEqual(new Set(['CONFLICT']));
    const decisions: { n: number }[] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM review_decision d JOIN review_task t ON t.form_id = d.form_id WHERE t.id = $1 AND d.step = 0`,
      [task.id],
    );
    expect(decisions[0]!.n).toBe(1);
  });

  it('a decision while no worker runs fails within the deadline with a clear error; the retry afterwards succeeds once', async () => {
    const author = (await stack.db.dataSource.query(
      `SELECT p.code FROM person p JOIN post po ON po.id = p.post_id WHERE p.unit_id = 's002' AND po.form_type = 'GENERAL_STAFF' ORDER BY p.code LIMIT 1`,
    )) as [{ code: string }];
    await submit(author[0].code, await fill(author[0].code));
    const [task] = (await stack.db.dataSource.query(
      `SELECT t.id, f.version, h.code AS head FROM review_task t JOIN risk_form f ON f.id = t.form_id JOIN person p ON p.id = f.person_id
       JOIN department d ON d.id = p.department_id JOIN person h ON h.id = d.head_person_id WHERE p.code = $1`,
      [author[0].code],
    )) as [{ id: string; version: number; head: string }];
    const decide = () =>
      stack.graphql<{ decideReviewTask: { currentStep: number } }>(
        `mutation($i: DecideInput!) { decideReviewTask(input: $i) { currentStep } }`,
        {
          i: {
            taskId: task.id,
            decision: 'APPROVE',
            opinion: '同意',
            formVersion: task.version,
            idempotencyKey: 'no-worker',
          },
        },
        tok(task.head),
      );
    await stack.stopWorker();
    const started = Date.now();
    const failed = await decide();
    const took = Date.now() - started;
    await stack.startWorker();
    expect(failed.errors?.[0]?.extensions?.code).toBe('DEADLINE_EXCEEDED');
    expect(failed.errors?.[0]?.message).toMatch(/did not answer within 4000 ms/);
    expect(took).toBeLessThan(8_000);
    const retried = await decide();
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.decideReviewTask.currentStep).toBe(1);
    const decisions: { n: number }[] = await stack.db.dataSource.query(
      `SELECT count(*)::int AS n FROM review_decision d JOIN review_task t ON t.form_id = d.form_id WHERE t.id = $1`,
      [task.id],
    );
    expect(decisions[0]!.n).toBe(1);
  });

  it('a reply lost with the gateway (client gone, gateway restarted): the retry with the same key gives exactly one decision', async () => {
    const author = (await stack.db.dataSource.query(
      `SELECT p.code FROM person p JOIN post po ON po.id = p.post_id WHERE p.unit_id = 's002' AND po.form_type = 'GENERAL_STAFF' ORDER BY p.code OFFSET 1 LIMIT 1`,
    )) as [{ code: string }];
    await submit(author[0].code, await fill(author[0].code));
    const [task] = (await stack.db.dataSource.query(
      `SELECT t.id, f.version, h.code AS head FROM review_task t JOIN risk_form f ON f.id = t.form_id JOIN person p ON p.id = f.person_id
       JOIN department d ON d.id = p.department_id JOIN person h ON h.id = d.head_person_id WHERE p.code = $1`,
      [author[0].code],
    )) as [{ id: string; version: number; head: string }];
    const body = JSON.stringify({
      query: `mutation($i: DecideInput!) { decideReviewTask(input: $i) { currentStep formVersion } }`,
      variables: {
        i: {
          taskId: task.id,
          decision: 'APPROVE',
          opinion: '同意',
          formVersion: task.version,
          idempotencyKey: 'lost-reply',
        },
      },
    });
    // The client sends the decision and gives up before any reply (as soon as the gateway has taken it up);
    // then the gateway goes down and comes back.
    const reviews = stack.app.get(ReviewService);
    const decideOnce = reviews.decide.bind(reviews);
    let takenUp!: () => void;
    const received = new Promise<void>((r) => (takenUp = r));
    const spy = jest.spyOn(reviews, 'decide').mockImplementation((...args) => {
      takenUp();
      return decideOnce(...args);
    });
    const abort = new AbortController();
    const first = fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tok(task.head)}` },
      body,
      signal: abort.signal,
    }).catch(() => 'aborted');
    await within('the gateway to take up the decision', received, 10_000);
    abort.abort();
    spy.mockRestore();
    expect(await first).toBe('aborted');
    const count = async () =>
      (
        (await stack.db.dataSource.query(
          `SELECT count(*)::int AS n FROM review_decision d JOIN review_task t ON t.form_id = d.form_id WHERE t.id = $1`,
          [task.id],
        )) as { n: number }[]
      )[0]!.n;
    await until('the abandoned decision to be recorded', async () => (await count()) > 0, 10_000);
    expect(await count()).toBe(1); // the decision was accepted and recorded although nobody got the reply
    await stack.restartGateway();
    const retried = await stack.graphql<{ decideReviewTask: { currentStep: number } }>(
      JSON.parse(body).query,
      JSON.parse(body).variables,
      tok(task.head),
    );
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.decideReviewTask.currentStep).toBe(1);
    expect(await count()).toBe(1);
  });
});
