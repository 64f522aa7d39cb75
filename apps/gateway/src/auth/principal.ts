import {
  DomainError,
  ErrorCode,
  holdsFor,
  mayCall,
  rolesOf,
  type AccessRule,
  type RoleGrant,
  type TokenScope,
  roleNames,
} from '@pirm/domain';

/** The personal access token a request came with (never its secret). */
export interface PrincipalToken {
  id: string;
  scope: TokenScope;
  expiresAt: Date;
}

/** The signed-in person, with the roles the roster gives them (looked up per request, so revocation is immediate). */
export interface Principal {
  personId: string;
  code: string;
  name: string;
  unitId: string | null;
  departmentId: string | null;
  postId: string | null;
  roles: RoleGrant[];
  /** Set when the caller signed in with a personal access token: its scope narrows what they may call. */
  token?: PrincipalToken;
}

/**
 * Service-layer check of an operation's policy entry: without `unitId`, its audience (as the guard checks it);
 * with one, its UNIT scope (one of its roles for that unit, or district-wide); with null, a district-wide grant
 * of one of its roles. FORBIDDEN otherwise.
 */
export function requireRole(principal: Principal, rule: AccessRule, unitId?: string | null): void {
  if (unitId === undefined ? !mayCall(rule, principal.roles) : !holdsFor(rule, principal.roles, unitId)) {
    throw new DomainError(ErrorCode.FORBIDDEN, {
      en: `This needs one of the roles ${rolesOf(rule).join(', ')}${unitId ? ` for unit ${unitId}` : ''}.`,
      zh: `只有${unitId ? '该单位的' : ''}${roleNames(rolesOf(rule))}可以执行此操作`,
    });
  }
}
