import { Inject, Injectable } from '@nestjs/common';
import {
  ACCESS_TOKENS_ACTIVE_MAX,
  DomainError,
  ErrorCode,
  accessTokenProblems,
  assertValid,
  defaultTokenDays,
  mayManageAccessTokensOf,
  Role,
} from '@pirm/domain';
import { AccessTokenRepository, type AccessTokenRow } from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../providers';
import { hashAccessTokenSecret, newAccessTokenSecret } from './secret';
import type { AccessTokenSettings } from './settings';

const DAY_MS = 24 * 3600_000;

export interface CreateTokenRequest {
  name: string;
  scope: string;
  expiresInDays?: number | null;
}

/** Personal access tokens: a person creates, lists and revokes their own; the office revokes anyone's. */
@Injectable()
export class AccessTokensService {
  private readonly settings: AccessTokenSettings;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly tokens: AccessTokenRepository,
  ) {
    this.settings = config.accessTokens;
  }

  /** Creates a token for the caller; the secret is returned here and nowhere else. */
  async create(
    principal: Principal,
    req: CreateTokenRequest,
    requestId: string | null,
  ): Promise<{ token: AccessTokenRow; secret: string }> {
    assertValid(accessTokenProblems(req, this.settings.maxLifetimeDays));
    const days = req.expiresInDays ?? defaultTokenDays(this.settings.maxLifetimeDays);
    const secret = newAccessTokenSecret();
    const token = await this.tokens.create(
      {
        personId: principal.personId,
        name: req.name.trim(),
        scope: req.scope,
        tokenHash: hashAccessTokenSecret(secret),
        expiresAt: new Date(Date.now() + days * DAY_MS),
      },
      ACCESS_TOKENS_ACTIVE_MAX,
      { actor: principal.code, role: null, requestId },
    );
    if (!token) {
      throw new DomainError(ErrorCode.CONFLICT, {
        en: `You already hold ${ACCESS_TOKENS_ACTIVE_MAX} active access tokens: revoke one first.`,
        zh: `您已有 ${ACCESS_TOKENS_ACTIVE_MAX} 个有效的访问令牌，请先吊销一个`,
      });
    }
    return { token, secret };
  }

  /** A person's tokens: the caller's own, or (the office) anyone's. */
  async list(principal: Principal, personId: string | null, first: number): Promise<AccessTokenRow[]> {
    const owner = personId ?? principal.personId;
    this.mayManage(principal, owner);
    return this.tokens.list(owner, first);
  }

  /** Revokes a token: the owner's own, or anyone's by the office. Revoking twice is harmless. */
  async revoke(principal: Principal, id: string, requestId: string | null): Promise<AccessTokenRow> {
    const token = await this.tokens.find(id);
    if (!token) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No access token ${id}.`, zh: '没有这个访问令牌' });
    this.mayManage(principal, token.personId);
    const own = token.personId === principal.personId;
    const revoked = await this.tokens.revoke(id, {
      actor: principal.code,
      role: own ? null : Role.OFFICE_ADMIN,
      requestId,
    });
    return revoked ?? token;
  }

  private mayManage(principal: Principal, ownerPersonId: string): void {
    if (!mayManageAccessTokensOf(principal.roles, principal.personId, ownerPersonId))
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'Only the token’s owner or the office may see or revoke it.',
        zh: '只有令牌本人或领导小组办公室可以查看或吊销该令牌',
      });
  }
}

/** What the list says of a token at `now`. */
export function tokenStatus(t: Pick<AccessTokenRow, 'revokedAt' | 'expiresAt'>, now = Date.now()): string {
  if (t.revokedAt) return 'REVOKED';
  return t.expiresAt.getTime() <= now ? 'EXPIRED' : 'ACTIVE';
}
