import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import { NotificationRepository, type NotificationEntity, type NotificationListener } from '@pirm/persistence';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../providers';

export const NOTIFICATION_TOPIC = 'notification';
const RECONNECT_MS = 2_000;

/**
 * Pushes notifications (new tasks, reminders, escalations, returns) to subscribers: PostgreSQL announces
 * each insert on channel pirm_notification (a trigger), this gateway LISTENs and publishes it in memory.
 * Every gateway instance listens, so each client gets its pushes from the instance it is connected to.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnModuleDestroy {
  readonly pubsub = new PubSub();
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

  mine(personId: string, first: number): Promise<NotificationEntity[]> {
    return this.notifications.listFor(personId, first);
  }
}
