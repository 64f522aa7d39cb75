import { CST_OFFSET_MS } from './dates';
import type { FieldError } from './errors';
import { ROLE_SETS, holdsIn } from './policy';
import type { RoleGrant } from './roles';
import type { ReviewTaskStatus } from './review';

/**
 * Outbound notifications (issue 18): who is told what, on which channel, when. Every rule about delivery lives
 * here once; persistence plans the outbox rows with it, the relay composes and retries with it, the gateway
 * decides nudges and dead-letter retries with it.
 */

/** What a notification is about. The in-console row and every outbound message share it. */
export const NOTIFICATION_KINDS = [
  'TASK',
  'REMINDER',
  'ESCALATION',
  'RETURNED',
  'APPROVED',
  'EXTENDED',
  'NOTICE',
  'NUDGE',
  'COMPLAINT',
  'DISPOSAL',
  'EVALUATION',
  'CORRECTION',
  'DIGEST',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  TASK: '新的审查任务',
  REMINDER: '审查任务即将到期',
  ESCALATION: '逾期升级',
  RETURNED: '防控表被退回',
  APPROVED: '防控表审核通过',
  EXTENDED: '审查期限延长',
  NOTICE: '风险点公示开始',
  NUDGE: '催办',
  COMPLAINT: '举报事项',
  DISPOSAL: '处置事项',
  EVALUATION: '评估事项',
  CORRECTION: '修正事项',
  DIGEST: '待办汇总',
};

/** Where a message can go: a person's mailbox or phone, or a group robot of their department or unit. */
export const CHANNELS = ['EMAIL', 'SMS', 'WECOM', 'DINGTALK'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels as a person picks them; the robots are named where they are set up (`ROBOT_KIND_LABELS`). */
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  EMAIL: '电子邮件',
  SMS: '短信',
  WECOM: '企业微信',
  DINGTALK: '钉钉',
};

/** A delivery's life: waiting for its digest (HELD), due or retrying (PENDING), claimed (SENDING), then an end. */
export const DELIVERY_STATUSES = ['HELD', 'PENDING', 'SENDING', 'SENT', 'DEAD', 'SKIPPED', 'DIGESTED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_STATUS_LABELS: Readonly<Record<DeliveryStatus, string>> = {
  HELD: '等待每日汇总',
  PENDING: '待发送',
  SENDING: '发送中',
  SENT: '已发送',
  DEAD: '投递失败',
  SKIPPED: '未发送（渠道未配置）',
  DIGESTED: '已并入每日汇总',
};

export interface QuietHours {
  /** Hour of day in CST, 0–23: quiet from here … */
  start: number;
  /** … until this hour (exclusive); may wrap past midnight (22 → 7). */
  end: number;
}

export interface NotificationPreferences {
  channels: Channel[];
  /** One message a day at this CST hour listing what waits, instead of one per event; null: one per event. */
  digestHour: number | null;
  quietHours: QuietHours | null;
}

