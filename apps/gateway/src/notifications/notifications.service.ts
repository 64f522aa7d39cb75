import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import {
  DomainError,
  ErrorCode,
  POLICY,
  assertValid,
  defaultPreferences,
  maskAddress,
  maskWebhookUrl,
  nudgeAllowedFrom,
  validatePreferences,
  validateRobot,
  type Bilingual,
  type DeliveryStatus,
  type NotificationPreferences,
  type RobotKind,
  type RobotSettings,
} from '@pirm/domain';
import {
  NotificationRepository,
  type DeliveryRow,
  type RobotRow,
  type NotificationEntity,
  type NotificationListener,
} from '@pirm/persistence';
import { requireRole, type Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../providers';
import { NOT_A_CURSOR } from '../graphql/page-size';

export const NOTIFICATION_TOPIC = 'notification';
const RECONNECT_MS = 2_000;
const NOT_ON_ROSTER: Bilingual = { en: 'You are not on the roster.', zh: '您不在花名册中' };

/**
 * Pushes notifications (new tasks, reminders, escalations, returns) to subscribers: PostgreSQL announces
 * each insert on channel pirm_notification (a trigger), this gateway LISTENs and publishes it in memory.
 * Every gateway instance listens, so each client gets its pushes from the instance it is connected to.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnModuleDestroy {
  /** One listener per open subscription (every signed-in console tab): no limit of 10 to warn about. */
  readonly pubsub = new PubSub({ eventEmitter: new EventEmitter().setMaxListeners(0) });
  private readonly log = new Logger('Notifications');
  private listener?: NotificationListener;
  private closing = false;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly notifications: NotificationRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    try {
      this.listener = await this.notifications.listen(
        this.config.database.url,
        (id) => void this.publish(id),
        (err) => {
          this.log.warn(`listener lost (${err.message}); reconnecting`);
          this.reconnect();
        },
      );
    } catch (err) {
      this.log.warn(`cannot listen for notifications yet (${(err as Error).message})`);
      this.reconnect();
    }
  }

  private reconnect(): void {
    if (this.closing) return;
    setTimeout(() => void this.listen(), RECONNECT_MS).unref();
  }

  private async publish(id: string): Promise<void> {
    try {
      const n = await this.notifications.find(id);
      if (n) await this.pubsub.publish(NOTIFICATION_TOPIC, n);
    } catch (err) {
      this.log.warn(`could not push notification ${id}: ${(err as Error).message}`);
    }
  }

  /** My latest notifications, each with the state of its outbound deliveries (issue 18). */
  async mine(personId: string, first: number): Promise<(NotificationEntity & { deliveries: DeliveryView[] })[]> {
    const rows = await this.notifications.listFor(personId, first);
    const deliveries = await this.notifications.deliveriesOf(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, deliveries: deliveries.filter((d) => d.source === r.id).map(deliveryView) }));
  }

  /** The outbox for the office: dead letters (status DEAD) and every other state, newest first. */
  async deliveries(status: DeliveryStatus | null | undefined, first: number, after: string | null | undefined) {
    const rows = await this.notifications.listDeliveries({ ...(status ? { status } : {}) }, first, decode(after));
    const page = rows.slice(0, first);
    return { rows: page.map(deliveryView), hasNextPage: rows.length > first, cursorOf: encode };
  }

  /** The office sends a dead letter again (audited); anything but a dead letter is a CONFLICT. */
  async retry(principal: Principal, id: string): Promise<DeliveryView> {
    const { retried, row } = await this.notifications.retryDead(id, principal.personId);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No delivery ${id}.`, zh: '没有这条消息投递记录' });
    if (!retried)
      throw new DomainError(ErrorCode.CONFLICT, {
        en: `Delivery ${id} is ${row.status}, not a dead letter.`,
        zh: '只有发送失败的消息才能重发',
      });
    return deliveryView(row);
  }

  async preferences(principal: Principal) {
    const found = await this.notifications.preferences(principal.personId);
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, NOT_ON_ROSTER);
    return {
      ...(found.preferences ?? defaultPreferences(found)),
      chosen: found.preferences !== null,
      email: found.email,
      mobile: found.mobile,
    };
  }

  async setPreferences(principal: Principal, p: NotificationPreferences) {
    const found = await this.notifications.preferences(principal.personId);
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, NOT_ON_ROSTER);
    assertValid(validatePreferences(p, found));
    await this.notifications.savePreferences(principal.personId, p);
    return this.preferences(principal);
  }

  /** A form's open task and its 催办; the caller already read the form, so it may see its step. */
  async openTask(formId: string) {
    const t = await this.notifications.openTask(formId);
    if (!t) return null;
    const last = t.lastNudgedAt === null ? null : t.lastNudgedAt.getTime();
    return { ...t, nudgeAllowedFrom: new Date(nudgeAllowedFrom(last, this.config.nudgeIntervalHours)) };
  }

  async robots(principal: Principal, unitId: string): Promise<RobotRow[]> {
    requireRole(principal, POLICY.notificationRobots, unitId);
    return (await this.notifications.robots(unitId)).map(robotView);
  }

  /** Sets a group's robot: the caller leads the unit (or is the office), the settings are valid, the group exists. */
  async setRobot(principal: Principal, r: RobotSettings): Promise<RobotRow> {
    requireRole(principal, POLICY.setNotificationRobot, r.unitId);
    assertValid(validateRobot(r));
    const exists = await this.notifications.robotGroupExists(r.unitId, r.departmentCode);
    if (!exists.unit) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No unit ${r.unitId}.`, zh: '没有这个单位' });
    if (!exists.department)
      throw DomainError.validation([
        {
          field: 'departmentCode',
          reason: `unit ${r.unitId} has no department ${r.departmentCode}`,
          message: `本单位没有科室 ${r.departmentCode}`,
        },
      ]);
    return robotView(await this.notifications.saveRobot(r, principal.personId));
  }

  async removeRobot(principal: Principal, unitId: string, departmentCode: string | null, kind: RobotKind) {
    requireRole(principal, POLICY.removeNotificationRobot, unitId);
    return this.notifications.removeRobot({ unitId, departmentCode, kind }, principal.personId);
  }
}

/** A robot as answers show it: the webhook's key or access token cut short (the secret is never selected). */
const robotView = (r: RobotRow): RobotRow => ({ ...r, url: maskWebhookUrl(r.url) });

export interface DeliveryView extends Omit<DeliveryRow, 'address' | 'source' | 'personId' | 'message'> {
  source: string;
  recipient: string | null;
}

const deliveryView = (d: DeliveryRow): DeliveryView => ({
  id: d.id,
  source: d.source,
  channel: d.channel,
  recipient: maskAddress(d.address),
  personName: d.personName,
  personCode: d.personCode,
  kind: d.kind,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastError: d.lastError,
  sentAt: d.sentAt,
  createdAt: d.createdAt,
});

const encode = (d: Pick<DeliveryView, 'createdAt' | 'id'>): string =>
  Buffer.from(JSON.stringify([new Date(d.createdAt).toISOString(), d.id])).toString('base64url');

/** A page's cursor; none (omitted or null, as GraphQL clients send the first page) is the first page. */
function decode(cursor: string | null | undefined): { createdAt: Date; id: string } | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return { createdAt, id };
  } catch {
    throw DomainError.validation([NOT_A_CURSOR]);
  }
}
