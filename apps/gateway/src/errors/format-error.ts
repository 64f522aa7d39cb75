import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '@pirm/domain';

const log = new Logger('GraphQLError');

/** Apollo's own codes for malformed requests: safe to show as they are. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The one mapping from errors to what a GraphQL client sees: coded domain errors keep their code and field
 * errors; request errors keep Apollo's code; anything else becomes INTERNAL with an id that is logged
 * with the real error. No stack traces, SQL or internal messages leave the gateway.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: original.code,
        ...(original.fieldErrors.length ? { fieldErrors: original.fieldErrors } : {}),
      },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    return { ...base, extensions: { code } };
  }
  const errorId = randomUUID();
  log.error(`[${errorId}] ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  return {
    message: `Internal error (id ${errorId}).`,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL, errorId },
  };
}
