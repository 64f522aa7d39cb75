import { Client, fetchExchange, subscriptionExchange, type CombinedError } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

/** The gateway's error codes a client must handle (`extensions.code`), with what to tell the reviewer. */
export const ERROR_MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: '令牌无效、已过期或已被撤销，请在控制台「访问令牌」页面重新创建',
  FORBIDDEN: '无权执行此操作（令牌的权限范围或您在花名册中的角色不允许）',
  NOT_FOUND: '未找到',
  CONFLICT: '状态已变化（例如表单已更新或该步骤已有决定），请刷新后重试',
  VALIDATION_FAILED: '输入有误',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  DEADLINE_EXCEEDED: '服务繁忙，请稍后重试',
  UNAVAILABLE: '服务暂不可用，请稍后重试',
  INTERNAL: '服务内部错误',
};

/** A field at fault as the gateway names it: `reason` in English for programs, `message` in Chinese for the reviewer. */
export interface FieldErrorInfo {
  field: string;
  reason: string;
  message: string;
}

/** A coded failure of a GraphQL call: the code, a Chinese message, and the fields at fault. */
export class ReviewerClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldErrorInfo[] = [],
  ) {
    super(message);
  }
}

/** Turns urql's error into a ReviewerClientError that names the gateway's code. */
export function clientError(error: CombinedError): ReviewerClientError {
  const gql = error.graphQLErrors[0];
  const code =
    typeof gql?.extensions?.code === 'string' ? gql.extensions.code : error.networkError ? 'NETWORK' : 'INTERNAL';
  const fieldErrors = (gql?.extensions?.fieldErrors as FieldErrorInfo[] | undefined) ?? [];
  const detail = fieldErrors.length ? `：${fieldErrors.map((f) => `${f.field} ${f.message}`).join('；')}` : '';
  const known = ERROR_MESSAGES[code] ?? (code === 'NETWORK' ? `无法连接到服务：${error.networkError?.message}` : code);
  return new ReviewerClientError(code, `${known}${detail}`, fieldErrors);
}

export interface ReviewerConnection {
  client: Client;
  /** Closes the WebSocket (if one was opened). */
  close(): Promise<void>;
  /** Called with the close code when the server closes the subscription socket (4403: the token stopped working). */
  onClosed(listener: (code: number) => void): void;
}

/**
 * An urql client for the gateway: queries and mutations over HTTP POST, subscriptions over graphql-ws at the
 * same path, both with `Authorization: Bearer <personal access token>`. The WebSocket opens only when a
 * subscription starts (graphql-ws's `lazy` default) and is not retried after the server closes it.
 */
export function connect(url: string, token: string): ReviewerConnection {
  const listeners: ((code: number) => void)[] = [];
  let ws: WsClient | undefined;
  const wsClient = (): WsClient =>
    (ws ??= createWsClient({
      url: url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      on: { closed: (e) => listeners.forEach((l) => l((e as { code: number }).code)) },
    }));
  const client = new Client({
    url: `${url}/graphql`,
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: wsClient().subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });
  return {
    client,
    close: async () => {
      await ws?.dispose();
    },
    onClosed: (l) => listeners.push(l),
  };
}
