import { DataSource, type EntityManager } from 'typeorm';
import {
  complainantChannel,
  consolePath,
  nudgeMessage,
  planDeliveries,
  dateOf,
  maskWebhookUrl,
  robotGroup,
  type Channel,
  type RobotKind,
  type RobotSettings,
  type DeliveryStatus,
  type NotificationKind,
  type NotificationPreferences,
  type NudgeTarget,
  type Recipient,
} from '@pirm/domain';
import { NotificationPreferenceEntity } from './entities/notification-outbox.entities';
import { appendAudit, DISTRICT_CHAIN } from './audit.repository';

type Db = DataSource | EntityManager;

/** Runs `fn` in the caller's transaction when there is one, else in a new one. */
export function inTransaction<T>(db: Db, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (!(db instanceof DataSource) && db.queryRunner?.isTransactionActive) return fn(db);
  return db.transaction(fn);
}

interface RecipientRow {
  id: string;
  email: string | null;
  mobile: string | null;
  unit_id: string | null;
  department_code: string | null;
  left: boolean;
  channels: Channel[] | null;
  digest_hour: number | null;
  quiet_start: number | null;
  quiet_end: number | null;
}

const preferencesOf = (r: Pick<RecipientRow, 'channels' | 'digest_hour' | 'quiet_start' | 'quiet_end'>) =>
  r.channels === null
    ? null
    : {
        channels: r.channels,
        digestHour: r.digest_hour,
        quietHours: r.quiet_start === null || r.quiet_end === null ? null : { start: r.quiet_start, end: r.quiet_end },
      };

/**
 * The outbox rows of new notification rows, inside the transaction that inserted them: each person's
 * deliveries as the domain plans them from their contacts and preferences as they are now.
 */
async function queueDeliveries(
  tx: EntityManager,
  rows: readonly { id: string; personId: string }[],
  kind: NotificationKind,
  message: string,
  formId: string | null,
): Promise<void> {
  if (!rows.length) return;
  const people: RecipientRow[] = await tx.query(
    `SELECT p.id, p.email, p.mobile, p.unit_id, d.code AS department_code, p.left_at IS NOT NULL AS left,
            np.channels, np.digest_hour, np.quiet_start, np.quiet_end
     FROM person p LEFT JOIN department d ON d.id = p.department_id
     LEFT JOIN notification_preference np ON np.person_id = p.id
     WHERE p.id = ANY($1::uuid[])`,
    [rows.map((r) => r.personId)],
  );
  // The task each reviewer is linked to: the form's open task that waits for them.
  const tasks: { id: string; assignees: string[] }[] = formId
    ? await tx.query(
        `SELECT id, assignees FROM review_task WHERE form_id = $1 AND status = 'OPEN' ORDER BY opened_at DESC`,
        [formId],
      )
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const now = Date.now();
  const out: DeliveryInsert[] = [];
  for (const row of rows) {
    const p = byId.get(row.personId);
    if (!p) continue;
    const recipient: Recipient = {
      personId: p.id,
      email: p.email,
      mobile: p.mobile,
      unitId: p.unit_id,
      departmentCode: p.department_code,
      left: p.left,
      preferences: preferencesOf(p),
    };
    const taskId = tasks.find((t) => t.assignees.includes(p.id))?.id ?? null;
    for (const d of planDeliveries(recipient, now)) {
      out.push({
        id: `${row.id}:${d.channel}`,
        source: row.id,
        personId: p.id,
        channel: d.channel,
        address: d.address,
        mention: d.mention,
        kind,
        message,
        path: consolePath(kind, taskId),
        status: d.status,
        dueAt: d.dueAt,
      });
    }
  }
  await insertDeliveries(tx, out);
}

interface DeliveryInsert {
  id: string;
  source: string;
  personId: string | null;
  channel: Channel;
  address: string | null;
  mention: string | null;
  kind: NotificationKind;
  message: string;
  path: string | null;
  status: DeliveryStatus;
  dueAt: number;
}

