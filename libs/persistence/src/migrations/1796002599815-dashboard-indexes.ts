import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DashboardIndexes1796002599815 implements MigrationInterface {
  name = 'DashboardIndexes1796002599815';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX "ix_review_task_campaign" ON "review_task"  ("campaign_id", "step", "role") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."ix_review_task_campaign"');
  }
}
