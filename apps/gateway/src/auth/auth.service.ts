import { Inject, Injectable } from '@nestjs/common';
import { type Bilingual, DomainError, ErrorCode, tokenUsable, type Role, type TokenScope } from '@pirm/domain';
import { AccessTokenRepository, AuthRepository } from '@pirm/persistence';
import { hashAccessTokenSecret, isAccessTokenSecret, wellFormedSecret } from '../access-tokens/secret';
import { GATEWAY_CONFIG } from '../providers';
import type { GatewayConfig } from '../config';
import { TokenVerifier } from '../tokens';
import type { Principal, PrincipalToken } from './principal';

/** One answer for an unknown, revoked or expired access token: the caller learns nothing of which. */
const TOKEN_REFUSED: Bilingual = {
  en: 'The access token is invalid, expired or revoked.',
  zh: '访问令牌无效、已过期或已吊销',
};

@Injectable()
export class AuthService {
  private readonly tokens: TokenVerifier;

  constructor(
    @Inject(GATEWAY_CONFIG) config: Pick<GatewayConfig, 'auth'>,
    private readonly people: AuthRepository,
    private readonly accessTokens?: AccessTokenRepository,
  ) {
    this.tokens = new TokenVerifier(config.auth);
  }

  /**
   * Resolves an `Authorization` header to a principal, or throws UNAUTHENTICATED: a JWT (sign-in) or a personal
   * access token (`pirm_pat_…`). Either way the roles come from the roster as it is now.
   */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!bearer)
      throw new DomainError(ErrorCode.UNAUTHENTICATED, {
        en: 'Sign in: send Authorization: Bearer <token>.',
        zh: '请先登录',
      });
    let code: string;
    let token: PrincipalToken | undefined;
    if (isAccessTokenSecret(bearer)) {
      const found = await this.accessToken(bearer);
      ({ code, ...token } = found);
    } else {
      const subject = await this.tokens.verify(bearer);
      if (!subject)
        throw new DomainError(ErrorCode.UNAUTHENTICATED, {
          en: 'The token is invalid or expired.',
          zh: '登录已失效，请重新登录',
        });
      code = subject;
    }
    const person = await this.people.personWithRoles(code);
    if (!person)
      throw new DomainError(ErrorCode.UNAUTHENTICATED, {
        en: 'The token names nobody on the roster.',
        zh: '花名册中没有这个账号对应的人员，请联系管理员',
      });
    if (person.leftAt)
      throw new DomainError(ErrorCode.UNAUTHENTICATED, {
        en: 'The token names someone who has left the roster.',
        zh: '该人员已离开花名册，不能再登录',
      });
    return {
      personId: person.id,
      code: person.code,
      name: person.name,
      unitId: person.unitId,
      departmentId: person.departmentId,
      postId: person.postId,
      roles: person.roles.map((r) => ({ role: r.role as Role, unitId: r.unitId, departmentId: r.departmentId })),
      ...(token ? { token } : {}),
    };
  }

  /** The stored token a secret names, if it still authenticates; the same refusal otherwise. */
  private async accessToken(secret: string): Promise<PrincipalToken & { code: string }> {
    const row =
      wellFormedSecret(secret) && this.accessTokens
        ? await this.accessTokens.byHash(hashAccessTokenSecret(secret))
        : undefined;
    if (!row || !tokenUsable(row, Date.now())) throw new DomainError(ErrorCode.UNAUTHENTICATED, TOKEN_REFUSED);
    return { id: row.id, scope: row.scope as TokenScope, expiresAt: row.expiresAt, code: row.personCode };
  }
}
