// What each role may do in the console, from the roles `me` returns (the server checks every operation again).

export const REVIEWER_ROLES = [
  'DEPARTMENT_HEAD',
  'SUPERVISING_LEADER',
  'UNIT_LEADING_GROUP',
  'UNIT_PRINCIPAL',
  'DISCIPLINE_TEAM',
  'OFFICE_ADMIN',
] as const;

export interface Grant {
  role: string;
}

export interface Person {
  unitId?: string | null;
  roles: readonly Grant[];
}

export interface MenuEntry {
  path: string;
  label: string;
}

/** The pages a person sees: their own form when they belong to a unit, the inbox when they review. */
export function menuFor(me: Person): MenuEntry[] {
  const menu: MenuEntry[] = [];
  if (me.unitId) menu.push({ path: '/my-form', label: '我的风险防控表' });
  if (me.roles.some((g) => (REVIEWER_ROLES as readonly string[]).includes(g.role)))
    menu.push({ path: '/inbox', label: '待办' });
  menu.push({ path: '/notifications', label: '消息通知' });
  // Everyone may create tokens for a client of their own; what a token may do follows their roles.
  menu.push({ path: '/access-tokens', label: '访问令牌' });
  return menu;
}
