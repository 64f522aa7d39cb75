import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every new notification is announced on channel pirm_notification, so gateways push it to subscribers at once. */
export class NotificationEvents1796000322044 implements MigrationInterface {
  name = 'NotificationEvents1796000322044';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION pirm_notify_notification() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('pirm_notification', NEW.id);
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER trg_notification_notify AFTER INSERT ON notification FOR EACH ROW EXECUTE FUNCTION pirm_notify_notification()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_notification_notify ON notification`);
    await q.query(`DROP FUNCTION pirm_notify_notification()`);
  }
}
