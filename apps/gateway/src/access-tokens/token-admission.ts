import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, TOKEN_SCOPE_LABELS, tokenMayCall, type OperationKind } from '@pirm/domain';
import { AccessTokenRepository } from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import { TokenSessions, type ClosableSocket } from './token-sessions';

/** What the guard hands over of a request made with a personal access token. */
export interface TokenRequest {
  id?: unknown;
  /** The graphql-ws connection's socket, for a subscription. */
  ws?: ClosableSocket;
  /** Set once the request's use is recorded: a request may have many root fields. */
  tokenAdmitted?: boolean;
}

/**
 * What a personal access token adds to the guard's checks, per root field: the scope's rule from the domain
 * (`tokenMayCall`); per request: the use (last used, the first use audited) and, for a subscription, the watch
 * that ends it with the token. (Its rate limit is counted before execution, by RateLimitPlugin.)
 */
@Injectable()
export class TokenAdmission {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly sessions: TokenSessions,
  ) {}

  async admit(req: TokenRequest, principal: Principal, kind: OperationKind, operation: string): Promise<void> {
    const token = principal.token!;
    if (!tokenMayCall(token.scope, kind, operation)) {
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `A ${token.scope} access token (${TOKEN_SCOPE_LABELS[token.scope]}) may not call ${operation}.`,
        zh: `${TOKEN_SCOPE_LABELS[token.scope]}访问令牌不能执行此操作`,
      });
    }
    if (!req.tokenAdmitted) {
      req.tokenAdmitted = true;
      await this.tokens.recordUse(token.id, {
        actor: principal.code,
        role: null,
        requestId: typeof req.id === 'string' ? req.id : null,
      });
    }
    if (kind === 'subscription' && req.ws) this.sessions.watch(token, req.ws);
  }
}
