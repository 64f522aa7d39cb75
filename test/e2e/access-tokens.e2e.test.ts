import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ROLE_SETS, Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { newAccessTokenSecret } from '../../apps/gateway/src/access-tokens/secret';
import { TokenSessions } from '../../apps/gateway/src/access-tokens/token-sessions';
import { campaignYear } from '../support/campaign';
import { submitToFirstStep } from '../support/district';
import { TestStack, type GraphQLResponse } from '../support/gateway';
import { startService } from '../support/processes';
import { launchWithScreeningOpen } from '../support/screening';
import { until } from '../support/wait';
import { wsClient, wsOnce, type WsAnswer } from '../support/ws';

const YEAR = campaignYear('access tokens');
const CAMPAIGN = String(YEAR);
const CREATE = `mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { secret token { id name scope status expiresAt } } }`;
const REVOKE = `mutation($id: ID!) { revokeAccessToken(id: $id) { id status revokedAt } }`;
const DECIDE = `mutation($i: DecideInput!) { decideReviewTask(input: $i) { formVersion } }`;
const APPROVE = `mutation($i: ApproveTasksInput!) { approveReviewTasks(input: $i) { taskId ok errorCode } }`;
const RATE_LIMIT = 40;

interface Created {
  secret: string;
  id: string;
}

/**
 * Issue 20 point 2, R09: personal access tokens against the real gateway, worker, Temporal and PostgreSQL. Each
 * test names the check it proves; removing that check makes it fail (tried for each while writing them).
 */
