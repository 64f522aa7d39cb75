import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '@pirm/domain';

const log = new Logger('GraphQLError');

/** Apollo's own codes for malformed requests: safe to show as they are. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Socket errors and PostgreSQL's connection-failure and shutdown SQLSTATEs (08xxx, 57P01–57P03). */
const DB_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
]);
const DB_DOWN_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/** Whether the error, or one it wraps, says the database could not be reached (the request may be retried). */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    originalError?: unknown;
    thrownValue?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string' && DB_DOWN_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && DB_DOWN_MESSAGES.test(e.message)) return true;
  // graphql-js wraps a thrown non-Error (pg's bare socket errors) as NonErrorThrown with `thrownValue`.
  const inner = [e.cause, e.originalError, e.thrownValue, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((x) => isDatabaseUnavailable(x, depth + 1));
}

/**
 * The one mapping from errors to what a GraphQL client sees: coded domain errors keep their code and field
 * errors; request errors keep Apollo's code; an unreachable database is UNAVAILABLE; anything else becomes INTERNAL with an id that is logged
 * with the real error. No stack traces, SQL or internal messages leave the gateway. `message` stays English for
 * developers; every error also carries `extensions.userMessage`, the same for the person in plain Chinese.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const unwrapped = unwrapResolverError(error);
  // A request refused before execution (edge checks, rate limits) carries its DomainError without a path.
  const original =
    unwrapped instanceof GraphQLError && unwrapped.originalError instanceof DomainError
      ? unwrapped.originalError
      : unwrapped;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: original.code,
        userMessage: original.userMessage,
        // Exactly field, reason (for programs) and message (Chinese, for the person): the contract clients read.
        ...(original.fieldErrors.length
          ? { fieldErrors: original.fieldErrors.map(({ field, reason, message }) => ({ field, reason, message })) }
          : {}),
      },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    return { ...base, extensions: { code, userMessage: '请求无法处理，请刷新页面后重试' } };
  }
  if (isDatabaseUnavailable(original) || isDatabaseUnavailable(error)) {
    return {
      ...base,
      message: 'The database is unreachable; retry later.',
      extensions: { code: ErrorCode.UNAVAILABLE, userMessage: '数据库暂时无法访问，请稍后重试' },
    };
  }
  const errorId = randomUUID();
  log.error(`[${errorId}] ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  return {
    message: `Internal error (id ${errorId}).`,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL, errorId, userMessage: `系统出错了，请稍后重试（错误编号 ${errorId}）` },
  };
}
