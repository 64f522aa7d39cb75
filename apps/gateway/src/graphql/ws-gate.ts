import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, Module } from '@nestjs/common';
import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import {
  GraphQLError,
  getOperationAST,
  getVariableValues,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { GatewayConfig } from '../config';
import { formatGraphQLError } from '../errors/format-error';
import { GATEWAY_CONFIG } from '../providers';
import { RateLimitModule, RateLimitPlugin } from '../rate-limit';
import { checkDocument, documentRules, requestError, type DocumentRules } from './document-rules';
import { assertTextInputs } from './input-guard';
import { TrustedDocuments, TrustedDocumentsModule } from './trusted-documents';

/** The graphql-ws server hooks, as @nestjs/graphql passes them to graphql-ws's `useServer`. */
type WsHooks = Required<Pick<GraphQLWsSubscriptionsConfig, 'onSubscribe' | 'onNext'>>;
type SubscribePayload = Parameters<WsHooks['onSubscribe']>[2];

/** What graphql-ws (its `ws` binding, which @nestjs/graphql uses) hands over of a connection. */
interface WsContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra: { request: IncomingMessage };
}

/** An error exactly as the one mapping made it: graphql-ws sends `toJSON()` of every error it is given. */
class FormattedError extends GraphQLError {
  constructor(private readonly formatted: GraphQLFormattedError) {
    super(formatted.message, { extensions: formatted.extensions });
  }

  override toJSON(): GraphQLFormattedError {
    return this.formatted;
  }
}

const formatted = (err: unknown): GraphQLFormattedError =>
  formatGraphQLError(
    err instanceof GraphQLError ? err.toJSON() : { message: err instanceof Error ? err.message : String(err) },
    err,
  );

/**
 * graphql-ws gets the checks of an HTTP request (issue 20 audit). Apollo's options (parser token limit, query
 * limits, introspection off in production, no suggestions) and its plugins (text inputs, rate limits) cover HTTP
 * only: graphql-ws parses and validates on its own, so a signed-in socket skipped them all. Here every operation
 * over the socket meets the same rules, from the same definitions, in Apollo's order — trusted documents, parse,
 * validate, text inputs, rate limits, variables — before it runs, and every error leaves through formatGraphQLError.
 */
@Injectable()
export class GraphQLWsGate {
  /** Also Apollo's options for HTTP (app.module.ts). */
  readonly rules: DocumentRules;

  constructor(
    @Inject(GATEWAY_CONFIG) config: Pick<GatewayConfig, 'env'>,
    private readonly trusted: TrustedDocuments,
    private readonly rateLimits: RateLimitPlugin,
  ) {
    this.rules = documentRules(config.env);
  }

  /** graphql-ws's hooks; `schema` is read per operation (it is built after the server's options). */
  hooks(schema: () => GraphQLSchema): WsHooks {
    return {
      onSubscribe: (ctx, _id, payload) => this.prepare(schema(), ctx as WsContext, payload),
      // Execution errors (a resolver's FORBIDDEN, a fault) are mapped as over HTTP: coded, no internals.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map(formatted) } : undefined,
    };
  }

  /** The operation's execution arguments, or the errors that refuse it (graphql-ws sends them; the socket stays). */
  async prepare(
    schema: GraphQLSchema,
    ctx: WsContext,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const refuse = (errors: readonly unknown[]) => errors.map((e) => new FormattedError(formatted(e)));
    const authorization =
      typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined;
    try {
      await this.trusted.admitSocket(authorization);
      const checked = checkDocument(schema, payload.query, this.rules);
      if (checked.errors) return refuse(checked.errors);
      const { document } = checked;
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) {
        const error = new GraphQLError(
          'Unable to identify the operation: name one of the document’s in operationName.',
        );
        return refuse([requestError(error, ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE, this.rules)]);
      }
      const variableValues = payload.variables ?? {};
      assertTextInputs(schema, document, operation, variableValues);
      await this.rateLimits.countOperation({ operation, document, authorization, request: ctx.extra.request });
      // Over HTTP Apollo answers these as BAD_USER_INPUT; left to graphql-js they would read as a fault.
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues);
      if (coerced.errors)
        return refuse(coerced.errors.map((e) => requestError(e, ApolloServerErrorCode.BAD_USER_INPUT, this.rules)));
      return { schema, document, operationName: payload.operationName, variableValues };
    } catch (err) {
      return refuse([err]);
    }
  }
}

/** The gate and what it needs, for the GraphQL server's wiring. */
@Module({
  imports: [TrustedDocumentsModule, RateLimitModule],
  providers: [GraphQLWsGate],
  exports: [GraphQLWsGate],
})
export class GraphQLWsGateModule {}
