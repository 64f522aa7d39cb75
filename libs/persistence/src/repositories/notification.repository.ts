import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { findNotification, listNotifications } from '../review.repository';
import {
  deliveriesOf,
  findPreferences,
  listDeliveries,
  listRobots,
  openTaskNudges,
  removeRobot,
  robotGroupExists,
  retryDeadDelivery,
  savePreferences,
  saveRobot,
} from '../notification-outbox.repository';
import type { After } from './bound';

/** An open LISTEN connection; `end` closes it. */
export interface NotificationListener {
  end(): Promise<void>;
}

/** A person's notifications, and the channel PostgreSQL announces each new one on (a trigger: pirm_notification). */
export class NotificationRepository {
  constructor(private readonly ds: DataSource) {}

  find(...a: After<typeof findNotification>) {
    return findNotification(this.ds, ...a);
  }

  listFor(...a: After<typeof listNotifications>) {
    return listNotifications(this.ds, ...a);
  }

  /** The outbox rows (deliveries) of the given notifications. */
  deliveriesOf(...a: After<typeof deliveriesOf>) {
    return deliveriesOf(this.ds, ...a);
  }

  listDeliveries(...a: After<typeof listDeliveries>) {
    return listDeliveries(this.ds, ...a);
  }

  retryDead(...a: After<typeof retryDeadDelivery>) {
    return retryDeadDelivery(this.ds, ...a);
  }

  preferences(...a: After<typeof findPreferences>) {
    return findPreferences(this.ds, ...a);
  }

  savePreferences(...a: After<typeof savePreferences>) {
    return savePreferences(this.ds, ...a);
  }

  /** A form's open review task with its 催办 count and latest. */
  openTask(...a: After<typeof openTaskNudges>) {
    return openTaskNudges(this.ds, ...a);
  }

  /** A unit's group robots (企业微信, 钉钉), without their secrets. */
  robots(...a: After<typeof listRobots>) {
    return listRobots(this.ds, ...a);
  }

  saveRobot(...a: After<typeof saveRobot>) {
    return saveRobot(this.ds, ...a);
  }

  robotGroupExists(...a: After<typeof robotGroupExists>) {
    return robotGroupExists(this.ds, ...a);
  }

  removeRobot(...a: After<typeof removeRobot>) {
    return removeRobot(this.ds, ...a);
  }

  /**
   * A dedicated connection (the pool's connections are shared, LISTEN needs its own) calling `onId` with each
   * new notification's id; `onError` when the connection is lost. Rejects when it cannot connect.
   */
  async listen(url: string, onId: (id: string) => void, onError: (err: Error) => void): Promise<NotificationListener> {
    const client = new Client({ connectionString: url, application_name: 'pirm-gateway-listen' });
    client.on('notification', (msg) => {
      if (msg.payload) onId(msg.payload);
    });
    client.on('error', onError);
    try {
      await client.connect();
      await client.query('LISTEN pirm_notification');
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  }
}
