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

/**
 * The pages a person sees: their own form when they belong to a unit, the inbox when they review, the campaign's
 * overview and units for the office and the discipline team, launching and the roster for the office.
 */
export function menuFor(me: Person): MenuEntry[] {
  const menu: MenuEntry[] = [];
  if (me.unitId) menu.push({ path: '/my-form', label: '我的风险防控表' });
  if (me.roles.some((g) => (REVIEWER_ROLES as readonly string[]).includes(g.role)))
    menu.push({ path: '/inbox', label: '待办' });
  const office = me.roles.some((g) => g.role === 'OFFICE_ADMIN');
  if (office || me.roles.some((g) => g.role === 'DISCIPLINE_TEAM'))
    menu.push({ path: '/office', label: '活动总览' }, { path: '/office/units', label: '单位进度' });
  if (office) menu.push({ path: '/office/launch', label: '启动活动' }, { path: '/office/roster', label: '人员名册' });
  menu.push({ path: '/notifications', label: '消息通知' });
  return menu;
}
