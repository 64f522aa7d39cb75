import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: contacts on the roster, each person's channel preferences, the outbound notification outbox
 * (`notification_delivery`, written with its cause, drained by the worker's relay) and 催办 (`review_nudge`).
 */
export class NotificationOutbox1796572737998 implements MigrationInterface {
  name = 'NotificationOutbox1796572737998';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "notification_preference" ("person_id" uuid NOT NULL, "channels" text array NOT NULL, "digest_hour" smallint, "quiet_start" smallint, "quiet_end" smallint, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8496cccd0c7dcf6889873bee9e1" PRIMARY KEY ("person_id"))',
    );
    await q.query(
      'CREATE TABLE "notification_delivery" ("id" text NOT NULL, "source" text NOT NULL, "person_id" uuid, "channel" text NOT NULL, "address" text, "mention" text, "kind" text NOT NULL, "message" text NOT NULL, "path" text, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "digest_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_109dea88c25343da49d86de6bfd" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE INDEX "ix_notification_delivery_status" ON "notification_delivery"  ("status", "created_at") ',
    );
    await q.query('CREATE INDEX "ix_notification_delivery_source" ON "notification_delivery"  ("source") ');
    await q.query(
      'CREATE INDEX "ix_notification_delivery_digest" ON "notification_delivery"  ("digest_id") WHERE digest_id IS NOT NULL',
    );
    await q.query(
      'CREATE INDEX "ix_notification_delivery_person" ON "notification_delivery"  ("person_id", "created_at") ',
    );
    await q.query(
      'CREATE INDEX "ix_notification_delivery_due" ON "notification_delivery"  ("next_attempt_at") WHERE status IN (\'PENDING\', \'SENDING\', \'HELD\')',
    );
    await q.query(
      'CREATE TABLE "review_nudge" ("id" text NOT NULL, "task_id" text NOT NULL, "by" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_009c2eefc62a31a623e0704c5dd" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_review_nudge_task" ON "review_nudge"  ("task_id", "at") ');
    await q.query('ALTER TABLE "person" ADD "email" text');
    await q.query('ALTER TABLE "person" ADD "mobile" text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "person" DROP COLUMN "mobile"');
    await q.query('ALTER TABLE "person" DROP COLUMN "email"');
    await q.query('DROP INDEX "public"."ix_review_nudge_task"');
    await q.query('DROP TABLE "review_nudge"');
    await q.query('DROP INDEX "public"."ix_notification_delivery_due"');
    await q.query('DROP INDEX "public"."ix_notification_delivery_person"');
    await q.query('DROP INDEX "public"."ix_notification_delivery_digest"');
    await q.query('DROP INDEX "public"."ix_notification_delivery_source"');
    await q.query('DROP INDEX "public"."ix_notification_delivery_status"');
    await q.query('DROP TABLE "notification_delivery"');
    await q.query('DROP TABLE "notification_preference"');
  }
}
