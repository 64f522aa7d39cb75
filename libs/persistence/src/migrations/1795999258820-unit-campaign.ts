import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UnitCampaign1795999258820 implements MigrationInterface {
  name = 'UnitCampaign1795999258820';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "unit_campaign" ("campaign_id" text NOT NULL, "unit_id" text NOT NULL, "state" jsonb NOT NULL, "revision" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d8ba1d3f65f18b3557a3930a6ec" PRIMARY KEY ("campaign_id", "unit_id"))',
    );
    await q.query(
      'CREATE TABLE "unit_phase_progress" ("campaign_id" text NOT NULL, "unit_id" text NOT NULL, "phase" text NOT NULL, "status" text NOT NULL, "rung" text, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_50db7ad1996c183ef5896bb7646" PRIMARY KEY ("campaign_id", "unit_id", "phase"))',
    );
    await q.query(
      'CREATE INDEX "ix_unit_phase_progress_status" ON "unit_phase_progress"  ("campaign_id", "phase", "status") ',
    );
    await q.query(
      'CREATE TABLE "escalation" ("id" text NOT NULL, "campaign_id" text NOT NULL, "unit_id" text NOT NULL, "phase" text NOT NULL, "rung" text NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE NOT NULL, "notified" uuid array NOT NULL, "message" text NOT NULL, CONSTRAINT "PK_2c9a4d9277ed8620a8a72813864" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_escalation_campaign" ON "escalation"  ("campaign_id", "fired_at") ');
    await q.query(
      'CREATE TABLE "notice_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" text NOT NULL, "unit_id" text NOT NULL, "risk_point_id" uuid, "text" text NOT NULL, "author_name" text, "status" text NOT NULL, "answer" text, "answered_by" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c2f2b32e70262eafb3e43c80a44" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_notice_comment_unit" ON "notice_comment"  ("campaign_id", "unit_id", "status") ');
    await q.query(
      'CREATE TABLE "risk_archive" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" text NOT NULL, "unit_id" text NOT NULL, "version" integer NOT NULL, "created_by_key" text NOT NULL, "confirmed_by" text NOT NULL, "content" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c6b815be4378f77e53af3024a2c" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE UNIQUE INDEX "uq_risk_archive_key" ON "risk_archive"  ("created_by_key") ');
    await q.query('CREATE UNIQUE INDEX "uq_risk_archive_unit_version" ON "risk_archive"  ("unit_id", "version") ');
    await q.query('ALTER TABLE "campaign" ADD "state" jsonb NOT NULL DEFAULT \'{}\'');
    await q.query(
      'ALTER TABLE "unit_campaign" ADD CONSTRAINT "fk_unit_campaign_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "notice_comment" ADD CONSTRAINT "fk_notice_comment_point" FOREIGN KEY ("risk_point_id") REFERENCES "risk_point"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "notice_comment" DROP CONSTRAINT "fk_notice_comment_point"');
    await q.query('ALTER TABLE "unit_campaign" DROP CONSTRAINT "fk_unit_campaign_unit"');
    await q.query('ALTER TABLE "campaign" DROP COLUMN "state"');
    await q.query('DROP INDEX "public"."uq_risk_archive_unit_version"');
    await q.query('DROP INDEX "public"."uq_risk_archive_key"');
    await q.query('DROP TABLE "risk_archive"');
    await q.query('DROP INDEX "public"."ix_notice_comment_unit"');
    await q.query('DROP TABLE "notice_comment"');
    await q.query('DROP INDEX "public"."ix_escalation_campaign"');
    await q.query('DROP TABLE "escalation"');
    await q.query('DROP INDEX "public"."ix_unit_phase_progress_status"');
    await q.query('DROP TABLE "unit_phase_progress"');
    await q.query('DROP TABLE "unit_campaign"');
  }
}
