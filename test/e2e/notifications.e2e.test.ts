import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { NotificationsService } from '../../apps/gateway/src/notifications/notifications.service';
import { campaignYear } from '../support/campaign';
import { TestStack } from '../support/gateway';
import { fileRiskForm, launchWithScreeningOpen } from '../support/screening';
import { until } from '../support/wait';

interface Pushed {
  kind: string;
  message: string;
}

describe('R09 reviewers are pushed their new tasks by subscription (graphql-ws)', () => {
  const stack = new TestStack();
  const clients: Client[] = [];
  const year = campaignYear();
  const campaignId = String(year);

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

  beforeAll(async () => {
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 40, seed: 4 }));
    await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      root,
    );
    await launchWithScreeningOpen(stack, year, ['s001'], root);
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
    // The gateway subscribes each client to its in-memory topic once the subscription is running.
    const registered = jest.spyOn(stack.app.get(NotificationsService).pubsub, 'subscribe');
    const headStream = subscribe(stack.token(head));
    const otherStream = subscribe(stack.token('s002-0001'));
    await until('both subscriptions to register with the gateway', () => registered.mock.calls.length >= 2, 10_000);

    await fileRiskForm(stack, campaignId, person, 'GENERAL_STAFF');

    await until('the department head to be pushed the new task', () => headStream.received.length > 0, 10_000);
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
    await until('the anonymous subscription to be refused', () => anonymous.errors.length > 0, 10_000);
    expect(JSON.stringify(anonymous.errors)).toContain('Sign in: send Authorization: Bearer <token>.');
  });
});
