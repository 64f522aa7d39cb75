import type { EventEmitter } from 'node:events';
import type { NotificationRepository } from '@pirm/persistence';
import {
  NotificationsService,
  NOTIFICATION_TOPIC,
} from '../../../apps/gateway/src/notifications/notifications.service';
import type { GatewayConfig } from '../../../apps/gateway/src/config';

describe('issue 18: live notifications for many open consoles on one gateway', () => {
  it('takes hundreds of subscriptions under no listener limit (no leak warning), and each gets the notice', async () => {
    const service = new NotificationsService({} as GatewayConfig, {} as NotificationRepository);
    const subscriptions = Array.from({ length: 300 }, () =>
      service.pubsub.asyncIterableIterator<{ id: string }>(NOTIFICATION_TOPIC),
    );
    const next = subscriptions.map((s) => s.next());
    // graphql-subscriptions keeps one listener per subscription on its emitter; Node warns past its limit (10).
    const emitter = (service.pubsub as unknown as { ee: EventEmitter }).ee;
    expect(emitter.listenerCount(NOTIFICATION_TOPIC)).toBe(300);
    expect(emitter.getMaxListeners()).toBe(0);
    await service.pubsub.publish(NOTIFICATION_TOPIC, { id: 'n-1' });
    expect((await Promise.all(next)).every((r) => r.value.id === 'n-1')).toBe(true);
    await Promise.all(subscriptions.map((s) => s.return?.()));
  });
});
