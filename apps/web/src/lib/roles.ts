// What each role may do in the console, from the roles `me` returns (the server checks every operation again).

export const REVIEWER_ROLES = [
  'DEPARTMENT_HEAD',
  'SUPERVISING_LEADER',
  'UNIT_LEADING_GROUP',
  'UNIT_PRINCIPAL',
  'DISCIPLINE_TEAM',
  'OFFICE_ADMIN',
] as const;

/** Who leads a unit's campaign work: mobilisation, the notice's comments, the archive, execution records. */
export const UNIT_LEADER_ROLES = ['UNIT_PRINCIPAL', 'UNIT_LEADING_GROUP'] as const;

/** Who handles oversight matters (complaints, disposal, evaluation, correction): the office and the discipline team. */
export const OVERSIGHT_ROLES = ['OFFICE_ADMIN', 'DISCIPLINE_TEAM'] as const;

export interface Grant {
  role: string;
  unitId?: string | null;
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
 * The pages a person sees: their own form when they belong to a unit, the inbox when they review, their unit's
 * work and forms when they lead it, the campaign's overview, units, forms, exports, audit and oversight for the office and the
 * discipline team, launching, the roster, the configuration and the outbound messages (消息投递) for the office.
 */
export function menuFor(me: Person): MenuEntry[] {
  const menu: MenuEntry[] = [];
  if (me.unitId) menu.push({ path: '/my-form', label: '我的风险防控表' });
  if (me.roles.some((g) => (REVIEWER_ROLES as readonly string[]).includes(g.role)))
    menu.push({ path: '/inbox', label: '待办' });
  const office = me.roles.some((g) => g.role === 'OFFICE_ADMIN');
  const watches = office || me.roles.some((g) => g.role === 'DISCIPLINE_TEAM');
  if (leadsUnit(me)) {
    menu.push({ path: '/unit', label: '本单位工作' }, { path: '/unit/execution', label: '执行记录' });
    if (!watches) menu.push({ path: '/forms', label: '本单位风险防控表' });
  }
  if (watches)
    menu.push(
      { path: '/office', label: '活动总览' },
      { path: '/office/units', label: '单位进度' },
      { path: '/forms', label: '风险防控表' },
      { path: '/office/exports', label: '导出与审计' },
    );
  if (office)
    menu.push(
      { path: '/office/launch', label: '启动活动' },
      { path: '/office/roster', label: '人员名册' },
      { path: '/office/configuration', label: '配置' },
      { path: '/office/deliveries', label: '消息投递' },
    );
  if (oversees(me)) menu.push({ path: '/oversight', label: '监督管理' });
  menu.push({ path: '/notifications', label: '消息通知' });
  // Everyone may create tokens for a client of their own; what a token may do follows their roles.
  menu.push({ path: '/access-tokens', label: '访问令牌' });
  return menu;
}

/** The units whose oversight matters the person handles (null: every unit, district-wide); none: not theirs. */
export function oversightUnits(me: Person): (string | null)[] {
  return me.roles.filter((g) => (OVERSIGHT_ROLES as readonly string[]).includes(g.role)).map((g) => g.unitId ?? null);
}

export const oversees = (me: Person): boolean => oversightUnits(me).length > 0;

/** The unit whose campaign work the person leads (as principal or in its leading group), if any. */
export function leadsUnit(me: Person): string | null {
  return me.roles.find((g) => (UNIT_LEADER_ROLES as readonly string[]).includes(g.role))?.unitId ?? null;
}
