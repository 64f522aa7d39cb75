/** What this reads of urql's CombinedError (structurally, so the unit tests need no browser types). */
export interface RequestError {
  message: string;
  graphQLErrors: readonly { message: string; extensions?: Readonly<Record<string, unknown>> }[];
}

/**
 * What to tell the person about a failed request: the gateway's Chinese `extensions.userMessage`, else (a
 * network error, an older gateway) the error's own message. The English `message` is for developers.
 */
export function userMessageOf(error: RequestError | undefined): string | undefined {
  if (!error) return undefined;
  const said = error.graphQLErrors.find((e) => typeof e.extensions?.userMessage === 'string');
  return (said?.extensions?.userMessage as string | undefined) ?? error.graphQLErrors[0]?.message ?? error.message;
}

/** Two sentences said one after the other: a full stop between them unless the first already ends with one. */
export function thenSay(first: string | undefined, then: string | undefined): string | undefined {
  if (!first || !then) return first ?? then;
  return `${first}${/[。！？.!?]$/.test(first) ? '' : '。'}${then}`;
}