async function insertDeliveries(tx: EntityManager, d: readonly DeliveryInsert[]): Promise<void> {
  if (!d.length) return;
  await tx.query(
    `INSERT INTO notification_delivery (id, source, person_id, channel, address, mention, kind, message, path, status, next_attempt_at)
     SELECT v.id, v.source, v.person_id, v.channel, v.address, v.mention, v.kind, v.message, v.path, v.status, to_timestamp(v.due / 1000.0)
     FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::float8[])
       AS v(id, source, person_id, channel, address, mention, kind, message, path, status, due)
     ON CONFLICT (id) DO NOTHING`,
    [
      d.map((x) => x.id),
      d.map((x) => x.source),
      d.map((x) => x.personId),
      d.map((x) => x.channel),
      d.map((x) => x.address),
      d.map((x) => x.mention),
      d.map((x) => x.kind),
      d.map((x) => x.message),
      d.map((x) => x.path),
      d.map((x) => x.status),
      d.map((x) => x.dueAt),
    ],
  );
}

/** A notification for an event, one row per person (see `addNotifications`). */
export interface NotificationWrite {
  key: string;
  personIds: string[];
  kind: NotificationKind;
  message: string;
  formId: string | null;
}

/** Each notification of an event's cause, written in the cause's transaction `tx`. */
export async function addNotificationWrites(tx: EntityManager, writes: readonly NotificationWrite[]): Promise<void> {
  for (const n of writes) await addNotifications(tx, n.key, n.personIds, n.kind, n.message, n.formId);
}

/**
 * One notification per person for an event, and its outbox rows, in one transaction (the caller's when it
 * has one). The key makes a retried activity write nothing twice: a notification already there was queued
 * with it, so only newly inserted rows are queued.
 */
export async function addNotifications(
  db: Db,
  key: string,
  personIds: readonly string[],
  kind: NotificationKind,
  message: string,
  formId: string | null,
): Promise<void> {
  if (!personIds.length) return;
  await inTransaction(db, async (tx) => {
    const inserted: { id: string; person_id: string }[] = await tx.query(
      `INSERT INTO notification (id, person_id, kind, message, form_id)
       SELECT $1 || ':' || p, p, $3, $4, $5 FROM (SELECT DISTINCT unnest($2::uuid[]) AS p) AS people
       ON CONFLICT (id) DO NOTHING RETURNING id, person_id`,
      [key, personIds, kind, message, formId],
    );
    await queueDeliveries(
      tx,
      inserted.map((r) => ({ id: r.id, personId: r.person_id })),
      kind,
      message,
      formId,
    );
  });
}

/**
 * Queues a message to a named complainant (once per key) with its delivery, in one transaction (the caller's
 * when it has one: the complaint's projection that concluded it); anonymous
 * complaints have no contact and get none. The contact is not copied into the outbox: the relay reads it
 * from complaint_contact when it sends, so it stays where only the office and the discipline team read it.
 * Returns whether there was anyone to tell.
 */
export function queueComplainantMessage(db: Db, key: string, complaintId: string, message: string): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const rows: { contact: string }[] = await tx.query(
      `WITH ins AS (
         INSERT INTO complaint_message (key, complaint_id, message)
         SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM complaint_contact WHERE complaint_id = $2)
         ON CONFLICT (key) DO NOTHING RETURNING complaint_id)
       SELECT c.contact FROM ins JOIN complaint_contact c ON c.complaint_id = ins.complaint_id`,
      [key, complaintId, message],
    );
    const contact = rows[0]?.contact;
    if (contact === undefined) return false;
    const target = complainantChannel(contact);
    if (target) {
      const source = `complaint:${key}`;
      await insertDeliveries(tx, [
        {
          id: `${source}:${target.channel}`,
          source,
          personId: null,
          channel: target.channel,
          address: null,
          mention: null,
          kind: 'COMPLAINT',
          message,
          path: null,
          status: 'PENDING',
          dueAt: Date.now(),
        },
      ]);
    }
    return true;
  });
}

