import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ExecutionRecords1796183876411 implements MigrationInterface {
  name = 'ExecutionRecords1796183876411';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "measure_implementation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" text NOT NULL, "unit_id" text NOT NULL, "risk_point_id" uuid NOT NULL, "in_place" boolean NOT NULL, "evidence" text NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fb461418a657094d9203c656001" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE INDEX "ix_measure_implementation_unit" ON "measure_implementation"  ("campaign_id", "unit_id", "risk_point_id", "recorded_at") ',
    );
    await q.query(
      'CREATE TABLE "commitment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" text NOT NULL, "unit_id" text NOT NULL, "person_id" uuid NOT NULL, "text" text NOT NULL, "published_where" text NOT NULL, "audiences" text array NOT NULL, "published_on" date NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7a0899978d100f72269b3045d7e" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_commitment_unit" ON "commitment"  ("campaign_id", "unit_id", "person_id") ');
    await q.query(
      'CREATE TABLE "unit_activity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" text NOT NULL, "unit_id" text NOT NULL, "kind" text NOT NULL, "held_on" date NOT NULL, "summary" text NOT NULL, "participants" integer NOT NULL, "evidence" text NOT NULL, "circular" text, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0da27adf197c00cba82fd333233" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_unit_activity_unit" ON "unit_activity"  ("campaign_id", "unit_id", "held_on") ');
    await q.query(
      'CREATE TABLE "duty_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" text NOT NULL, "unit_id" text NOT NULL, "person_id" uuid NOT NULL, "report_summary" text NOT NULL, "votes_good" integer, "votes_fairly_good" integer, "votes_average" integer, "votes_poor" integer, "rating" text, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_47704c24869f221adea5046ca31" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE INDEX "ix_duty_report_unit" ON "duty_report"  ("campaign_id", "unit_id", "person_id", "recorded_at") ',
    );
    await q.query('ALTER TABLE "risk_form" ADD "prefilled_from" text');
    await q.query(
      'ALTER TABLE "measure_implementation" ADD CONSTRAINT "fk_measure_implementation_point" FOREIGN KEY ("risk_point_id") REFERENCES "risk_point"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "commitment" ADD CONSTRAINT "fk_commitment_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "duty_report" ADD CONSTRAINT "fk_duty_report_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "duty_report" DROP CONSTRAINT "fk_duty_report_person"');
    await q.query('ALTER TABLE "commitment" DROP CONSTRAINT "fk_commitment_person"');
    await q.query('ALTER TABLE "measure_implementation" DROP CONSTRAINT "fk_measure_implementation_point"');
    await q.query('ALTER TABLE "risk_form" DROP COLUMN "prefilled_from"');
    await q.query('DROP INDEX "public"."ix_duty_report_unit"');
    await q.query('DROP TABLE "duty_report"');
    await q.query('DROP INDEX "public"."ix_unit_activity_unit"');
    await q.query('DROP TABLE "unit_activity"');
    await q.query('DROP INDEX "public"."ix_commitment_unit"');
    await q.query('DROP TABLE "commitment"');
    await q.query('DROP INDEX "public"."ix_measure_implementation_unit"');
    await q.query('DROP TABLE "measure_implementation"');
  }
}
