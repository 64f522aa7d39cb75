import { DomainError, ErrorCode, hasRole, type Role, type RoleGrant } from '@pirm/domain';

/** The signed-in person, with the roles the roster gives them (looked up per request, so revocation is immediate). */
export interface Principal {
  personId: string;
  code: string;
  name: string;
  unitId: string | null;
  departmentId: string | null;
  postId: string | null;
  roles: RoleGrant[];
}

/** Service-layer check: throws FORBIDDEN unless the principal holds `role` for `unitId` (or district-wide). */
export function requireRole(principal: Principal, role: Role, unitId: string | null = null): void {
  if (!hasRole(principal.roles, role, unitId)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `This needs the ${role} role${unitId ? ` for unit ${unitId}` : ''}.`);
  }
}