export interface Contacts {
  email: string | null;
  mobile: string | null;
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
/** Mainland mobile numbers (the SMS relays of the district's providers take these), optionally +86. */
const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;

export const emailProblem = (v: string): string | null =>
  v.length <= 254 && EMAIL.test(v) ? null : 'must be an e-mail address such as name@school.cn';
export const mobileProblem = (v: string): string | null =>
  MOBILE.test(v) ? null : 'must be a mainland mobile number of 11 digits starting with 1 (optionally +86)';

/** Without a choice of their own a person is e-mailed when an address is known; SMS costs money and robots are opt-in. */
export function defaultPreferences(contacts: Contacts): NotificationPreferences {
  return { channels: contacts.email ? ['EMAIL'] : [], digestHour: null, quietHours: null };
}

export function validatePreferences(p: NotificationPreferences, contacts: Contacts): FieldError[] {
  const errors: FieldError[] = [];
  const hour = (v: number) => Number.isInteger(v) && v >= 0 && v <= 23;
  const checkHour = (field: string, v: number): void => {
    if (!hour(v)) errors.push({ field, reason: 'must be a whole hour from 0 to 23', message: '须为 0 到 23 点的整点' });
  };
  if (new Set(p.channels).size !== p.channels.length)
    errors.push({ field: 'channels', reason: 'must not repeat a channel', message: '同一渠道不能重复选择' });
  p.channels.forEach((c, i) => {
    if (!CHANNELS.includes(c))
      errors.push({
        field: `channels[${i}]`,
        reason: `must be one of ${CHANNELS.join(', ')}`,
        message: '不是可选的渠道',
      });
    else if (c === 'EMAIL' && !contacts.email)
      errors.push({
        field: `channels[${i}]`,
        reason: 'no e-mail address is on the roster for you',
        message: '花名册中没有您的电子邮箱，无法用电子邮件通知',
      });
    else if (c !== 'EMAIL' && !contacts.mobile)
      errors.push({
        field: `channels[${i}]`,
        reason: 'no mobile number is on the roster for you',
        message: `花名册中没有您的手机号码，无法用${CHANNEL_LABELS[c]}通知`,
      });
  });
  if (p.digestHour !== null) checkHour('digestHour', p.digestHour);
  if (p.quietHours) {
    checkHour('quietHours.start', p.quietHours.start);
    checkHour('quietHours.end', p.quietHours.end);
    if (p.quietHours.start === p.quietHours.end)
      errors.push({
        field: 'quietHours.end',
        reason: 'must differ from the start',
        message: '结束时间须与开始时间不同',
      });
  }
  return errors;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The CST hour of day (0–23) of an instant, and the instant of that day's CST midnight. */
const cst = (at: number) => {
  const local = at + CST_OFFSET_MS;
  const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - CST_OFFSET_MS;
  return { hour: Math.floor((at - midnight) / HOUR_MS), midnight };
};

/** The next instant at `hour` o'clock CST strictly after `now`. */
export function nextDigestAt(now: number, hour: number): number {
  const { midnight } = cst(now);
  const today = midnight + hour * HOUR_MS;
  return today > now ? today : today + DAY_MS;
}

/** When quiet hours let a message out: `now` itself outside them, else the end of the quiet spell. */
export function quietUntil(now: number, quiet: QuietHours | null): number {
  if (!quiet) return now;
  const { hour, midnight } = cst(now);
  const wraps = quiet.start > quiet.end;
  const inside = wraps ? hour >= quiet.start || hour < quiet.end : hour >= quiet.start && hour < quiet.end;
  if (!inside) return now;
  const end = midnight + quiet.end * HOUR_MS;
  return end > now ? end : end + DAY_MS;
}

/** A recipient as the outbox planner sees them. */
export interface Recipient extends Contacts {
  personId: string;
  unitId: string | null;
  /** The department's code (the robot of a department's group is configured by unit and department code). */
  departmentCode: string | null;
  left: boolean;
  preferences: NotificationPreferences | null;
}

export interface PlannedDelivery {
  channel: Channel;
  /** E-mail address or mobile for a person's own channels; the group (`unit` or `unit/department`) for robots. */
  address: string;
  /** For robots: the mobile to @-mention in the group. */
  mention: string | null;
  /** HELD until the digest, or PENDING. */
  status: 'HELD' | 'PENDING';
  /** First attempt (or the digest's hour). */
  dueAt: number;
}

/**
 * The deliveries one notification to one person becomes: one per chosen channel the person has a contact for;
 * nothing for someone who has left. A digest holds them until its hour; quiet hours delay them.
 */
export function planDeliveries(r: Recipient, now: number): PlannedDelivery[] {
  if (r.left) return [];
  const prefs = r.preferences ?? defaultPreferences(r);
  const held = prefs.digestHour !== null;
  // A digest whose hour falls in the quiet hours waits for their end too.
  const dueAt = quietUntil(held ? nextDigestAt(now, prefs.digestHour!) : now, prefs.quietHours);
  const status = held ? ('HELD' as const) : ('PENDING' as const);
  const group = r.unitId === null ? null : r.departmentCode ? `${r.unitId}/${r.departmentCode}` : r.unitId;
  const out: PlannedDelivery[] = [];
  for (const channel of prefs.channels) {
    if (channel === 'EMAIL' && r.email) out.push({ channel, address: r.email, mention: null, status, dueAt });
    if (channel === 'SMS' && r.mobile) out.push({ channel, address: r.mobile, mention: null, status, dueAt });
    if ((channel === 'WECOM' || channel === 'DINGTALK') && r.mobile && group)
      out.push({ channel, address: group, mention: r.mobile, status, dueAt });
  }
  return out;
}

// ---- group robots of a unit or a department ----

export const ROBOT_KINDS = ['WECOM', 'DINGTALK'] as const;
export type RobotKind = (typeof ROBOT_KINDS)[number];
export const ROBOT_KIND_LABELS: Readonly<Record<RobotKind, string>> = {
  WECOM: `${CHANNEL_LABELS.WECOM}群机器人`,
  DINGTALK: `${CHANNEL_LABELS.DINGTALK}群机器人`,
};

export interface RobotSettings {
  unitId: string;
  /** null: the unit's own group; else the department's (by its roster code). */
  departmentCode: string | null;
  kind: RobotKind;
  url: string;
  /** 钉钉 加签 (SEC…); null: the robot is secured by keyword or IP list. */
  secret: string | null;
}

/** The group a robot serves, as deliveries address it: `unit` or `unit/department code`. */
export const robotGroup = (unitId: string, departmentCode: string | null): string =>
  departmentCode ? `${unitId}/${departmentCode}` : unitId;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const DINGTALK_SECRET = /^SEC[A-Za-z0-9]{8,128}$/;

/**
 * A robot's settings: an https webhook (http only on loopback, for a local relay or test receiver) without
 * credentials in it, and for 钉钉 加签 a secret as 钉钉 shows it (SEC…); 企业微信 robots take no secret.
 */
export function validateRobot(r: Omit<RobotSettings, 'unitId'>): FieldError[] {
  const errors: FieldError[] = [];
  // Domain code has no URL class: scheme, optional user info, host, optional port, then path/query.
  const url = /^(https?):\/\/([^/?#@\s]*@)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(:\d{1,5})?([/?#]\S*)?$/.exec(r.url);
  if (!url || r.url.length > 2000)
    errors.push({
      field: 'url',
      reason: 'must be the webhook URL the robot shows, e.g. https://qyapi.weixin.qq.com/…',
      message: '请填写机器人设置中显示的 Webhook 地址，如 https://qyapi.weixin.qq.com/…',
    });
  else if (url[1] !== 'https' && !LOOPBACK.has(url[3]!.toLowerCase()))
    errors.push({ field: 'url', reason: 'must use https', message: '地址须以 https:// 开头' });
  else if (url[2])
    errors.push({ field: 'url', reason: 'must not carry a user or password', message: '地址中不能含用户名或密码' });
  if (r.departmentCode !== null && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(r.departmentCode))
    errors.push({
      field: 'departmentCode',
      reason: 'must be a department code of the roster',
      message: '须为花名册中的科室编码',
    });
  if (r.secret !== null && r.kind === 'WECOM')
    errors.push({
      field: 'secret',
      reason: '企业微信 robots take no secret',
      message: '企业微信群机器人不需要填写密钥',
    });
  if (r.secret !== null && r.kind === 'DINGTALK' && !DINGTALK_SECRET.test(r.secret))
    errors.push({
      field: 'secret',
      reason: 'must be the 加签 secret 钉钉 shows, starting with SEC',
      message: '须为钉钉“加签”显示的密钥，以 SEC 开头',
    });
  return errors;
}

/** A webhook URL as answers show it: its query values (the robot's key or access token) cut to 4 characters. */
export function maskWebhookUrl(url: string): string {
  return url.replace(/([?&][^=&#]+=)([^&#]*)/g, (_m, name: string, value: string) =>
    value.length > 4 ? `${name}${value.slice(0, 4)}***` : `${name}***`,
  );
}

/** A named complainant's contact is free text: an e-mail address or a mobile gets a message, anything else none. */
export function complainantChannel(contact: string): { channel: Channel; address: string } | null {
  const c = contact.trim().replace(/[\s-]/g, '');
  if (emailProblem(contact.trim()) === null) return { channel: 'EMAIL', address: contact.trim() };
  if (mobileProblem(c) === null) return { channel: 'SMS', address: c };
  return null;
}

/** Kinds a reviewer acts on (their inbox), and kinds the form's owner acts on (their form). */
const REVIEWER_KINDS: readonly NotificationKind[] = ['TASK', 'REMINDER', 'ESCALATION', 'EXTENDED', 'NUDGE'];
const OWNER_KINDS: readonly NotificationKind[] = ['RETURNED', 'APPROVED'];

/** The console page a message links to: the task in the inbox, the person's form, or the notifications. */
export function consolePath(kind: NotificationKind, taskId: string | null): string {
  if (REVIEWER_KINDS.includes(kind)) return taskId ? `/inbox?task=${encodeURIComponent(taskId)}` : '/inbox';
  if (OWNER_KINDS.includes(kind)) return '/my-form';
  return '/notifications';
}

/**
 * What a group may read: a group robot posts into a chat many people see, so kinds that carry a person's own
 * matter (a return's opinion, a disposal measure, a complaint) say only what happened and where to look.
 */
const PRIVATE_KINDS: readonly NotificationKind[] = ['RETURNED', 'DISPOSAL', 'COMPLAINT', 'CORRECTION', 'EVALUATION'];

export interface ComposedMessage {
  subject: string;
  text: string;
  html: string;
  /** For group robots and SMS: one short text. */
  short: string;
  url: string | null;
}

const SYSTEM = '岗位廉政风险防控';
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The console's base address and a page path (domain code has no URL class: no Node or DOM APIs). */
const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

/** The message of one notification on any channel. `baseUrl` is the console's address. */
export function composeMessage(
  m: { kind: NotificationKind; message: string; path: string | null },
  baseUrl: string,
  forGroup: boolean,
): ComposedMessage {
  const label = NOTIFICATION_KIND_LABELS[m.kind];
  // No path: the recipient has no console account (a complainant), so no link.
  const url = m.path === null ? null : joinUrl(baseUrl, m.path);
  const body = forGroup && PRIVATE_KINDS.includes(m.kind) ? `${label}，请登录系统查看` : m.message;
  return {
    subject: `【${SYSTEM}】${label}`,
    text: `${body}\n\n${url ? `查看：${url}\n\n` : ''}（本邮件由系统自动发送，请勿回复）`,
    html:
      `<p>${escapeHtml(body)}</p>${url ? `<p><a href="${escapeHtml(url)}">在系统中查看</a></p>` : ''}` +
      `<p style="color:#666">本邮件由${SYSTEM}系统自动发送，请勿回复。</p>`,
    short: `【${SYSTEM}】${body}${url ? ` ${url}` : ''}`,
    url,
  };
}

/** One digest message listing what waits, oldest first. */
export function composeDigest(items: { kind: NotificationKind; message: string }[], baseUrl: string): ComposedMessage {
  const url = joinUrl(baseUrl, '/notifications');
  const lines = items.map((i, n) => `${n + 1}. ${NOTIFICATION_KIND_LABELS[i.kind]}：${i.message}`);
  return {
    subject: `【${SYSTEM}】今日待办汇总（${items.length} 条）`,
    text: `${lines.join('\n')}\n\n查看：${url}`,
    html: `<ol>${items.map((i) => `<li>${escapeHtml(NOTIFICATION_KIND_LABELS[i.kind])}：${escapeHtml(i.message)}</li>`).join('')}</ol><p><a href="${escapeHtml(url)}">在系统中查看</a></p>`,
    short: `【${SYSTEM}】您有 ${items.length} 条待办，请登录查看 ${url}`,
    url,
  };
}

/** Retry policy of the relay: exponential from `baseMs`, capped at `maxMs`, `maxAttempts` in all, then dead. */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/** After failed attempt number `attempt` (1-based): when to try again, or null when it was the last (dead letter). */
export function nextAttemptAt(now: number, attempt: number, policy: RetryPolicy): number | null {
  if (attempt >= policy.maxAttempts) return null;
  return now + Math.min(policy.baseMs * 2 ** (attempt - 1), policy.maxMs);
}

/** Addresses shown to the office: enough to tell them apart, not enough to harvest. */
export function maskAddress(address: string | null): string | null {
  if (!address) return null;
  const at = address.indexOf('@');
  if (at > 0) return `${address[0]}***${address.slice(at)}`;
  if (/^\+?\d{7,}$/.test(address)) return `${address.slice(0, 3)}****${address.slice(-4)}`;
  return address;
}

// ---- 催办 (a nudge) ----

/** The facts about a task that decide who may nudge it. */
export interface NudgeTarget {
  unitId: string;
  ownerPersonId: string;
  status: ReviewTaskStatus;
  lastNudgedAt: number | null;
}

/** The office (any unit), the unit's leaders (principal, leading group) and the form's owner may nudge. */
export function mayNudge(grants: readonly RoleGrant[], personId: string, t: NudgeTarget): boolean {
  // The policy's OWN_OR_UNIT scope with the unit's recorders: the leading group, the principal, the office.
  return personId === t.ownerPersonId || holdsIn(grants, ROLE_SETS.unitRecorders, t.unitId);
}

/** When the task may be nudged again: once per `intervalHours` per task. */
export function nudgeAllowedFrom(lastNudgedAt: number | null, intervalHours: number): number {
  return lastNudgedAt === null ? 0 : lastNudgedAt + intervalHours * HOUR_MS;
}

/** What the reviewers are told. */
export function nudgeMessage(by: string, ownerName: string, dueDate: string): string {
  return `${by}催办：${ownerName}的廉政风险识别和防控表等待您审查（期限 ${dueDate}），请尽快处理`;
}
