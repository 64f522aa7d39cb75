import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { TestStack } from '../support/gateway';
import { launchWithScreeningOpen } from '../support/screening';

interface Pushed {
  kind: string;
  message: string;
}

describe('R09 reviewers are pushed their new tasks by subscription (graphql-ws)', () => {
  const stack = new TestStack();
  const clients: Client[] = [];

  const subscribe = (token: string | undefined) => {
    const client = createClient({
      url: stack.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
    });
    clients.push(client);
    const received: Pushed[] = [];
    const errors: unknown[] = [];
    client.subscribe<{ notificationAdded: Pushed }>(
      { query: 'subscription { notificationAdded { kind message } }' },
      {
        next: (r) => (r.data ? received.push(r.data.notificationAdded) : errors.push(r.errors)),
        error: (e) => errors.push(e),
        complete: () => undefined,
      },
    );
    return { received, errors };
  };
  const eventually = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  };

  beforeAll(async () => {
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 40, seed: 4 }));
    await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      root,
    );
    await launchWithScreeningOpen(stack, 2088, ['s001'], root);
  });
  afterAll(async () => {
    for (const c of clients) void c.dispose();
    await stack.stop();
  });

  it('pushes a TASK to the department head when a form is submitted, and nothing to others', async () => {
    const [{ person, head }] = (await stack.db.dataSource.query(
      `SELECT p.code AS person, h.code AS head FROM person p JOIN department d ON d.id = p.department_id JOIN person h ON h.id = d.head_person_id
       JOIN post po ON po.id = p.post_id WHERE p.unit_id = 's001' AND po.form_type = 'GENERAL_STAFF' ORDER BY p.code LIMIT 1`,
    )) as [{ person: string; head: string }];
    const headStream = subscribe(stack.token(head));
    const otherStream = subscribe(stack.token('s002-0001'));
    await new Promise((r) => setTimeout(r, 300)); // let both subscriptions register

    const t = stack.token(person);
    const started = await stack.graphql<{ startRiskForm: { version: number } }>(
      `mutation { startRiskForm(campaignId: "2088") { version } }`,
      {},
      t,
    );
    const saved = await stack.graphql<{ saveRiskFormDraft: { version: number } }>(
      `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`,
      {
        i: {
          campaignId: '2088',
          expectedVersion: started.data!.startRiskForm.version,
          position: '教师',
          postDuties: '教学',
          workflowDescription: '备课→上课',
          controlMeasures: '遵守规定',
          riskPoints: [
            {
              description: '有偿家教',
              category: 'IDEOLOGICAL_MORAL',
              causes: ['IDEOLOGICAL_MORAL'],
              likelihood: 2,
              harm: 2,
              findingMethod: 'SELF',
              direction: 'FORWARD',
              controlMeasures: '签订承诺书',
            },
          ],
        },
      },
      t,
    );
    const submitted = await stack.graphql(
      `mutation($v: Int!) { submitRiskForm(campaignId: "2088", expectedVersion: $v) { status } }`,
      { v: saved.data!.saveRiskFormDraft.version },
      t,
    );
    expect(submitted.errors).toBeUndefined();

    await eventually(() => headStream.received.length > 0);
    expect(headStream.received[0]).toMatchObject({ kind: 'TASK' });
    expect(headStream.received[0]!.message).toMatch(/^新的审查任务：科室\(年级组\)负责人/);
    expect(otherStream.received).toEqual([]);
    const listed = await stack.graphql<{ myNotifications: Pushed[] }>(
      `{ myNotifications { kind } }`,
      {},
      stack.token(head),
    );
    expect(listed.data?.myNotifications).toEqual([{ kind: 'TASK' }]);
  });

  it('refuses a subscription without a valid token', async () => {
    const anonymous = subscribe(undefined);
    await eventually(() => anonymous.errors.length > 0);
    expect(JSON.stringify(anonymous.errors)).toContain('Sign in: send Authorization: Bearer <token>.');
  });
});
