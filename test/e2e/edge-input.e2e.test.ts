import type { NestExpressApplication } from '@nestjs/platform-express';
import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { loadGatewayConfig } from '../../apps/gateway/src/config';
import { createGateway } from '../../apps/gateway/src/main';
import { RateLimitPlugin } from '../../apps/gateway/src/rate-limit';
import { campaignIdFor } from '../support/campaign';
import { TestStack, type GraphQLResponse } from '../support/gateway';
import { launchWithScreeningOpen } from '../support/screening';
import { until } from '../support/wait';

const POINTS = [
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
const SAVE = `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`;
const DECIDE = `mutation($i: DecideInput!) { decideReviewTask(input: $i) { status currentStep } }`;
const COMPLAINT = `mutation($i: ComplaintInputModel!) { fileComplaint(input: $i) { receiptCode } }`;

const fieldErrors = (res: GraphQLResponse) => ({
  code: res.errors?.[0]?.extensions?.code,
  fieldErrors: res.errors?.[0]?.extensions?.fieldErrors,
});

describe('issue 13: every argument is checked at the edge (points 2 and 10), public limits are shared (point 6)', () => {
  const stack = new TestStack();
  const campaignId = campaignIdFor();
  let admin: string;
  let head: string;
  let task: { id: string; formVersion: number };

  beforeAll(async () => {
    await stack.start();
    admin = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 60, seed: 5 }));
    await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
      admin,
    );
    // R13 R22: forms are submitted only while the unit's screening is open.
    await launchWithScreeningOpen(stack, Number(campaignId), ['s001', 's002'], admin);
    const owner = stack.token('s001-0020');
    const started = await stack.graphql<{ startRiskForm: { version: number } }>(
      `mutation { startRiskForm(campaignId: "${campaignId}") { version } }`,
      {},
      owner,
    );
    const saved = await stack.graphql<{ saveRiskFormDraft: { version: number } }>(
      SAVE,
      {
        i: {
          campaignId,
          expectedVersion: started.data!.startRiskForm.version,
          position: '教师',
          controlMeasures: '遵守师德规范',
          riskPoints: POINTS,
        },
      },
      owner,
    );
    await stack.graphql(
      `mutation($v: Int!) { submitRiskForm(campaignId: "${campaignId}", expectedVersion: $v) { status } }`,
      { v: saved.data!.saveRiskFormDraft.version },
      owner,
    );
    const [row] = (await stack.db.dataSource.query(
      `SELECT h.code FROM person p JOIN department d ON d.id = p.department_id JOIN person h ON h.id = d.head_person_id WHERE p.code = 's001-0020'`,
    )) as { code: string }[];
    head = stack.token(row!.code);
    task = await until('the head’s task', async () => {
      const res = await stack.graphql<{ myTasks: { edges: { node: { id: string; formVersion: number } }[] } }>(
        `{ myTasks(filter: { status: OPEN }) { edges { node { id formVersion } } } }`,
        {},
        head,
      );
      return res.data?.myTasks.edges[0]?.node;
    });
  });
  afterAll(() => stack.stop());

  it('issue 13.2 (R08): a NUL in a draft is a field error naming the field, and the draft is unchanged', async () => {
    const owner = stack.token('s001-0021');
    const started = await stack.graphql<{ startRiskForm: { version: number } }>(
      `mutation { startRiskForm(campaignId: "${campaignId}") { version } }`,
      {},
      owner,
    );
    const bad = await stack.graphql(
      SAVE,
      {
        i: {
          campaignId,
          expectedVersion: started.data!.startRiskForm.version,
          position: '教师',
          riskPoints: [POINTS[0], { ...POINTS[0], controlMeasures: '公示\u0000' }],
        },
      },
      owner,
    );
    expect(bad.status).toBe(400);
    expect(fieldErrors(bad)).toEqual({
      code: 'VALIDATION_FAILED',
      fieldErrors: [
        {
          field: 'input.riskPoints[1].controlMeasures',
          reason: expect.stringContaining('U+0000'),
          message: expect.stringContaining('U+0000'),
        },
      ],
    });
    const ok = await stack.graphql<{ saveRiskFormDraft: { version: number } }>(
      SAVE,
      { i: { campaignId, expectedVersion: started.data!.startRiskForm.version, position: '教师', riskPoints: POINTS } },
      owner,
    );
    expect(ok.errors).toBeUndefined();
  });

  it('issue 13.2 (R16): a NUL in a complaint is refused at once, naming the field; nothing is filed', async () => {
    const t0 = Date.now();
    const bad = await stack.graphql(COMPLAINT, {
      i: { unitId: 's001', subjectKind: 'UNIT', text: '副校长在教辅征订中收取回扣，请调查\u0000', named: false },
    });
    expect(fieldErrors(bad)).toEqual({
      code: 'VALIDATION_FAILED',
      fieldErrors: [
        { field: 'input.text', reason: expect.stringContaining('U+0000'), message: expect.stringContaining('U+0000') },
      ],
    });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect((await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM complaint`))[0].n).toBe(0);
  });

  it('issue 13.2 (R09): a NUL in an opinion is refused and the form still accepts a decision', async () => {
    const decide = (opinion: string, key: string) =>
      stack.graphql<{ decideReviewTask: { status: string } }>(
        DECIDE,
        { i: { taskId: task.id, decision: 'APPROVE', opinion, formVersion: task.formVersion, idempotencyKey: key } },
        head,
      );
    const bad = await decide('同意\u0000', 'nul-1');
    expect(fieldErrors(bad)).toEqual({
      code: 'VALIDATION_FAILED',
      fieldErrors: [
        {
          field: 'input.opinion',
          reason: expect.stringContaining('U+0000'),
          message: expect.stringContaining('U+0000'),
        },
      ],
    });
    // A multi-line field keeps its lines and tabs.
    const ok = await decide('同意。\n\t措施可行', 'nul-2');
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.decideReviewTask.status).toBe('IN_REVIEW');
  });

  it('issue 13.2: control characters, bidi overrides and lone surrogates are refused; single-line fields refuse newlines', async () => {
    const owner = stack.token('s001-0022');
    const save = (over: Record<string, unknown>) =>
      stack.graphql(SAVE, { i: { campaignId, expectedVersion: 1, riskPoints: POINTS, ...over } }, owner);
    for (const [value, code] of [
      ['教\n师', '000A'],
      ['教\u202E师', '202E'],
      ['教\uD800师', 'D800'],
      ['教\u001B[31m', '001B'],
      ['教\u0085', '0085'],
    ] as const) {
      const res = await save({ position: value });
      expect(fieldErrors(res)).toEqual({
        code: 'VALIDATION_FAILED',
        fieldErrors: [
          {
            field: 'input.position',
            reason: expect.stringContaining(`U+${code}`),
            message: expect.stringContaining(`U+${code}`),
          },
        ],
      });
    }
    // A literal argument is checked as well as a variable.
    const literal = await stack.graphql(
      `mutation { fileComplaint(input: { unitId: "s001", subjectKind: UNIT, text: "a\\u0000b", named: false }) { receiptCode } }`,
    );
    expect(fieldErrors(literal).fieldErrors).toEqual([
      { field: 'input.text', reason: expect.stringContaining('U+0000'), message: expect.stringContaining('U+0000') },
    ]);
  });

  it('issue 13.10: malformed dates, record numbers and subscriptions over HTTP are coded 4xx errors, not INTERNAL', async () => {
    const date = await stack.graphql(`{ myTasks(filter: { dueBefore: "not-a-date" }) { totalCount } }`, {}, head);
    expect(date.status).toBe(400);
    expect(date.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(date.errors?.[0]?.message).toMatch(/"not-a-date"; must be a date-time/);
    const dateVar = await stack.graphql(
      `query($f: TaskFilterInput) { myTasks(filter: $f) { totalCount } }`,
      { f: { dueBefore: '2026-13-45' } },
      head,
    );
    expect(dateVar.status).toBe(400);
    expect(dateVar.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/at "f.dueBefore"; Expected type "DateTime". must be a date-time/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const due = await stack.graphql(
      `{ myTasks(filter: { dueBefore: "2100-01-01T00:00:00Z" }) { totalCount } }`,
      {},
      head,
    );
    expect(due.errors).toBeUndefined();
    const seq = await stack.graphql(
      `{ auditTrail(chain: "district", afterSeq: "12345678901234567890") { seq } }`,
      {},
      admin,
    );
    expect(fieldErrors(seq)).toEqual({
      code: 'VALIDATION_FAILED',
      fieldErrors: [
        { field: 'afterSeq', reason: expect.stringContaining('record number'), message: '须为有效的记录序号' },
      ],
    });
    const sub = await stack.graphql(`subscription { notificationAdded { id } }`, {}, head);
    expect(sub.status).toBe(400);
    expect(sub.errors?.[0]).toMatchObject({
      message: expect.stringContaining('graphql-ws'),
      extensions: { code: 'VALIDATION_FAILED' },
    });
  });

  it('issue 13.10: every page size is 1 to its bound; -5 and 1e8 are field errors naming first', async () => {
    const lists = [
      ['myNotifications', `myNotifications(first: $n) { id }`, head],
      ['auditTrail', `auditTrail(chain: "district", first: $n) { seq }`, admin],
      ['campaignEscalations', `campaignEscalations(campaignId: "${campaignId}", first: $n) { id }`, admin],
      ['myTasks', `myTasks(first: $n) { totalCount }`, head],
      ['campaignUnits', `campaignUnits(campaignId: "${campaignId}", first: $n) { hasNextPage }`, admin],
    ] as const;
    for (const [name, field, token] of lists) {
      for (const n of [-5, 0, 100_000_000]) {
        const res = await stack.graphql(`query($n: Int!) { ${field} }`, { n }, token);
        expect({ name, n, ...fieldErrors(res) }).toEqual({
          name,
          n,
          code: 'VALIDATION_FAILED',
          fieldErrors: [
            {
              field: 'first',
              reason: expect.stringMatching(/^must be a whole number from 1 to \d+$/),
              message: expect.stringMatching(/^须为 1 到 \d+ 的整数$/),
            },
          ],
        });
      }
      expect({ name, errors: (await stack.graphql(`query($n: Int!) { ${field} }`, { n: 1 }, token)).errors }).toEqual({
        name,
        errors: undefined,
      });
    }
  });

  describe('issue 13.6 (R13): rate limits in PostgreSQL, by the trusted proxies’ client address', () => {
    const COMMENT = (n: number, unitId = 's002') =>
      `mutation { ${Array.from({ length: n }, (_, i) => `c${i}: commentOnNotice(input: { campaignId: "${campaignId}", unitId: "${unitId}", text: "建议${i}" }) { id }`).join(' ')} }`;
    const post = (url: string, query: string, forwardedFor?: string) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
        body: JSON.stringify({ query }),
      }).then(async (r) => ({ status: r.status, ...((await r.json()) as Omit<GraphQLResponse, 'status'>) }));
    const stored = async () =>
      (await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM notice_comment WHERE unit_id = 's002'`))[0]
        .n as number;
    let proxied: NestExpressApplication;
    let proxiedUrl: string;

    beforeAll(async () => {
      // The unit's read model says its points are on notice (a whole screening is not needed for the limits).
      await stack.db.dataSource.query(
        `UPDATE unit_campaign SET state = jsonb_set(state, '{screening}', coalesce(state->'screening', '{}') || '{"stage": "PUBLIC_NOTICE"}') WHERE campaign_id = $1 AND unit_id = 's002'`,
        [campaignId],
      );
      // A second gateway on the same database, behind a reverse proxy on loopback.
      process.env.TRUSTED_PROXIES = 'loopback';
      proxied = await createGateway({ logger: ['error', 'warn'] });
      await proxied.listen(0, '127.0.0.1');
      proxiedUrl = await proxied.getUrl();
      delete process.env.TRUSTED_PROXIES;
    });
    afterAll(() => proxied?.close());

    it('30 aliased comments are refused as a whole, storing nothing; 10 are stored; the 11th is refused on either gateway', async () => {
      const tooMany = await post(stack.url, COMMENT(30));
      expect(tooMany.status).toBe(429);
      expect(tooMany.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      // The refusal names the limit in the caller's words, from the same place as the limit itself.
      expect(tooMany.errors?.[0]?.extensions?.userMessage).toBe(
        '同一网络每分钟最多提交 10 条意见。请等待一分钟后再试。',
      );
      expect(await stored()).toBe(0);
      // Windows are whole minutes: start the ten early in one, so the checks below fall in the same window.
      await until('a fresh rate-limit minute', async () => Date.now() % 60_000 < 30_000, 65_000, 250);
      const ten = await post(stack.url, COMMENT(10));
      expect(ten.errors).toBeUndefined();
      expect(await stored()).toBe(10);
      // Without trusted proxies a forwarded-for header is ignored: the same caller.
      expect((await post(stack.url, COMMENT(1), '203.0.113.7')).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      // The other gateway sees the same counter for the same caller (its socket address, nothing forwarded).
      expect((await post(proxiedUrl, COMMENT(1))).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      // Behind the trusted proxy, each forwarded client has a bucket of its own.
      const other = await post(proxiedUrl, COMMENT(1), '203.0.113.7');
      expect(other.errors).toBeUndefined();
      expect(await stored()).toBe(11);
      // No address is stored: only a keyed hash.
      const keys: { client_key: string }[] = await stack.db.dataSource.query(
        `SELECT client_key FROM rate_limit_window`,
      );
      expect(keys.length).toBeGreaterThan(0);
      expect(JSON.stringify(keys)).not.toMatch(/127\.0\.0\.1|203\.0\.113\.7/);
    });

    it('ended windows are swept', async () => {
      const plugin = stack.app.get(RateLimitPlugin);
      expect(await plugin.sweep(Date.now() + 2 * 60_000)).toBeGreaterThan(0);
      expect((await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM rate_limit_window`))[0].n).toBe(0);
    });

    it('TRUSTED_PROXIES is validated at boot', () => {
      expect(() => loadGatewayConfig({ ...process.env, TRUSTED_PROXIES: '10.0.0.1, not-an-address' })).toThrow(
        /TRUSTED_PROXIES/,
      );
      expect(loadGatewayConfig({ ...process.env, TRUSTED_PROXIES: '10.0.0.0/8, loopback' }).trustedProxies).toEqual([
        '10.0.0.0/8',
        'loopback',
      ]);
    });
  });
});
