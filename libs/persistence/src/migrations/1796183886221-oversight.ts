import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Oversight1796183886221 implements MigrationInterface {
  name = 'Oversight1796183886221';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "complaint" ("id" uuid NOT NULL, "unit_id" text NOT NULL, "subject_kind" text NOT NULL, "subject_post_id" uuid, "subject_person_id" uuid, "text" text NOT NULL, "named" boolean NOT NULL, "receipt_hash" text NOT NULL, "status" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "state" jsonb NOT NULL, "revision" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a9c8dbc2ab4988edcc2ff0a7337" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_complaint_subject_person" ON "complaint"  ("subject_person_id") ');
    await q.query('CREATE UNIQUE INDEX "uq_complaint_receipt" ON "complaint"  ("receipt_hash") ');
    await q.query('CREATE INDEX "ix_complaint_unit_status" ON "complaint"  ("unit_id", "status") ');
    await q.query(
      'CREATE TABLE "complaint_contact" ("complaint_id" uuid NOT NULL, "name" text NOT NULL, "contact" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ae300e51e65ae611fc52fb468d7" PRIMARY KEY ("complaint_id"))',
    );
    await q.query(
      'CREATE TABLE "complaint_message" ("key" text NOT NULL, "complaint_id" uuid NOT NULL, "message" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6f3bf6784cc75f3934cab616066" PRIMARY KEY ("key"))',
    );
    await q.query('CREATE INDEX "ix_complaint_message_complaint" ON "complaint_message"  ("complaint_id") ');
    await q.query(
      'CREATE TABLE "correction_round" ("campaign_id" text NOT NULL, "unit_id" text NOT NULL, "status" text NOT NULL, "state" jsonb NOT NULL, "opinions" jsonb NOT NULL, "revision" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3b04c9ee4c4003fb592526f0ba1" PRIMARY KEY ("campaign_id", "unit_id"))',
    );
    await q.query(
      'CREATE TABLE "disposal_case" ("id" uuid NOT NULL, "campaign_id" text NOT NULL, "unit_id" text NOT NULL, "person_id" uuid NOT NULL, "problem" text NOT NULL, "source" text NOT NULL, "source_ref" text, "status" text NOT NULL, "measure" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "state" jsonb NOT NULL, "revision" integer NOT NULL, "opened_by" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_31d153faf27cc42b78df4e73de1" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_disposal_case_person" ON "disposal_case"  ("person_id") ');
    await q.query('CREATE INDEX "ix_disposal_case_unit_status" ON "disposal_case"  ("unit_id", "status") ');
    await q.query(
      'CREATE TABLE "evaluation_rule_set" ("version" integer NOT NULL, "weights" jsonb NOT NULL, "published_by" text NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1a917622e80c362f75cae8a6a44" PRIMARY KEY ("version"))',
    );
    await q.query(
      'CREATE TABLE "unit_evaluation" ("campaign_id" text NOT NULL, "unit_id" text NOT NULL, "state" jsonb NOT NULL, "score" numeric(6,2), "rule_version" integer NOT NULL, "revision" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a34141004cf726a492658b48461" PRIMARY KEY ("campaign_id", "unit_id"))',
    );
    await q.query(
      'CREATE TABLE "evaluation_invitation" ("code_hash" text NOT NULL, "campaign_id" text NOT NULL, "unit_id" text NOT NULL, "round_id" text NOT NULL, "evaluator_kind" text NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ed188f46e48a27bf1e50f7a63a9" PRIMARY KEY ("code_hash"))',
    );
    // Version 1 of the evaluation weights (R19): self 20 / appraisal 40 / district 40 (DEFAULT_EVALUATION_WEIGHTS).
    await q.query(
      `INSERT INTO evaluation_rule_set (version, weights, published_by) VALUES (1, '{"SELF":20,"APPRAISAL":40,"DISTRICT":40}', 'migration')`,
    );
    await q.query(
      'CREATE INDEX "ix_evaluation_invitation_round" ON "evaluation_invitation"  ("campaign_id", "unit_id", "round_id") ',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."ix_evaluation_invitation_round"');
    await q.query('DROP TABLE "evaluation_invitation"');
    await q.query('DROP TABLE "unit_evaluation"');
    await q.query('DROP TABLE "evaluation_rule_set"');
    await q.query('DROP INDEX "public"."ix_disposal_case_unit_status"');
    await q.query('DROP INDEX "public"."ix_disposal_case_person"');
    await q.query('DROP TABLE "disposal_case"');
    await q.query('DROP TABLE "correction_round"');
    await q.query('DROP INDEX "public"."ix_complaint_message_complaint"');
    await q.query('DROP TABLE "complaint_message"');
    await q.query('DROP TABLE "complaint_contact"');
    await q.query('DROP INDEX "public"."ix_complaint_unit_status"');
    await q.query('DROP INDEX "public"."uq_complaint_receipt"');
    await q.query('DROP INDEX "public"."ix_complaint_subject_person"');
    await q.query('DROP TABLE "complaint"');
  }
}
