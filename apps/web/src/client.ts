import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';
import { currentToken, signOutTo } from './lib/session';

const here = () => location.pathname + location.search;

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
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
