/** Roles a person can hold, each scoped to a unit or (unit null) to the whole district. */
export enum Role {
  OFFICE_ADMIN = 'OFFICE_ADMIN',
  DEPARTMENT_HEAD = 'DEPARTMENT_HEAD',
  SUPERVISING_LEADER = 'SUPERVISING_LEADER',
  UNIT_LEADING_GROUP = 'UNIT_LEADING_GROUP',
  DISCIPLINE_TEAM = 'DISCIPLINE_TEAM',
  UNIT_PRINCIPAL = 'UNIT_PRINCIPAL',
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  [Role.OFFICE_ADMIN]: '领导小组办公室',
  [Role.DEPARTMENT_HEAD]: '科室(年级组)负责人',
  [Role.SUPERVISING_LEADER]: '分管领导',
  [Role.UNIT_LEADING_GROUP]: '单位领导小组',
  [Role.DISCIPLINE_TEAM]: '派驻纪检组、监察室',
  [Role.UNIT_PRINCIPAL]: '单位主要负责人',
};

export interface RoleGrant {
  role: Role;
  /** null: district-wide. */
  unitId: string | null;
}

/** Whether the grants include `role` for `unitId` (a district-wide grant covers every unit). */
export function hasRole(grants: readonly RoleGrant[], role: Role, unitId: string | null = null): boolean {
  return grants.some((g) => g.role === role && (g.unitId === null || g.unitId === unitId));
}