/** The people of a unit who are told that its public notice opened (R13): everyone on its roster. */
export async function notifyNoticeOpened(
  tx: EntityManager,
  campaignId: string,
  unitId: string,
  opensAt: number,
  closesAt: number,
): Promise<void> {
  const people: { id: string }[] = await tx.query(`SELECT id FROM person WHERE unit_id = $1 AND left_at IS NULL`, [
    unitId,
  ]);
  const key = `notice-open:${campaignId}:${unitId}:${opensAt}`;
  const message = `本单位岗位廉政风险点公示已开始，至 ${dateOf(closesAt - 1)} 结束，欢迎监督`;
  await addNotifications(
    tx,
    key,
    people.map((p) => p.id),
    'NOTICE',
    message,
    null,
  );
  await queueGroupDeliveries(tx, key, unitId, 'NOTICE', message);
}

// ---- group robots of a unit or a department ----

/**
 * A unit's event posted once to each group robot its unit has (the unit's own group, not its departments'),
 * in the caller's transaction; the key makes a retried event queue nothing twice. Nothing when it has none.
 */
export async function queueGroupDeliveries(
  tx: EntityManager,
  key: string,
  unitId: string,
  kind: NotificationKind,
  message: string,
): Promise<void> {
  const robots: { kind: RobotKind }[] = await tx.query(
    `SELECT kind FROM notify_robot WHERE unit_id = $1 AND department_code = '' ORDER BY kind`,
    [unitId],
  );
  await insertDeliveries(
    tx,
    robots.map((r) => ({
      id: `${key}:group:${r.kind}`,
      source: key,
      personId: null,
      channel: r.kind,
      address: robotGroup(unitId, null),
      mention: null,
      kind,
      message,
      path: consolePath(kind, null),
      status: 'PENDING' as const,
      dueAt: Date.now(),
    })),
  );
}

/** A robot as answers show it: never its secret, only whether it has one. */
export interface RobotRow {
  unitId: string;
  departmentCode: string | null;
  kind: RobotKind;
  url: string;
  signed: boolean;
  updatedAt: Date;
}

const ROBOT_COLUMNS = `unit_id AS "unitId", nullif(department_code, '') AS "departmentCode", kind, url,
  secret IS NOT NULL AS signed, updated_at AS "updatedAt"`;

/** A unit's robots: its own group's and its departments'. */
export function listRobots(ds: DataSource, unitId: string): Promise<RobotRow[]> {
  return ds.query(`SELECT ${ROBOT_COLUMNS} FROM notify_robot WHERE unit_id = $1 ORDER BY department_code, kind`, [
    unitId,
  ]);
}

/** Whether the unit (and, given one, its department by code) is on the roster: a robot needs its group. */
export async function robotGroupExists(ds: DataSource, unitId: string, departmentCode: string | null) {
  const [row] = (await ds.query(
    `SELECT EXISTS (SELECT 1 FROM unit WHERE id = $1) AS unit,
            $2::text IS NULL OR EXISTS (SELECT 1 FROM department WHERE unit_id = $1 AND code = $2) AS department`,
    [unitId, departmentCode],
  )) as { unit: boolean; department: boolean }[];
  return row!;
}

/** Sets (or replaces) a group's robot of one kind, audited in the same transaction (the secret is not). */
export async function saveRobot(ds: DataSource, r: RobotSettings, by: string): Promise<RobotRow> {
  return ds.transaction(async (tx) => {
    const rows = (await tx.query(
      `INSERT INTO notify_robot (unit_id, department_code, kind, url, secret, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (unit_id, department_code, kind) DO UPDATE
         SET url = EXCLUDED.url, secret = EXCLUDED.secret, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${ROBOT_COLUMNS}`,
      [r.unitId, r.departmentCode ?? '', r.kind, r.url, r.secret, by],
    )) as RobotRow[];
    const row = rows[0]!;
    await appendAudit(tx, {
      chain: DISTRICT_CHAIN,
      actor: by,
      role: null,
      action: 'NOTIFY_ROBOT_SET',
      target: `robot:${robotGroup(r.unitId, r.departmentCode)}:${r.kind}`,
      after: { url: maskWebhookUrl(r.url), signed: r.secret !== null },
      key: `robot:${robotGroup(r.unitId, r.departmentCode)}:${r.kind}:${row.updatedAt.toISOString()}`,
    });
    return row;
  });
}

