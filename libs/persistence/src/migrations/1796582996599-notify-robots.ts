import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotifyRobots1796582996599 implements MigrationInterface {
  name = 'NotifyRobots1796582996599';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "notify_robot" ("unit_id" text NOT NULL, "department_code" text NOT NULL, "kind" text NOT NULL, "url" text NOT NULL, "secret" text, "updated_by" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d250e30ded79366cab91920c259" PRIMARY KEY ("unit_id", "department_code", "kind"))',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "notify_robot"');
  }
}
