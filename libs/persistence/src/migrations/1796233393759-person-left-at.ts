import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PersonLeftAt1796233393759 implements MigrationInterface {
  name = 'PersonLeftAt1796233393759';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "person" ADD "left_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "person" DROP COLUMN "left_at"');
  }
}
