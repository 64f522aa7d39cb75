import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { graphqlDuration, graphqlRequests } from './metrics';

/** The root fields an operation selects, e.g. "decideReviewTask" (a label of bounded cardinality, unlike names). */
function rootFields(operation: OperationDefinitionNode | null | undefined): string {
  const fields = (operation?.selectionSet.selections ?? []).flatMap((s) =>
    s.kind === Kind.FIELD && !s.name.value.startsWith('__') ? [s.name.value] : [],
  );
  return fields.length ? [...new Set(fields)].sort().join(',') : operation ? '__introspection' : '(unparsed)';
}

/** Counts every GraphQL request by its root fields and outcome, and times it. */
export function graphqlMetricsPlugin(): ApolloServerPlugin<{ req?: { operationLabel?: string } }> {
  return {
    requestDidStart() {
      const end = graphqlDuration.startTimer();
      let operation = '(unparsed)';
      return Promise.resolve({
        didResolveOperation({ operation: op, contextValue }) {
          operation = rootFields(op);
          // The request log line names the operation too (nestjs-pino reads it from the request).
          if (contextValue.req) contextValue.req.operationLabel = operation;
          return Promise.resolve();
        },
        willSendResponse({ response }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : null;
          const code = body?.errors?.[0]?.extensions?.code;
          graphqlRequests.inc({ operation, outcome: typeof code === 'string' ? code : 'OK' });
          end({ operation });
          return Promise.resolve();
        },
      });
    },
  };
}
