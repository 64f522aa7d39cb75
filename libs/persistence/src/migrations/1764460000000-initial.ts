import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Initial1764460000000 implements MigrationInterface {
  name = 'Initial1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "campaign" (
        "id" text PRIMARY KEY,
        "year" integer NOT NULL,
        "status" text NOT NULL,
        "current_phase" text,
        "calendar" jsonb NOT NULL,
        "launched_by" text NOT NULL,
        "revision" integer NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_campaign_year" UNIQUE ("year")
      )`);
    await q.query(`
      CREATE TABLE "person" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "code" text NOT NULL,
        "name" text NOT NULL,
        "unit_id" text,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_person_code" ON "person" ("code")`);
    await q.query(`
      CREATE TABLE "role_assignment" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "role" text NOT NULL,
        "unit_id" text,
        CONSTRAINT "fk_role_assignment_person" FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_role_assignment_person" ON "role_assignment" ("person_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "role_assignment"`);
    await q.query(`DROP TABLE "person"`);
    await q.query(`DROP TABLE "campaign"`);
  }
}
