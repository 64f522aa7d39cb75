import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';
import { persistedExchange } from '@urql/exchange-persisted';
import { currentToken, signOutTo } from './lib/session';

const here = () => location.pathname + location.search;

/** The hash codegen registered for a document (apps/web/codegen.mts), empty for one it did not generate. */
const registeredHash = (document: unknown): string =>
  (document as { __meta__?: { hash?: string } }).__meta__?.hash ?? '';

/** The console's GraphQL client: HTTP for queries and mutations, graphql-ws for the notification stream. */
export function createClient(): Client {
  const ws = createWsClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    lazy: true,
    connectionParams: () => ({ authorization: `Bearer ${currentToken() ?? ''}` }),
  });
  return new Client({
    url: '/graphql',
    // Apollo's CSRF prevention refuses simple GET requests: every operation goes as a JSON POST.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: { authorization: `Bearer ${currentToken() ?? ''}` } }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) signOutTo(here());
        },
      }),
      cacheExchange,
      // Queries and mutations go by their registered hash, the only form an anonymous caller (the public pages)
      // may use in production (issue 20). A hash the gateway does not know (a console older than the gateway)
      // is sent again with its text, which a signed-in person may still run.
      persistedExchange({
        enableForMutation: true,
        preferGetForPersistedQueries: false,
        generateHash: (_, document) => Promise.resolve(registeredHash(document)),
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
