import type { FormType } from './risk';

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

/** Roles in words, for a refusal: 单位领导小组、单位主要负责人. */
export function roleNames(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_LABELS[r]).join('、');
}

export interface RoleGrant {
  role: Role;
  /** null: district-wide. */
  unitId: string | null;
  /** Set for department-scoped roles (科室负责人, 分管领导): the department covered. */
  departmentId?: string | null;
}

/** Whether the grants include `role` for `unitId` (a district-wide grant covers every unit). */
export function hasRole(grants: readonly RoleGrant[], role: Role, unitId: string | null = null): boolean {
  return grants.some((g) => g.role === role && (g.unitId === null || g.unitId === unitId));
}

/** What decides who may see a risk form. */
export interface FormScope {
  ownerPersonId: string;
  unitId: string;
  departmentId: string | null;
  formType: FormType;
}

/** Roles that read every form of the units they are granted for (all units when granted district-wide). */
const UNIT_FORM_READERS: readonly Role[] = [
  Role.OFFICE_ADMIN,
  Role.DISCIPLINE_TEAM,
  Role.UNIT_LEADING_GROUP,
  Role.UNIT_PRINCIPAL,
];

/**
 * The units whose forms the grants read in full and may therefore list: 'ALL' for a district-wide reader.
 * Department heads and supervising leaders read some forms of a unit; they reach them through their tasks.
 */
export function formListScope(grants: readonly RoleGrant[]): 'ALL' | string[] {
  const readers = grants.filter((g) => UNIT_FORM_READERS.includes(g.role));
  if (readers.some((g) => g.unitId === null)) return 'ALL';
  return [...new Set(readers.map((g) => g.unitId as string))].sort();
}

/**
 * Who may read a form: its owner; the office (district-wide); the discipline team of its unit; the unit's
 * leading group and principal; the head of its department for staff forms; the supervising leader of its
 * department for middle-manager forms. These are the people of the form's review chain (R09).
 */
export function canViewForm(personId: string, grants: readonly RoleGrant[], form: FormScope): boolean {
  if (personId === form.ownerPersonId) return true;
  return grants.some((g) => {
    const inUnit = g.unitId === null || g.unitId === form.unitId;
    if (!inUnit) return false;
    if (UNIT_FORM_READERS.includes(g.role)) return true;
    switch (g.role) {
      case Role.DEPARTMENT_HEAD:
        return form.formType === 'GENERAL_STAFF' && g.departmentId != null && g.departmentId === form.departmentId;
      case Role.SUPERVISING_LEADER:
        return form.formType === 'MIDDLE_MANAGER' && g.departmentId != null && g.departmentId === form.departmentId;
      default:
        return false;
    }
  });
}
