import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getIntrospectionQuery, type GraphQLError } from 'graphql';
import { checkDocument, documentRules } from '../../../apps/gateway/src/graphql/document-rules';
import { formatGraphQLError } from '../../../apps/gateway/src/errors/format-error';

const schema = buildSchema(readFileSync(join(__dirname, '../../../apps/gateway/schema.gql'), 'utf8'));
const production = documentRules('production');
const development = documentRules('development');
/** What a client is sent for each error: the one mapping's code and message. */
const answers = (errors: readonly GraphQLError[] = []) =>
  errors.map((e) => {
    const f = formatGraphQLError(e.toJSON(), e);
    return { code: f.extensions?.code, message: f.message };
  });

describe('the document rules HTTP and graphql-ws share (issue 20 audit)', () => {
  it('issue 20.1: production refuses introspection once, coded INTROSPECTION_DISABLED and naming schema.gql', () => {
    const refused = answers(checkDocument(schema, getIntrospectionQuery(), production).errors);
    expect(refused).toEqual([
      { code: 'INTROSPECTION_DISABLED', message: expect.stringContaining('apps/gateway/schema.gql') },
    ]);
    expect(
      answers(
        checkDocument(schema, '{ a: __type(name: "Me") { name } b: __schema { queryType { name } } }', production)
          .errors,
      ),
    ).toHaveLength(1);
    expect(checkDocument(schema, getIntrospectionQuery(), development).errors).toBeUndefined();
    expect(checkDocument(schema, '{ me { code } }', production).errors).toBeUndefined();
  });

  it('issue 13.1: the parser’s token limit and the query limits, with Apollo’s codes', () => {
    expect(answers(checkDocument(schema, `{ ${'__typename '.repeat(5_000)} }`, development).errors)).toEqual([
      { code: 'GRAPHQL_PARSE_FAILED', message: expect.stringMatching(/more that 5000 tokens/) },
    ]);
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { code }`).join(' ')} }`;
    expect(answers(checkDocument(schema, aliases, development).errors)).toEqual([
      { code: 'GRAPHQL_VALIDATION_FAILED', message: 'The query uses 31 aliases; at most 30 are allowed.' },
    ]);
  });

  it('issue 13.1: production drops the "Did you mean" suggestions that spell out the schema', () => {
    expect(answers(checkDocument(schema, '{ me { cod } }', development).errors)[0]?.message).toMatch(
      /Did you mean "code"\?$/,
    );
    expect(answers(checkDocument(schema, '{ me { cod } }', production).errors)).toEqual([
      { code: 'GRAPHQL_VALIDATION_FAILED', message: 'Cannot query field "cod" on type "Me".' },
    ]);
  });
});
