import { Role } from '@pirm/domain';
import { TestStack } from '../support/gateway';

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('GraphQL hardening: bad input and abusive documents get a clear 4xx or a coded error, never a 5xx or a stack', () => {
  const stack = new TestStack();
  let admin: string;

  beforeAll(async () => {
    await stack.start();
    admin = await stack.person('office-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
  });
  afterAll(() => stack.stop());

  it('rejects a query that is too deep, too aliased or too large', async () => {
    // __type(1) fields(2) type(3), then k nested ofType, then name: depth 4 + k.
    const ofType = (k: number): string => (k === 0 ? 'name' : `ofType { ${ofType(k - 1)} }`);
    const typeQuery = (depth: number) => `{ __type(name: "Query") { fields { type { ${ofType(depth - 4)} } } } }`;
    expect((await stack.graphql(typeQuery(10), {}, admin)).errors).toBeUndefined();
    const tooDeep = await stack.graphql(typeQuery(11), {}, admin);
    expect(tooDeep.errors?.map((e) => e.message)).toEqual(['The query is 11 levels deep; at most 10 are allowed.']);
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: me { code }`).join(' ');
    const tooMany = await stack.graphql(`{ ${aliases} }`, {}, admin);
    expect(tooMany.status).toBe(400);
    expect(tooMany.errors?.[0]).toMatchObject({ message: 'The query uses 31 aliases; at most 30 are allowed.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('answers malformed documents, wrong types and batches with 400 and no internals', async () => {
    const malformed = await post(stack.url, '{"query": "{ me { "}', { authorization: `Bearer ${admin}` });
    expect(malformed.status).toBe(400);
    const notJson = await post(stack.url, '{not json', { authorization: `Bearer ${admin}` });
    expect(notJson.status).toBe(400);
    const wrongType = await stack.graphql(`query($y: Int!) { campaign(id: $y) { id } }`, { y: 'x' }, admin);
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType)).not.toMatch(/stacktrace|at .*\.js:\d+/);
    const batch = await post(stack.url, JSON.stringify([{ query: '{ me { code } }' }, { query: '{ me { code } }' }]), { authorization: `Bearer ${admin}` });
    expect(batch.status).toBe(400);
  });

  it('refuses a request body over the configured limit', async () => {
    const huge = JSON.stringify({ query: '{ me { code } }', variables: { pad: 'x'.repeat(17 * 1024 * 1024) } });
    const res = await post(stack.url, huge, { authorization: `Bearer ${admin}` });
    expect(res.status).toBe(413);
  });

  it('keeps huge strings and bad UTF-8 from changing anything, with field errors', async () => {
    const res = await stack.graphql(`mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }`, { i: { year: 2080, calendar: [{ phase: 'MOBILISATION', startsOn: '\uFFFD'.repeat(1000), endsOn: 'x' }] } }, admin);
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const raw = Buffer.concat([Buffer.from('{"query":"{ me { code } }","variables":{"x":"'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('"}}')]);
    const bad = await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: raw });
    expect(bad.status).toBeLessThan(500);
  });
});
