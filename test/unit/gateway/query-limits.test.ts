import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { QUERY_LIMITS, queryLimitsRule } from '../../../apps/gateway/src/graphql/limits';

const schema = buildSchema(readFileSync(join(__dirname, '../../../apps/gateway/schema.gql'), 'utf8'));
const check = (doc: string): string[] =>
  validate(schema, parse(doc, { maxTokens: QUERY_LIMITS.maxTokens }), [...specifiedRules, queryLimitsRule]).map(
    (e) => e.message,
  );
const timed = (doc: string): { ms: number; messages: string[] } => {
  const t0 = performance.now();
  const messages = check(doc);
  return { ms: performance.now() - t0, messages };
};

/** `levels` fragments, each spreading the one below `spreads` times: 10^8 expansions at 8 × 10, in ~650 bytes. */
function fragmentBomb(levels: number, spreads: number, leaf = 'me { code }'): string {
  const frags = [`fragment F0 on Query { ${leaf} }`];
  for (let i = 1; i <= levels; i++)
    frags.push(`fragment F${i} on Query { ${Array.from({ length: spreads }, () => `...F${i - 1}`).join(' ')} }`);
  return `query { ...F${levels} } ${frags.join(' ')}`;
}

describe('query limits (issue 13 point 1, issue 20 point 1)', () => {
  it('issue 13.1: refuses a fragment blow-up (8 levels × 10 spreads) in well under a second, without expanding it', () => {
    const doc = fragmentBomb(8, 10);
    expect(doc.length).toBeLessThan(800);
    const { ms, messages } = timed(doc);
    expect(messages).toEqual([
      'The query selects 200000000 fields; at most 1000 are allowed.',
      'The query costs 200000000; at most 50000 are allowed.',
    ]);
    // Generous bound: the old rule took seconds at 7 levels and ten times as long per level.
    expect(ms).toBeLessThan(1_000);
    expect(timed(fragmentBomb(12, 10)).ms).toBeLessThan(1_000);
  });

  it('issue 13.1: depth, aliases and cost count through fragments as if expanded', () => {
    expect(
      check(
        `query { ...A } fragment A on Query { myTasks { edges { node { ...B } } } } fragment B on ReviewTask { id }`,
      ),
    ).toEqual([]);
    const nested = (k: number): string => (k === 0 ? 'code' : `me { ${nested(k - 1)} }`);
    expect(check(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { code }`).join(' ')} }`)).toEqual([
      'The query uses 31 aliases; at most 30 are allowed.',
    ]);
    const aliasesInFragment = `query { ...A ...A } fragment A on Query { ${Array.from({ length: 16 }, (_, i) => `a${i}: me { code }`).join(' ')} }`;
    expect(check(aliasesInFragment)).toContain('The query uses 32 aliases; at most 30 are allowed.');
    expect(check(`{ ${nested(1)} }`)).toEqual([]);
    // A page multiplies the cost of what is selected in it; a variable page size counts as the largest page (500).
    const fields = Array.from({ length: 90 }, () => 'id').join(' ');
    expect(check(`{ myTasks(first: 500) { edges { node { ${fields} } } } }`)).toEqual([]);
    expect(
      check(
        `query($n: Int!) { a: myTasks(first: $n) { edges { node { ${fields} } } } b: myTasks(first: $n) { edges { node { ${fields} } } } }`,
      ),
    ).toEqual(['The query costs 92002; at most 50000 are allowed.']);
  });

  it('issue 13.1: the parser refuses a document of more than maxTokens tokens', () => {
    expect(() =>
      parse(`{ ${'__typename '.repeat(QUERY_LIMITS.maxTokens)} }`, { maxTokens: QUERY_LIMITS.maxTokens }),
    ).toThrow(/more that 5000 tokens/);
  });

  it('issue 20.1: the standard introspection query with every option passes, in milliseconds', () => {
    const doc = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const { ms, messages } = timed(doc);
    expect(messages).toEqual([]);
    expect(ms).toBeLessThan(1_000);
  });

  it('issue 20.1: introspection abuse stays refused in milliseconds: __schema under many aliases, __type nested deep, fragment cycles', () => {
    const schemas = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `s${i}: __schema { types { fields { type { name } } } }`).join(' ')} }`;
    const many = timed(schemas(5));
    expect(many.messages).toEqual(['The query asks for __schema 5 times; at most 1 is allowed.']);
    expect(many.ms).toBeLessThan(1_000);
    // As many as the parser's token limit admits (15 tokens each): answered, each would walk every type's fields.
    const most = timed(schemas(300));
    expect(most.messages).toContain('The query asks for __schema 300 times; at most 1 is allowed.');
    expect(most.ms).toBeLessThan(1_000);
    const ofType = (k: number): string => (k === 0 ? 'name' : `ofType { ${ofType(k - 1)} }`);
    const typeQuery = (k: number) => `{ __type(name: "Query") { fields { type { ${ofType(k)} } } } }`;
    expect(check(typeQuery(11))).toEqual([]);
    const deep = timed(typeQuery(12));
    expect(deep.messages).toEqual(['The introspection query is 16 levels deep; at most 15 are allowed.']);
    expect(deep.ms).toBeLessThan(1_000);
    // Nested as deep as the token limit admits (3 tokens a level).
    const deepest = timed(typeQuery(1_500));
    expect(deepest.messages).toContain('The introspection query is 1504 levels deep; at most 15 are allowed.');
    expect(deepest.ms).toBeLessThan(1_000);
    const { ms, messages } = timed(
      `query { ...A } fragment A on Query { __schema { types { name } } ...B } fragment B on Query { ...A }`,
    );
    expect(messages.some((m) => /Cannot spread fragment "A" within itself/.test(m))).toBe(true);
    expect(ms).toBeLessThan(1_000);
    expect(check(fragmentBomb(8, 10, '__schema { types { name } }'))).toContain(
      'The query asks for __schema 100000000 times; at most 1 is allowed.',
    );
  });

  it('issue 13.1: an ordinary selection deeper than 10 levels is refused (introspection has its own depth)', () => {
    const nested = (k: number): string => (k === 0 ? 'x' : `x { ${nested(k - 1)} }`);
    expect(check(`{ ${nested(10)} }`).filter((m) => /levels deep/.test(m))).toEqual([
      'The query is 11 levels deep; at most 10 are allowed.',
    ]);
    expect(check(`{ ${nested(9)} }`).filter((m) => /levels deep/.test(m))).toEqual([]);
  });
});