describe('issue 20 R09: personal access tokens', () => {
  const stack = new TestStack();
  const clients: Client[] = [];
  let office: string;
  /** s001's first form in review, its task and the reviewer it waits for. */
  let task: { taskId: string; reviewer: string; formVersion: number };
  /** A form of s002 (another unit than the reviewer's). */
  let otherUnitFormId: string;
  /** People of s002 and s003 (none of the office), one for each test that needs a person of its own. */
  let spare: string[] = [];
  const nextPerson = (): string => {
    const code = spare.shift();
    if (!code) throw new Error('no spare person left');
    return code;
  };

  const create = async (jwt: string, name: string, scope: 'READ' | 'REVIEW', days?: number): Promise<Created> => {
    const res = await stack.graphql<{ createAccessToken: { secret: string; token: { id: string } } }>(
      CREATE,
      { i: { name, scope, expiresInDays: days ?? null } },
      jwt,
    );
    if (!res.data?.createAccessToken) throw new Error(JSON.stringify(res.errors));
    return { secret: res.data.createAccessToken.secret, id: res.data.createAccessToken.token.id };
  };
  const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code ?? 'OK';

  beforeAll(async () => {
    await stack.start({ AUTH_PAT_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });
    const root = await stack.person('pat-root', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 40, seed: 4 }));
    const imported = await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      root,
    );
    expect(imported.errors).toBeUndefined();
    office = stack.token('office-admin');
    await launchWithScreeningOpen(stack, YEAR, ['s001', 's002'], office);
    task = await submitToFirstStep(stack, CAMPAIGN, 's001-0011', (c) => stack.token(c));
    const other = await submitToFirstStep(stack, CAMPAIGN, 's002-0011', (c) => stack.token(c));
    [{ id: otherUnitFormId }] = (await stack.db.dataSource.query(
      `SELECT form_id AS id FROM review_task WHERE id = $1`,
      [other.taskId],
    )) as [{ id: string }];
    spare = (
      (await stack.db.dataSource.query(
        `SELECT code FROM person WHERE unit_id IN ('s002', 's003') AND code <> 's002-0011' ORDER BY code`,
      )) as { code: string }[]
    ).map((r) => r.code);
  });
  afterAll(async () => {
    for (const c of clients) void c.dispose();
    await stack.stop();
  });

  it('issue 20: a READ token reads my tasks but deciding one is FORBIDDEN, and nothing is recorded', async () => {
    const read = await create(stack.token(task.reviewer), '只读脚本', 'READ');
    const tasks = await stack.graphql<{ myTasks: { edges: { node: { id: string } }[] } }>(
      '{ myTasks { edges { node { id } } } }',
      {},
      read.secret,
    );
    expect(tasks.data?.myTasks.edges.map((e) => e.node.id)).toContain(task.taskId);
    const decided = await stack.graphql(
      DECIDE,
      {
        i: {
          taskId: task.taskId,
          decision: 'APPROVE',
          opinion: '同意',
          formVersion: task.formVersion,
          idempotencyKey: 'pat-read',
        },
      },
      read.secret,
    );
    expect(codeOf(decided)).toBe('FORBIDDEN');
    const open = await stack.db.dataSource.query(`SELECT status FROM review_task WHERE id = $1`, [task.taskId]);
    expect(open).toEqual([{ status: 'OPEN' }]);
  });

  it('issue 20: a REVIEW token of the office administrator cannot launch a campaign (the office’s own operation)', async () => {
    const review = await create(office, '审核客户端', 'REVIEW');
    const year = campaignYear('access tokens: launch probe');
    const launch = `mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }`;
    const refused = await stack.graphql(launch, { i: { year } }, review.secret);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(await stack.db.dataSource.query(`SELECT id FROM campaign WHERE id = $1`, [String(year)])).toEqual([]);
  });

  it('issue 20: a REVIEW token reads its own task’s form, and another unit’s form (which exists) is FORBIDDEN', async () => {
    const review = await create(stack.token(task.reviewer), '审核客户端', 'REVIEW');
    const [{ formId }] = (await stack.db.dataSource.query(`SELECT form_id AS "formId" FROM review_task WHERE id = $1`, [
      task.taskId,
    ])) as [{ formId: string }];
    const read = (id: string) => stack.graphql('query($f: ID!) { riskForm(id: $f) { id } }', { f: id }, review.secret);
    expect(codeOf(await read(formId))).toBe('OK');
    expect(await stack.db.dataSource.query(`SELECT 1 AS n FROM risk_form WHERE id = $1`, [otherUnitFormId])).toEqual([
      { n: 1 },
    ]);
    expect(codeOf(await read(otherUnitFormId))).toBe('FORBIDDEN');
  });

  it('issue 20: revoked, expired and unknown tokens are refused alike (same status, code and message)', async () => {
    const me = nextPerson();
    const jwt = stack.token(me);
    const revoked = await create(jwt, '已撤销', 'READ');
    const expired = await create(jwt, '已过期', 'READ');
    const ok = await create(jwt, '正常', 'READ');
    expect(codeOf(await stack.graphql(REVOKE, { id: revoked.id }, jwt))).toBe('OK');
    // Expiry is days away at the shortest: the row is moved into the past, as time would.
    await stack.db.dataSource.query(`UPDATE access_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      expired.id,
    ]);
    const answer = async (secret: string) => {
      const res = await stack.graphql('{ me { code } }', {}, secret);
      return { status: res.status, code: codeOf(res), message: res.errors?.[0]?.message, data: res.data ?? null };
    };
    const unknown = newAccessTokenSecret();
    const [a, b, c] = [await answer(revoked.secret), await answer(expired.secret), await answer(unknown)];
    expect(a).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect([b, c]).toEqual([a, a]);
    expect(await answer(`${ok.secret.slice(0, -1)}x`)).toEqual(a);
    expect(await answer(ok.secret)).toMatchObject({ code: 'OK', data: { me: { code: me } } });
    const listed = await stack.graphql<{ accessTokens: { id: string; status: string }[] }>(
      '{ accessTokens { id status } }',
      {},
      jwt,
    );
    expect(listed.data?.accessTokens).toEqual(
      expect.arrayContaining([
        { id: revoked.id, status: 'REVOKED' },
        { id: expired.id, status: 'EXPIRED' },
        { id: ok.id, status: 'ACTIVE' },
      ]),
    );
  });

  it('issue 20: a token never grants more than its person holds now: a leaver’s token stops at once', async () => {
    const leaver = nextPerson();
    const t = await create(stack.token(leaver), '离职前', 'READ');
    expect(codeOf(await stack.graphql('{ me { code } }', {}, t.secret))).toBe('OK');
    await stack.db.dataSource.query(`UPDATE person SET left_at = now() WHERE code = $1`, [leaver]);
    expect(codeOf(await stack.graphql('{ me { code } }', {}, t.secret))).toBe('UNAUTHENTICATED');
  });

  it('issue 20: only the owner or the office revokes a token; the office revokes anyone’s', async () => {
    const t = await create(stack.token(nextPerson()), '他人', 'READ');
    expect(codeOf(await stack.graphql(REVOKE, { id: t.id }, stack.token(nextPerson())))).toBe('FORBIDDEN');
    expect(codeOf(await stack.graphql('{ me { code } }', {}, t.secret))).toBe('OK');
    const res = await stack.graphql<{ revokeAccessToken: { status: string } }>(REVOKE, { id: t.id }, office);
    expect(res.data?.revokeAccessToken.status).toBe('REVOKED');
    expect(codeOf(await stack.graphql('{ me { code } }', {}, t.secret))).toBe('UNAUTHENTICATED');
  });

  it('issue 20: rate limits count per token: one token over its limit is refused (429), another token is not', async () => {
    const jwt = stack.token(nextPerson());
    const busy = await create(jwt, '繁忙', 'READ');
    const calm = await create(jwt, '空闲', 'READ');
    let refused: GraphQLResponse | undefined;
    // At most two windows' worth: a window that turns over mid-way resets the count once.
    for (let i = 0; i < 2 * RATE_LIMIT + 1 && !refused; i++) {
      const res = await stack.graphql('{ me { code } }', {}, busy.secret);
      if (res.errors) refused = res;
    }
    expect(refused).toMatchObject({ status: 429, errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
    expect(codeOf(await stack.graphql('{ me { code } }', {}, calm.secret))).toBe('OK');
  });

  it('issue 20: creation, revocation and the first use (once) are in the audit chain', async () => {
    const actor = nextPerson();
    const jwt = stack.token(actor);
    const t = await create(jwt, '审计', 'READ');
    await stack.graphql('{ me { code } }', {}, t.secret);
    await stack.graphql('{ me { code } }', {}, t.secret);
    await stack.graphql(REVOKE, { id: t.id }, jwt);
    const trail = await stack.graphql<{ auditTrail: { action: string; actor: string; target: string }[] }>(
      `{ auditTrail(chain: "district", first: 500) { action actor target } }`,
      {},
      office,
    );
    expect(trail.data?.auditTrail.filter((r) => r.target === `access-token:${t.id}`)).toEqual([
      { action: 'ACCESS_TOKEN_CREATE', actor, target: `access-token:${t.id}` },
      { action: 'ACCESS_TOKEN_FIRST_USE', actor, target: `access-token:${t.id}` },
      { action: 'ACCESS_TOKEN_REVOKE', actor, target: `access-token:${t.id}` },
    ]);
    const verified = await stack.graphql<{ verifyAuditChain: { intact: boolean } }>(
      `{ verifyAuditChain(chain: "district") { intact } }`,
      {},
      office,
    );
    expect(verified.data?.verifyAuditChain.intact).toBe(true);
  });

  it('issue 20: a graphql-ws subscription with a token is closed (4403) when the token is revoked', async () => {
    const jwt = stack.token(task.reviewer);
    const t = await create(jwt, '实时', 'READ');
    const sessions = stack.app.get(TokenSessions);
    const before = sessions.watched;
    const closed: number[] = [];
    const client = createClient({
      url: stack.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${t.secret}` },
      retryAttempts: 0,
      on: { closed: (e) => closed.push((e as { code: number }).code) },
    });
    clients.push(client);
    const errors: unknown[] = [];
    client.subscribe(
      { query: 'subscription { notificationAdded { kind } }' },
      { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined },
    );
    await until('the subscription to run under the token', () => sessions.watched > before, 10_000);
    const started = Date.now();
    expect(codeOf(await stack.graphql(REVOKE, { id: t.id }, jwt))).toBe('OK');
    // The revocation's NOTIFY closes it at once; the 30 s sweep is only the fallback.
    await until('the socket to be closed', () => closed.length > 0, 5_000);
    expect(closed).toEqual([4403]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(errors).toHaveLength(1);
  });

  it('issue 20: a REVIEW token decides my task end to end; the decision is mine (R09)', async () => {
    const review = await create(stack.token(task.reviewer), '审核', 'REVIEW');
    const res = await stack.graphql<{ decideReviewTask: { formVersion: number } }>(
      DECIDE,
      {
        i: {
          taskId: task.taskId,
          decision: 'APPROVE',
          opinion: '同意，措施具体可行',
          formVersion: task.formVersion,
          idempotencyKey: 'pat-review',
        },
      },
      review.secret,
    );
    expect(res.errors).toBeUndefined();
    const [decision] = (await stack.db.dataSource.query(
      `SELECT p.code FROM review_decision d JOIN person p ON p.id = d.decided_by WHERE d.form_id = (SELECT form_id FROM review_task WHERE id = $1)`,
      [task.taskId],
    )) as [{ code: string }];
    expect(decision.code).toBe(task.reviewer);
  });

  it('issue 20: the secret appears in no log line, no table column and no later answer', async () => {
    const person = nextPerson();
    const jwt = stack.token(person);
    // A gateway process of its own at the most verbose level, on this file's database and worker.
    const gateway = await startService({
      script: join(__dirname, '../support/gateway-process.cjs'),
      env: { LOG_LEVEL: 'trace', PORT: '0' },
      ready: /gateway listening on /,
    });
    const url = /gateway listening on (\S+)/.exec(gateway.output())![1]!;
    const post = async (query: string, variables: Record<string, unknown>, bearer?: string) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return res.text();
    };
    let secret = '';
    const answers: string[] = [];
    try {
      const created = await post(CREATE, { i: { name: '泄露检查', scope: 'REVIEW' } }, jwt);
      secret = (JSON.parse(created) as { data: { createAccessToken: { secret: string } } }).data.createAccessToken
        .secret;
      answers.push(
        await post('{ me { code } accessTokens { id name scope createdAt lastUsedAt expiresAt } }', {}, secret),
      );
      answers.push(await post('mutation { launchCampaign(input: { year: 2099 }) { id } }', {}, secret));
      answers.push(await post('{ accessTokens { id name scope status } }', {}, jwt));
      answers.push(await post(`{ auditTrail(chain: "district", first: 500) { actor action target } }`, {}, office));
    } finally {
      await gateway.kill('SIGTERM');
    }
    const random = secret.slice('pirm_pat_'.length);
    expect(random).toHaveLength(43);
    expect(answers.join('\n')).toContain(person);
    expect(gateway.output()).toContain(`"caller":"${person}"`);
    for (const text of [...answers, gateway.output()]) {
      expect(text).not.toContain(random);
      expect(text).not.toContain(random.slice(0, 16));
    }
    // Every column of every table, as text.
    const tables = (await stack.db.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as {
      tablename: string;
    }[];
    const leaks: string[] = [];
    for (const { tablename } of tables) {
      const rows = (await stack.db.dataSource.query(
        `SELECT count(*)::int AS n FROM "${tablename}" t WHERE strpos(t::text, $1) > 0 OR strpos(t::text, $2) > 0`,
        [random, random.slice(0, 16)],
      )) as [{ n: number }];
      if (rows[0].n) leaks.push(tablename);
    }
    expect(tables.length).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });

  /** An open subscription under `secret`, with the close codes its socket got. */
  const subscribed = async (secret: string) => {
    const sessions = stack.app.get(TokenSessions);
    const before = sessions.watched;
    const closed: number[] = [];
    const client = createClient({
      url: stack.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${secret}` },
      retryAttempts: 0,
      on: { closed: (e) => closed.push((e as { code: number }).code) },
    });
    clients.push(client);
    client.subscribe(
      { query: 'subscription { notificationAdded { kind } }' },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    await until('the subscription to run under the token', () => sessions.watched > before, 10_000);
    return { sessions, closed };
  };
  const taskStatus = async (taskId: string) =>
    (
      (await stack.db.dataSource.query(`SELECT status FROM review_task WHERE id = $1`, [taskId])) as {
        status: string;
      }[]
    )[0]?.status;

  it('issue 20: a graphql-ws subscription with a token is closed (4403) at its expiry, by the sweep', async () => {
    const t = await create(stack.token(nextPerson()), '到期', 'READ');
    const { sessions, closed } = await subscribed(t.secret);
    // A sweep while the token works leaves the subscription open.
    await sessions.sweep();
    expect(closed).toEqual([]);
    // Expiry is days away at the shortest: the row is moved into the past, as time would, and the sweep (every
    // 30 s in the gateway) is run at once instead of waited for.
    await stack.db.dataSource.query(`UPDATE access_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      t.id,
    ]);
    await sessions.sweep();
    await until('the socket to be closed', () => closed.length > 0, 5_000);
    expect(closed).toEqual([4403]);
    // Connecting again with it is refused.
    const again = wsClient(stack.url, `Bearer ${t.secret}`);
    clients.push(again);
    expect((await wsOnce(again, '{ me { code } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('issue 20 audit: operations over graphql-ws count against the token’s rate limit, shared with HTTP', async () => {
    const jwt = stack.token(nextPerson());
    const busy = await create(jwt, '实时繁忙', 'READ');
    const calm = await create(jwt, '实时空闲', 'READ');
    const client = wsClient(stack.url, `Bearer ${busy.secret}`);
    clients.push(client);
    let refused: WsAnswer | undefined;
    let ran = 0;
    // At most two windows' worth: a window that turns over mid-way resets the count once.
    for (let i = 0; i < 2 * RATE_LIMIT + 1 && !refused; i++) {
      const a = await wsOnce(client, '{ me { code } }');
      if (a.errors) refused = a;
      else ran++;
    }
    expect(ran).toBeGreaterThanOrEqual(RATE_LIMIT);
    expect(refused?.errors).toMatchObject([{ extensions: { code: 'RATE_LIMITED' } }]);
    expect(refused?.data).toBeUndefined();
    // One bucket per token, whatever carries the request: a subscription over the socket and HTTP are refused too.
    expect((await wsOnce(client, 'subscription { notificationAdded { kind } }')).errors).toMatchObject([
      { extensions: { code: 'RATE_LIMITED' } },
    ]);
    expect(await stack.graphql('{ me { code } }', {}, busy.secret)).toMatchObject({
      status: 429,
      errors: [{ extensions: { code: 'RATE_LIMITED' } }],
    });
    const other = wsClient(stack.url, `Bearer ${calm.secret}`);
    clients.push(other);
    expect((await wsOnce(other, '{ me { code } }')).data).toBeDefined();
  });

  it('issue 20: a REVIEW token stops deciding when its person loses the reviewer role on the roster (still employed)', async () => {
    const t = await submitToFirstStep(stack, CAMPAIGN, 's001-0012', (c) => stack.token(c));
    const review = await create(stack.token(t.reviewer), '审核角色', 'REVIEW');
    const decide = (key: string) =>
      stack.graphql(
        DECIDE,
        {
          i: {
            taskId: t.taskId,
            decision: 'APPROVE',
            opinion: '同意',
            formVersion: t.formVersion,
            idempotencyKey: key,
          },
        },
        review.secret,
      );
    const ds = stack.db.dataSource;
    const grants = (await ds.query(
      `SELECT r.person_id, r.role, r.unit_id, r.department_id FROM role_assignment r JOIN person p ON p.id = r.person_id
        WHERE p.code = $1 AND r.role = ANY($2::text[])`,
      [t.reviewer, ROLE_SETS.reviewers],
    )) as { person_id: string; role: string; unit_id: string | null; department_id: string | null }[];
    expect(grants.length).toBeGreaterThan(0);
    expect(codeOf(await stack.graphql('{ me { code } }', {}, review.secret))).toBe('OK');
    // The roster takes the reviewer role away (as an import's grants do), the person stays employed. The review's
    // reassignment that follows an import is left out: the step is still theirs, only the role is gone.
    await ds.query(`DELETE FROM role_assignment WHERE person_id = $1 AND role = ANY($2::text[])`, [
      grants[0]!.person_id,
      ROLE_SETS.reviewers,
    ]);
    // Still employed: the token still signs in, and reads.
    expect(codeOf(await stack.graphql('{ me { code } }', {}, review.secret))).toBe('OK');
    expect(codeOf(await decide('pat-role-lost'))).toBe('FORBIDDEN');
    expect(await taskStatus(t.taskId)).toBe('OPEN');
    // The role back, the same token decides the same step: the refusal was the role's alone.
    for (const g of grants)
      await ds.query(`INSERT INTO role_assignment (person_id, role, unit_id, department_id) VALUES ($1, $2, $3, $4)`, [
        g.person_id,
        g.role,
        g.unit_id,
        g.department_id,
      ]);
    expect(codeOf(await decide('pat-role-back'))).toBe('OK');
  });

  it('issue 20: a READ token batch-approving (approveReviewTasks) is FORBIDDEN, and the task stays open', async () => {
    const t = await submitToFirstStep(stack, CAMPAIGN, 's001-0013', (c) => stack.token(c));
    const read = await create(stack.token(t.reviewer), '只读批量', 'READ');
    const approve = (secret: string, key: string) =>
      stack.graphql<{ approveReviewTasks: { ok: boolean; errorCode: string | null }[] }>(
        APPROVE,
        { i: { taskIds: [t.taskId], opinion: '同意', idempotencyKey: key } },
        secret,
      );
    expect(codeOf(await approve(read.secret, 'pat-read-batch'))).toBe('FORBIDDEN');
    expect(await taskStatus(t.taskId)).toBe('OPEN');
    // The same person's REVIEW token approves it: the task was theirs to approve.
    const review = await create(stack.token(t.reviewer), '审核批量', 'REVIEW');
    const approved = await approve(review.secret, 'pat-review-batch');
    expect(approved.data?.approveReviewTasks).toEqual([{ taskId: t.taskId, ok: true, errorCode: null }]);
  });

  it('issue 20: a token cannot mint or revoke tokens (READ or REVIEW); the person signed in can', async () => {
    const me = nextPerson();
    const jwt = stack.token(me);
    const read = await create(jwt, '只读', 'READ');
    const review = await create(jwt, '审核', 'REVIEW');
    const count = async () =>
      (
        (await stack.db.dataSource.query(
          `SELECT count(*)::int AS n FROM access_token t JOIN person p ON p.id = t.person_id WHERE p.code = $1`,
          [me],
        )) as [{ n: number }]
      )[0].n;
    const before = await count();
    const mint = { i: { name: '再造一个', scope: 'REVIEW', expiresInDays: 30 } };
    for (const secret of [read.secret, review.secret]) {
      expect(codeOf(await stack.graphql(CREATE, mint, secret))).toBe('FORBIDDEN');
      expect(codeOf(await stack.graphql(REVOKE, { id: read.id }, secret))).toBe('FORBIDDEN');
    }
    expect(await count()).toBe(before);
    expect(codeOf(await stack.graphql('{ me { code } }', {}, read.secret))).toBe('OK');
    // The same request signed in (the console) creates one.
    expect(codeOf(await stack.graphql(CREATE, mint, jwt))).toBe('OK');
    expect(await count()).toBe(before + 1);
  });
});