/** Removes a group's robot of one kind; whether there was one. */
export async function removeRobot(
  ds: DataSource,
  r: Pick<RobotSettings, 'unitId' | 'departmentCode' | 'kind'>,
  by: string,
): Promise<boolean> {
  return ds.transaction(async (tx) => {
    const rows = (await tx.query(
      `DELETE FROM notify_robot WHERE unit_id = $1 AND department_code = $2 AND kind = $3 RETURNING kind`,
      [r.unitId, r.departmentCode ?? '', r.kind],
    )) as unknown[];
    const removed = (Array.isArray(rows[0]) ? rows[0] : rows).length > 0;
    if (removed)
      await appendAudit(tx, {
        chain: DISTRICT_CHAIN,
        actor: by,
        role: null,
        action: 'NOTIFY_ROBOT_REMOVE',
        target: `robot:${robotGroup(r.unitId, r.departmentCode)}:${r.kind}`,
        key: `robot-remove:${robotGroup(r.unitId, r.departmentCode)}:${r.kind}:${Date.now()}`,
      });
    return removed;
  });
}

/** The robot a delivery to `group` (`unit` or `unit/department`) goes to: the department's, else its unit's. */
export async function findRobotFor(
  ds: DataSource,
  kind: RobotKind,
  group: string,
): Promise<{ url: string; secret: string | null } | null> {
  const [unitId, departmentCode = ''] = group.split('/');
  const [row] = (await ds.query(
    `SELECT url, secret FROM notify_robot WHERE kind = $1 AND unit_id = $2 AND department_code IN ($3, '')
     ORDER BY department_code DESC LIMIT 1`,
    [kind, unitId, departmentCode],
  )) as { url: string; secret: string | null }[];
  return row ?? null;
}

// ---- the relay ----

/** A claimed delivery, with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  source: string;
  channel: Channel;
  /** The complainant's contact, read now, for complaint messages. */
  address: string | null;
  mention: string | null;
  kind: NotificationKind;
  message: string;
  path: string | null;
  attempts: number;
  /** A digest's items, oldest first. */
  items: { kind: NotificationKind; message: string }[];
}

/**
 * Claims up to `limit` due deliveries for `leaseMs`: PENDING ones whose time has come and SENDING ones whose
 * claim lapsed (their relay died). Each claim counts as an attempt. SKIP LOCKED lets several relays share the work.
 * `now` is the relay's clock (the time digests and quiet hours are measured against; tests move it).
 */
export async function claimDueDeliveries(
  ds: DataSource,
  limit: number,
  leaseMs: number,
  now: number,
): Promise<ClaimedDelivery[]> {
  const result = (await ds.query(
    `UPDATE notification_delivery d
     SET status = 'SENDING', attempts = d.attempts + 1, next_attempt_at = to_timestamp(($3 + $2) / 1000.0), updated_at = now()
     FROM (SELECT id FROM notification_delivery
           WHERE status IN ('PENDING', 'SENDING') AND next_attempt_at <= to_timestamp($3 / 1000.0)
           ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) c
     WHERE d.id = c.id
     RETURNING d.id, d.source, d.channel, d.mention, d.kind, d.message, d.path, d.attempts,
       coalesce(d.address, (SELECT cc.contact FROM complaint_message m JOIN complaint_contact cc ON cc.complaint_id = m.complaint_id
                            WHERE 'complaint:' || m.key = d.source)) AS address,
       CASE WHEN d.kind = 'DIGEST' THEN (
         SELECT coalesce(json_agg(json_build_object('kind', i.kind, 'message', i.message) ORDER BY i.created_at, i.id), '[]'::json)
         FROM notification_delivery i WHERE i.digest_id = d.id) ELSE '[]'::json END AS items`,
    [limit, leaseMs, now],
  )) as unknown[];
  const rows = (Array.isArray(result[0]) ? result[0] : result) as ClaimedDelivery[];
  // A complainant's free-text contact, read just now, as the channel expects it ("139-0000-2222" → 13900002222).
  return rows.map((r) =>
    r.source.startsWith('complaint:') && r.address !== null
      ? { ...r, address: complainantChannel(r.address)?.address ?? null }
      : r,
  );
}

