import { ApolloServerErrorCode } from '@apollo/server/errors';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { type Bilingual, DomainError, ErrorCode } from '@pirm/domain';
import type { RuntimeEnv } from '../config';
import { QUERY_LIMITS, queryLimitsRule } from './limits';

const INTROSPECTION_DISABLED: Bilingual = {
  en: 'Introspection is off in production: load the committed SDL, apps/gateway/schema.gql, into your client instead.',
  zh: '生产环境不提供内省查询，请在客户端中加载已发布的 SDL 文件 apps/gateway/schema.gql。',
};

/**
 * Production: a document that asks for `__schema` or `__type` is refused once, with a code of its own that
 * tells the client where the schema is (Apollo's own rule answers a generic GRAPHQL_VALIDATION_FAILED).
 */
export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  let reported = false;
  return {
    Field(node) {
      if (reported || (node.name.value !== '__schema' && node.name.value !== '__type')) return;
      reported = true;
      context.reportError(
        new GraphQLError(INTROSPECTION_DISABLED.en, {
          nodes: [node],
          originalError: new DomainError(ErrorCode.INTROSPECTION_DISABLED, INTROSPECTION_DISABLED),
        }),
      );
    },
  };
}

/**
 * What every document must meet before it runs, whatever carries it: Apollo takes these as its options for HTTP,
 * and GraphQLWsGate applies the same to graphql-ws (Apollo's options do not reach the socket).
 */
export interface DocumentRules {
  /** The parser's token limit. */
  parseOptions: ParseOptions;
  /** Validation rules on top of graphql's specifiedRules. */
  validationRules: ValidationRule[];
  /** No "Did you mean …" suggestions that spell out the schema where introspection is off. */
  hideSchemaDetails: boolean;
}

export function documentRules(env: RuntimeEnv): DocumentRules {
  const production = env === 'production';
  return {
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    validationRules: production ? [queryLimitsRule, noIntrospectionRule] : [queryLimitsRule],
    hideSchemaDetails: production,
  };
}

/** An error with Apollo's request-error code, as HTTP answers it (a coded DomainError inside keeps its own). */
export function requestError(error: GraphQLError, code: ApolloServerErrorCode, rules: DocumentRules): GraphQLError {
  // Apollo's DisableSuggestions plugin trims the same tail over HTTP.
  const message = rules.hideSchemaDetails ? error.message.replace(/ ?Did you mean(.+?)\?$/, '') : error.message;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError ?? undefined,
    extensions: { ...error.extensions, code },
  });
}

/** Parses and validates a document under `rules`, as Apollo does for HTTP: the document, or its coded errors. */
export function checkDocument(
  schema: GraphQLSchema,
  query: string,
  rules: DocumentRules,
): { document: DocumentNode; errors?: undefined } | { errors: GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(query, rules.parseOptions);
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    return { errors: [requestError(err, ApolloServerErrorCode.GRAPHQL_PARSE_FAILED, rules)] };
  }
  const errors = validate(schema, document, [...specifiedRules, ...rules.validationRules]);
  if (errors.length)
    return { errors: errors.map((e) => requestError(e, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED, rules)) };
  return { document };
}
