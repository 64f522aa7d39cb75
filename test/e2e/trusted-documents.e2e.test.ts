import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { parseRoster, policyOf } from '@pirm/domain';
import { applyRoster, generateDistrictRows } from '@pirm/persistence';
import { DEMO_DISTRICT } from '../../libs/persistence/src/cli/seed-demo';
import { loadGatewayConfig } from '../../apps/gateway/src/config';
import { TRUSTED_DOCUMENTS_FILE } from '../../apps/gateway/src/graphql/document-manifest';
import { createGateway } from '../../apps/gateway/src/main';
import { ensureConsoleBuilt } from '../support/browser';
import { campaignYear } from '../support/campaign';
import { TestStack, type GraphQLResponse } from '../support/gateway';
import { launchWithMobilisationOpen } from '../support/screening';

const YEAR = campaignYear('trusted documents');
const CAMPAIGN = String(YEAR);

type Body = Record<string, unknown>;

/**
 * Issue 20 point 3: trusted documents. A gateway in production runs, for anonymous callers, only the documents
 * the console was built with (apps/web/dist/persisted-documents.json), sent by hash; signed-in callers still send
 * their own. Each test fails when its check in TrustedDocuments is removed (tried while writing them).
 */
describe('issue 20.3: trusted documents for the public surface (production)', () => {
  const stack = new TestStack();
  const sockets: Client[] = [];
  let manifest: Record<string, string>;
  let office: string;

  const post = async (body: Body, token?: string): Promise<GraphQLResponse> => {
    const res = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, ...((await res.json()) as Omit<GraphQLResponse, 'status'>) };
  };
  const byHash = (sha256Hash: string, variables: Body = {}) =>
    post({ extensions: { persistedQuery: { version: 1, sha256Hash } }, variables });
  const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code ?? 'OK';
  const comments = async () =>
    (
      (await stack.db.dataSource.query(`SELECT count(*)::int AS n FROM notice_comment WHERE campaign_id = $1`, [
        CAMPAIGN,
      ])) as { n: number }[]
    )[0]!.n;

  /** The console's registered operations whose every root field is public, by operation name. */
  const publicOperations = (): Map<string, string> =>
    new Map(
      Object.entries(manifest).flatMap(([hash, text]) => {
        const op = parse(text).definitions.find(
          (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
        )!;
        const roots = op.selectionSet.selections.flatMap((s) =>
          s.kind === Kind.FIELD && s.name.value !== '__typename' ? [s.name.value] : [],
        );
        return roots.every((f) => policyOf(f)?.who === 'PUBLIC') ? [[op.name!.value, hash] as const] : [];
      }),
    );

  beforeAll(async () => {
    ensureConsoleBuilt();
    manifest = JSON.parse(readFileSync(TRUSTED_DOCUMENTS_FILE, 'utf8')) as Record<string, string>;
    await stack.start({ NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    const { roster, errors } = parseRoster(generateDistrictRows(DEMO_DISTRICT));
    if (errors.length) throw new Error(JSON.stringify(errors));
    await applyRoster(stack.db.dataSource, roster);
    office = stack.token('office-admin');
    // Signed in, the helpers' own documents still run in production.
    await launchWithMobilisationOpen(stack, YEAR, ['s001'], office);
    // The unit's read model says its points are on notice (a whole screening is not needed here).
    await stack.db.dataSource.query(
      `UPDATE unit_campaign SET state = jsonb_set(state, '{screening}', coalesce(state->'screening', '{}') || '{"stage": "PUBLIC_NOTICE"}') WHERE campaign_id = $1 AND unit_id = 's001'`,
      [CAMPAIGN],
    );
  });
  afterAll(async () => {
    for (const c of sockets) await c.dispose();
    await stack.stop();
  });

  it('each public operation of the console runs anonymously by its hash (extension or documentId)', async () => {
    const ops = publicOperations();
    expect([...ops.keys()].sort()).toEqual([
      'CommentOnNotice',
      'ComplaintByReceipt',
      'FileComplaint',
      'PublicNotice',
      'SubmitEvaluationScore',
    ]);
    const hash = (name: string) => ops.get(name)!;

    const notice = await byHash(hash('PublicNotice'), { campaignId: CAMPAIGN, unitId: 's001' });
    expect(notice.errors).toBeUndefined();
    expect(notice.data).toHaveProperty('publicNotice');

    const comment = await byHash(hash('CommentOnNotice'), {
      input: { campaignId: CAMPAIGN, unitId: 's001', text: '建议公示五个工作日' },
    });
    expect(comment.errors).toBeUndefined();
    expect(await comments()).toBe(1);

    const filed = await byHash(hash('FileComplaint'), {
      input: { unitId: 's001', named: false, subjectKind: 'UNIT', text: '某老师在课外有偿补课。' },
    });
    expect(filed.errors).toBeUndefined();
    const receiptCode = (filed.data as { fileComplaint: { receiptCode: string } }).fileComplaint.receiptCode;
    // GraphQL over HTTP's persisted documents: `documentId` with the `sha256:` prefix.
    const lookedUp = await post({ documentId: `sha256:${hash('ComplaintByReceipt')}`, variables: { receiptCode } });
    expect(lookedUp.errors).toBeUndefined();
    expect(lookedUp.data).toMatchObject({ complaintByReceipt: { status: expect.any(String) } });

    expect(
      (
        await stack.graphql(
          `mutation { openEvaluation(campaignId: "${CAMPAIGN}", unitId: "s001") { status } }`,
          {},
          office,
        )
      ).errors,
    ).toBeUndefined();
    const round = await stack.graphql<{ openEvaluationRound: { invitations: { code: string }[] } }>(
      `mutation($i: OpenEvaluationRoundInput!) { openEvaluationRound(input: $i) { invitations { code } } }`,
      {
        i: {
          campaignId: CAMPAIGN,
          unitId: 's001',
          kind: 'SERVICE_USER',
          closesOn: `${YEAR}-12-31`,
          invitations: [{ evaluatorKind: 'PARENT', count: 1 }],
          idempotencyKey: 'trusted-round',
        },
      },
      office,
    );
    expect(round.errors).toBeUndefined();
    const scored = await byHash(hash('SubmitEvaluationScore'), {
      input: { code: round.data!.openEvaluationRound.invitations[0]!.code, score: 90 },
    });
    expect(scored.errors).toBeUndefined();
  });

  it('an anonymous document of its own is refused with PERSISTED_QUERY_REQUIRED and changes nothing, even a registered text', async () => {
    const before = await comments();
    const adHoc = await post({
      query: `mutation { commentOnNotice(input: { campaignId: "${CAMPAIGN}", unitId: "s001", text: "自己的文档" }) { id } }`,
    });
    expect(adHoc.status).toBe(400);
    expect(codeOf(adHoc)).toBe('PERSISTED_QUERY_REQUIRED');
    expect(adHoc.errors![0]!.message).toMatch(/registered documents run: send one by its hash/);
    // The registered text itself, sent as text: only its hash is accepted from anonymous callers.
    const text = manifest[publicOperations().get('PublicNotice')!]!;
    expect(codeOf(await post({ query: text, variables: { campaignId: CAMPAIGN, unitId: 's001' } }))).toBe(
      'PERSISTED_QUERY_REQUIRED',
    );
    // A bearer that does not verify is no sign-in: the document is refused as the token is.
    expect(
      codeOf(await post({ query: '{ publicNotice(campaignId: "1", unitId: "s001") { unitId } }' }, 'forged')),
    ).toBe('UNAUTHENTICATED');
    // GET carries documents too.
    const get = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(((await get.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
    expect(await comments()).toBe(before);
  });

  it('a hash the console did not register is refused with PERSISTED_QUERY_NOT_FOUND (extension or documentId)', async () => {
    const unknown = 'f'.repeat(64);
    const res = await byHash(unknown, { campaignId: CAMPAIGN, unitId: 's001' });
    expect(codeOf(res)).toBe('PERSISTED_QUERY_NOT_FOUND');
    // The message persisted-query clients (urql, Apollo Client) recognise, to send the document next.
    expect(res.errors![0]!.message).toBe('PersistedQueryNotFound');
    expect(codeOf(await post({ documentId: `sha256:${unknown}` }))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('a large anonymous document of its own is refused with the code, before it is parsed', async () => {
    // ~200 KB and far over the parser's token limit: parsed, it would be GRAPHQL_PARSE_FAILED.
    const huge = `{ ${Array.from({ length: 3_300 }, (_, i) => `a${i}: publicNotice(campaignId: "${CAMPAIGN}", unitId: "s001") { unitId }`).join(' ')} }`;
    expect(huge.length).toBeGreaterThan(200_000);
    expect(huge.length).toBeLessThan(256 * 1024); // under HTTP_BODY_LIMIT: the body is read, the document is not parsed
    const res = await post({ query: huge });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('PERSISTED_QUERY_REQUIRED');
  });

  it('signed-in callers still send documents of their own: a sign-in token, a personal access token', async () => {
    const teacher = stack.token('s001-0011');
    const me = await post({ query: '{ me { code } }' }, teacher);
    expect(me.data).toEqual({ me: { code: 's001-0011' } });
    const created = await post(
      {
        query: `mutation { createAccessToken(input: { name: "脚本", scope: READ, expiresInDays: 1 }) { secret } }`,
      },
      teacher,
    );
    const secret = (created.data as { createAccessToken: { secret: string } }).createAccessToken.secret;
    expect((await post({ query: '{ me { code } }' }, secret)).data).toEqual({ me: { code: 's001-0011' } });
    // Still under the query limits.
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { code }`).join(' ')} }`;
    expect(codeOf(await post({ query: aliases }, teacher))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('graphql-ws: anonymous operations are refused with the code; signed-in ones run', async () => {
    const over = (authorization?: string) => {
      const client = createClient({
        url: stack.url.replace(/^http/, 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        connectionParams: authorization ? { authorization } : {},
        retryAttempts: 0,
      });
      sockets.push(client);
      return new Promise<{ data?: unknown; code?: unknown }>((resolve) => {
        client.subscribe(
          { query: '{ me { code } }' },
          {
            next: (r) => resolve({ data: r.data }),
            error: (e) =>
              resolve({ code: (e as { extensions?: { code?: string } }[])[0]?.extensions?.code ?? String(e) }),
            complete: () => undefined,
          },
        );
      });
    };
    expect(await over()).toEqual({ code: 'PERSISTED_QUERY_REQUIRED' });
    expect(await over(`Bearer ${stack.token('s001-0011')}`)).toEqual({ data: { me: { code: 's001-0011' } } });
  });

  it('development keeps documents of one’s own for everyone (GraphiQL)', async () => {
    process.env.NODE_ENV = 'development';
    const dev = await createGateway({ logger: ['error', 'warn'] });
    try {
      await dev.listen(0, '127.0.0.1');
      const res = await fetch(`${await dev.getUrl()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ publicNotice(campaignId: "${CAMPAIGN}", unitId: "s001") { unitId } }` }),
      });
      expect(((await res.json()) as GraphQLResponse).errors).toBeUndefined();
    } finally {
      process.env.NODE_ENV = 'production';
      await dev.close();
    }
  });

  it('production refuses to boot without the trusted documents or with a tampered manifest, naming the variable', () => {
    const boot = (path: string) => () => loadGatewayConfig({ ...process.env, GRAPHQL_TRUSTED_DOCUMENTS: path });
    expect(boot('/nonexistent/persisted-documents.json')).toThrow(
      /GRAPHQL_TRUSTED_DOCUMENTS names \/nonexistent\/persisted-documents\.json, which does not exist: production needs/,
    );
    const tampered = join(mkdtempSync(join(tmpdir(), 'pirm-manifest-')), 'persisted-documents.json');
    const [hash] = Object.keys(manifest);
    writeFileSync(tampered, JSON.stringify({ [hash!]: '{ me { code name } }' }));
    expect(boot(tampered)).toThrow(`GRAPHQL_TRUSTED_DOCUMENTS names ${tampered}, which is not a manifest`);
    expect(boot(TRUSTED_DOCUMENTS_FILE)().trustedDocuments.size).toBe(Object.keys(manifest).length);
    // Development starts without one (no console built yet): everyone sends their own documents there.
    const dev = loadGatewayConfig({
      ...process.env,
      NODE_ENV: 'development',
      GRAPHQL_TRUSTED_DOCUMENTS: '/nonexistent',
    });
    expect(dev.trustedDocuments.size).toBe(0);
  });
});