/** The delivery reached its receiver: SENT; a complaint message is marked sent with it. */
export async function markDeliverySent(ds: DataSource, id: string): Promise<void> {
  await ds.transaction(async (tx) => {
    const rows = (await tx.query(
      `UPDATE notification_delivery SET status = 'SENT', sent_at = now(), last_error = NULL, updated_at = now()
       WHERE id = $1 AND status = 'SENDING' RETURNING source`,
      [id],
    )) as unknown[];
    const [row] = (Array.isArray(rows[0]) ? rows[0] : rows) as { source: string }[];
    if (row?.source.startsWith('complaint:'))
      await tx.query(`UPDATE complaint_message SET sent_at = now() WHERE key = $1 AND sent_at IS NULL`, [
        row.source.slice('complaint:'.length),
      ]);
  });
}

/** A failed attempt: due again at `retryAt`, or DEAD (a dead letter for the office) when there is none. */
export async function markDeliveryFailed(ds: DataSource, id: string, error: string, retryAt: number | null) {
  await ds.query(
    `UPDATE notification_delivery SET status = $3, last_error = $2, updated_at = now(),
       next_attempt_at = coalesce(to_timestamp($4 / 1000.0), next_attempt_at)
     WHERE id = $1 AND status = 'SENDING'`,
    [id, error.slice(0, 1000), retryAt === null ? 'DEAD' : 'PENDING', retryAt],
  );
}

/** Nothing to send it with (the channel is not configured here, or no group robot for the group). */
export async function markDeliverySkipped(ds: DataSource, id: string, reason: string): Promise<void> {
  await ds.query(
    `UPDATE notification_delivery SET status = 'SKIPPED', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'SENDING'`,
    [id, reason],
  );
}

/**
 * Folds held deliveries whose digest hour has come into one digest delivery per person, channel and hour,
 * in one statement. The digest's id names the hour, so folding again adds nothing. Returns how many digests.
 */
export async function foldDueDigests(ds: DataSource, now: number): Promise<number> {
  const rows: unknown[] = await ds.query(
    `WITH due AS (
       SELECT id, person_id, channel, address, mention, next_attempt_at FROM notification_delivery
       WHERE status = 'HELD' AND next_attempt_at <= to_timestamp($1 / 1000.0) FOR UPDATE SKIP LOCKED
     ), groups AS (
       SELECT 'digest:' || person_id || ':' || channel || ':' || (extract(epoch FROM next_attempt_at) * 1000)::bigint AS id,
              person_id, channel, next_attempt_at, max(address) AS address, max(mention) AS mention, count(*) AS n
       FROM due GROUP BY person_id, channel, next_attempt_at
     ), ins AS (
       INSERT INTO notification_delivery (id, source, person_id, channel, address, mention, kind, message, path, status, next_attempt_at)
       SELECT id, id, person_id, channel, address, mention, 'DIGEST', n || ' 条待办', '/notifications', 'PENDING', to_timestamp($1 / 1000.0) FROM groups
       ON CONFLICT (id) DO NOTHING RETURNING id
     ), folded AS (
       UPDATE notification_delivery d SET status = 'DIGESTED', digest_id = g.id, updated_at = now()
       FROM due, groups g
       WHERE d.id = due.id AND g.person_id = due.person_id AND g.channel = due.channel AND g.next_attempt_at = due.next_attempt_at
     )
     SELECT id FROM ins`,
    [now],
  );
  return rows.length;
}

/** When the next delivery falls due (held, pending or a lapsing claim), if any. */
export async function nextDeliveryDueAt(ds: DataSource): Promise<number | null> {
  const [row] = (await ds.query(
    `SELECT extract(epoch FROM min(next_attempt_at)) * 1000 AS at FROM notification_delivery WHERE status IN ('HELD', 'PENDING', 'SENDING')`,
  )) as { at: string | null }[];
  return row?.at == null ? null : Number(row.at);
}

// ---- what people and the office see ----

