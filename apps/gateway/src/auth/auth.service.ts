import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Role } from '@pirm/domain';
import { AuthRepository } from '@pirm/persistence';
import { GATEWAY_CONFIG } from '../providers';
import type { GatewayConfig } from '../config';
import { TokenVerifier } from '../tokens';
import type { Principal } from './principal';

@Injectable()
export class AuthService {
  private readonly tokens: TokenVerifier;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly people: AuthRepository,
  ) {
    this.tokens = new TokenVerifier(config.auth);
  }

  /** Resolves an `Authorization` header to a principal, or throws UNAUTHENTICATED. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in: send Authorization: Bearer <token>.');
    const code = await this.tokens.verify(token);
    if (!code) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The token is invalid or expired.');
    const person = await this.people.personWithRoles(code);
    if (!person) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The token names nobody on the roster.');
    if (person.leftAt)
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The token names someone who has left the roster.');
    return {
      personId: person.id,
      code: person.code,
      name: person.name,
      unitId: person.unitId,
      departmentId: person.departmentId,
      postId: person.postId,
      roles: person.roles.map((r) => ({ role: r.role as Role, unitId: r.unitId, departmentId: r.departmentId })),
    };
  }
}
