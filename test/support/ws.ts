import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface WsAnswer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
  /** How long the gateway took to answer, in ms. */
  ms: number;
}

/** A graphql-ws client of the gateway at `httpUrl`; `authorization` goes in the connection parameters. */
export function wsClient(httpUrl: string, authorization?: string): Client {
  return createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    // Lazy clients (the default) hang on the next operation after one is unsubscribed at its first result.
    lazy: false,
    // The gateway going away at the end of a test is no failure of the test.
    onNonLazyError: () => undefined,
  });
}

/**
 * One operation over the socket, resolved with its first answer: the data, or the errors it was refused or
 * failed with (an Error message, or errors in a result). A closed socket rejects.
 */
export function wsOnce(client: Client, query: string, variables?: Record<string, unknown>): Promise<WsAnswer> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (r) => {
          unsubscribe();
          resolve({ data: r.data ?? undefined, errors: r.errors as WsAnswer['errors'], ms: Date.now() - t0 });
        },
        error: (e) =>
          Array.isArray(e) ? resolve({ errors: e as WsAnswer['errors'], ms: Date.now() - t0 }) : reject(toError(e)),
        complete: () => undefined,
      },
    );
  });
}

function toError(e: unknown): Error {
  if (e instanceof Error) return e;
  const close = e as { code?: number; reason?: string };
  return new Error(`socket closed: ${close.code ?? '?'} ${close.reason ?? String(e)}`);
}