export interface DeliveryRow {
  id: string;
  source: string;
  personId: string | null;
  /** The person's 工号; null for a complainant. */
  personCode: string | null;
  personName: string | null;
  channel: Channel;
  address: string | null;
  kind: NotificationKind;
  message: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

const DELIVERY_COLUMNS = `d.id, d.source, d.person_id AS "personId", p.code AS "personCode", p.name AS "personName", d.channel, d.address, d.kind, d.message,
  d.status, d.attempts, d.next_attempt_at AS "nextAttemptAt", d.last_error AS "lastError", d.sent_at AS "sentAt", d.created_at AS "createdAt"`;

/** A page of deliveries, newest first (keyset on created_at, id); `limit + 1` rows tell whether there is more. */
export function listDeliveries(
  ds: DataSource,
  filter: { status?: DeliveryStatus; personId?: string },
  limit: number,
  after?: { createdAt: Date; id: string },
): Promise<DeliveryRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (n: number) => string, v: unknown) => {
    params.push(v);
    where.push(sql(params.length));
  };
  if (filter.status) add((n) => `d.status = $${n}`, filter.status);
  if (filter.personId) add((n) => `d.person_id = $${n}`, filter.personId);
  if (after) {
    params.push(after.createdAt, after.id);
    where.push(`(d.created_at, d.id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(limit + 1);
  return ds.query(
    `SELECT ${DELIVERY_COLUMNS} FROM notification_delivery d LEFT JOIN person p ON p.id = d.person_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.length}`,
    params,
  );
}

export async function findDelivery(ds: DataSource, id: string): Promise<DeliveryRow | null> {
  const [row] = (await ds.query(
    `SELECT ${DELIVERY_COLUMNS} FROM notification_delivery d LEFT JOIN person p ON p.id = d.person_id WHERE d.id = $1`,
    [id],
  )) as DeliveryRow[];
  return row ?? null;
}

/** The deliveries of the given notifications (their outbox rows), for showing each message's state. */
export function deliveriesOf(ds: DataSource, notificationIds: readonly string[]): Promise<DeliveryRow[]> {
  return ds.query(
    `SELECT ${DELIVERY_COLUMNS} FROM notification_delivery d LEFT JOIN person p ON p.id = d.person_id
     WHERE d.source = ANY($1::text[]) ORDER BY d.created_at, d.id`,
    [notificationIds],
  );
}

/**
 * The office sends a dead letter again: it becomes PENDING with fresh attempts, audited in the same
 * transaction. Returns the row as it is now, or null when there is no such delivery; a delivery that is not
 * DEAD is returned unchanged (the caller reports the conflict).
 */
export async function retryDeadDelivery(
  ds: DataSource,
  id: string,
  by: string,
): Promise<{ retried: boolean; row: DeliveryRow | null }> {
  const retried = await ds.transaction(async (tx) => {
    const rows = (await tx.query(
      `UPDATE notification_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'DEAD' RETURNING id, last_error`,
      [id],
    )) as unknown[];
    const [row] = (Array.isArray(rows[0]) ? rows[0] : rows) as { id: string; last_error: string | null }[];
    if (!row) return false;
    await appendAudit(tx, {
      chain: DISTRICT_CHAIN,
      actor: by,
      role: 'OFFICE_ADMIN',
      action: 'NOTIFICATION_RETRY',
      target: `delivery:${id}`,
      before: { status: 'DEAD', lastError: row.last_error },
      after: { status: 'PENDING' },
      key: `delivery-retry:${id}:${Date.now()}`,
    });
    return true;
  });
  return { retried, row: await findDelivery(ds, id) };
}

// ---- preferences and contacts ----

export async function findPreferences(
  ds: DataSource,
  personId: string,
): Promise<{ email: string | null; mobile: string | null; preferences: NotificationPreferences | null } | null> {
  const [row] = (await ds.query(
    `SELECT p.email, p.mobile, np.channels, np.digest_hour, np.quiet_start, np.quiet_end
     FROM person p LEFT JOIN notification_preference np ON np.person_id = p.id WHERE p.id = $1`,
    [personId],
  )) as (RecipientRow & { email: string | null; mobile: string | null })[];
  return row ? { email: row.email, mobile: row.mobile, preferences: preferencesOf(row) } : null;
}

export async function savePreferences(ds: DataSource, personId: string, p: NotificationPreferences): Promise<void> {
  await ds.getRepository(NotificationPreferenceEntity).upsert(
    {
      personId,
      channels: p.channels,
      digestHour: p.digestHour,
      quietStart: p.quietHours?.start ?? null,
      quietEnd: p.quietHours?.end ?? null,
    },
    ['personId'],
  );
}

// ---- 催办 ----

/** A form's open review task (the pending step) with its nudges, for the 催办 button; null when none is open. */
export async function openTaskNudges(
  ds: DataSource,
  formId: string,
): Promise<{ id: string; role: string; dueAt: Date; nudgeCount: number; lastNudgedAt: Date | null } | null> {
  const [row] = (await ds.query(
    `SELECT t.id, t.role, t.due_at AS "dueAt", nu.n AS "nudgeCount", nu.last AS "lastNudgedAt"
     FROM review_task t CROSS JOIN LATERAL (SELECT count(*)::int AS n, max(at) AS last FROM review_nudge WHERE task_id = t.id) nu
     WHERE t.form_id = $1 AND t.status = 'OPEN' ORDER BY t.opened_at DESC LIMIT 1`,
    [formId],
  )) as { id: string; role: string; dueAt: Date; nudgeCount: number; lastNudgedAt: Date | null }[];
  return row ?? null;
}

export interface NudgeFacts extends NudgeTarget {
  taskId: string;
  formId: string;
  campaignId: string;
  ownerName: string;
  dueAt: number;
  assignees: string[];
  count: number;
}

/**
 * Records a nudge of a task's current reviewers, atomically with its rate limit: the task row is locked, the
 * caller's `check` (the domain's rules, throwing to refuse) sees the facts as they are under the lock, then the
 * nudge, the reviewers' notifications (and so their outbox rows) and the audit record commit together.
 * Returns null when there is no such task.
 */
export async function recordNudge(
  ds: DataSource,
  taskId: string,
  by: { personId: string; name: string },
  check: (facts: NudgeFacts) => void,
): Promise<{ count: number; at: Date } | null> {
  return ds.transaction(async (tx) => {
    const [t] = (await tx.query(
      `SELECT t.id, t.form_id, t.campaign_id, t.unit_id, t.status, t.assignees, extract(epoch FROM t.due_at) * 1000 AS due_at,
              f.person_id AS owner, f.name AS owner_name,
              (SELECT count(*)::int FROM review_nudge n WHERE n.task_id = t.id) AS count,
              (SELECT extract(epoch FROM max(n.at)) * 1000 FROM review_nudge n WHERE n.task_id = t.id) AS last
       FROM review_task t JOIN risk_form f ON f.id = t.form_id WHERE t.id = $1 FOR UPDATE OF t`,
      [taskId],
    )) as {
      id: string;
      form_id: string;
      campaign_id: string;
      unit_id: string;
      status: NudgeFacts['status'];
      assignees: string[];
      due_at: string;
      owner: string;
      owner_name: string;
      count: number;
      last: string | null;
    }[];
    if (!t) return null;
    const facts: NudgeFacts = {
      taskId: t.id,
      formId: t.form_id,
      campaignId: t.campaign_id,
      unitId: t.unit_id,
      ownerPersonId: t.owner,
      ownerName: t.owner_name,
      status: t.status,
      dueAt: Number(t.due_at),
      assignees: t.assignees,
      count: t.count,
      lastNudgedAt: t.last === null ? null : Number(t.last),
    };
    check(facts);
    const at = new Date();
    const id = `${taskId}:nudge:${t.count + 1}`;
    // `assignees` is everyone who may decide the step now, those an escalation added included (upsertReviewTask).
    await tx.query(`INSERT INTO review_nudge (id, task_id, by, at) VALUES ($1, $2, $3, $4)`, [
      id,
      taskId,
      by.personId,
      at,
    ]);
    await addNotifications(
      tx,
      id,
      t.assignees.filter((p) => p !== by.personId),
      'NUDGE',
      nudgeMessage(by.name, t.owner_name, dateOf(Number(t.due_at) - 1)),
      t.form_id,
    );
    await appendAudit(tx, {
      chain: t.campaign_id,
      actor: by.personId,
      role: null,
      action: 'NUDGE',
      target: `task:${taskId}`,
      after: { count: t.count + 1, reviewers: t.assignees },
      at: at.toISOString(),
      key: `nudge:${id}`,
    });
    return { count: t.count + 1, at };
  });
}
