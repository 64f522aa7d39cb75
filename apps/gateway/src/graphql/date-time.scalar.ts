import { GraphQLScalarType, Kind } from 'graphql';

// RFC 3339 date-time with an offset or Z (what toISOString() gives), seconds and fraction optional.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): Date {
  const d = typeof value === 'string' && DATE_TIME.test(value) ? new Date(value) : null;
  // A plain error: graphql-js then names the argument's value (or the variable's path) before this reason.
  if (!d || Number.isNaN(d.getTime())) throw new TypeError('must be a date-time such as 2026-12-03T09:54:33Z');
  return d;
}

/**
 * Nest's DateTime with strict input: its own scalar turns "not-a-date" into an Invalid Date that fails deep in
 * SQL as INTERNAL; this one refuses it while the arguments are coerced (same name and description, so the
 * schema does not change).
 */
export const StrictDateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : null),
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : null),
});

/** The schema builder's scalar overrides, shared by the gateway and `npm run schema`. */
export const SCALARS_MAP = [{ type: Date, scalar: StrictDateTime }];
