import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getArgumentValues,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isListType,
  visit,
  visitWithTypeInfo,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type DocumentNode,
} from 'graphql';
import { DomainError, ErrorCode, textProblem, type FieldError } from '@pirm/domain';

/**
 * The text fields (input fields or arguments, by name) whose values may run over several lines: they may hold
 * tab and newline. Every other String or ID must be a single line. (`contentBase64`: encoders such as
 * `base64` wrap their output at 76 columns.)
 */
export const MULTI_LINE_FIELDS: ReadonlySet<string> = new Set([
  'answer',
  'comment',
  'contentBase64',
  'controlMeasures',
  'description',
  'evidence',
  'opinion',
  'outcome',
  'postDuties',
  'problem',
  'proposedLevelReason',
  'reason',
  'reportSummary',
  'summary',
  'text',
  'workflowDescription',
]);

/** A coded error refusing the whole request before anything runs, with its HTTP status. */
export function requestRefusal(error: DomainError, status: number): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status } } });
}

function checkValue(value: unknown, type: GraphQLInputType, path: string, name: string, errors: FieldError[]): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (Array.isArray(value)) value.forEach((v, i) => checkValue(v, t.ofType, `${path}[${i}]`, name, errors));
    return;
  }
  if (isInputObjectType(t)) {
    const fields = t.getFields();
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const f = fields[key];
      if (f) checkValue(v, f.type, `${path}.${key}`, key, errors);
    }
    return;
  }
  if (typeof value === 'string') {
    const problem = textProblem(value, MULTI_LINE_FIELDS.has(name));
    if (problem) errors.push({ field: path, ...problem });
  }
}

/**
 * Every text value of an operation's arguments (literal or from variables), with its path
 * (`input.riskPoints[2].controlMeasures`), checked once: a bad one is a field error and the operation does
 * not run. Values graphql-js cannot coerce are left to its own errors.
 */
export function textFieldErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): FieldError[] {
  const vars = getVariableValues(schema, operation.variableDefinitions ?? [], inputs, { maxErrors: 1 });
  if (vars.errors) return [];
  const errors: FieldError[] = [];
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const def = typeInfo.getFieldDef();
      if (!def || !node.arguments?.length) return;
      let args: Record<string, unknown>;
      try {
        args = getArgumentValues(def, node, vars.coerced);
      } catch {
        return;
      }
      for (const arg of def.args) checkValue(args[arg.name], arg.type, arg.name, arg.name, errors);
    },
  });
  visit(operation, visitor);
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) visit(def, visitor);
  return errors;
}

/** The edge check of every text input, before the operation runs (HTTP and graphql-ws alike): a 400 refusal. */
export function assertTextInputs(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): void {
  const errors = textFieldErrors(schema, document, operation, inputs);
  if (errors.length) throw requestRefusal(DomainError.validation(errors), 400);
}

/** Apollo plugin: the edge check of every text input, and no subscription over HTTP (they use graphql-ws). */
export function inputGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          if (operation.operation === 'subscription') {
            throw requestRefusal(
              new DomainError(ErrorCode.VALIDATION_FAILED, {
                en: 'Subscriptions are served over graphql-ws (WebSocket) at /graphql, not over HTTP.',
                zh: '实时推送须通过 WebSocket 连接，不能用 HTTP 请求',
              }),
              400,
            );
          }
          assertTextInputs(schema, document, operation, request.variables ?? {});
        },
      };
    },
  };
}
