import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Review1795998577483 implements MigrationInterface {
  name = 'Review1795998577483';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "review_chain" ("form_type" text NOT NULL, "steps" text array NOT NULL, "step_deadline_working_days" integer NOT NULL, "reminder_working_days" integer NOT NULL, "updated_by" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9fd8dcadab4286581e01500003d" PRIMARY KEY ("form_type"))',
    );
    await q.query(
      'CREATE TABLE "review_task" ("id" text NOT NULL, "form_id" uuid NOT NULL, "campaign_id" text NOT NULL, "unit_id" text NOT NULL, "form_type" text NOT NULL, "revision" integer NOT NULL, "step" integer NOT NULL, "role" text NOT NULL, "assignees" uuid array NOT NULL, "escalated_to" uuid array NOT NULL, "assigned_because" text NOT NULL, "status" text NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "decision" text, CONSTRAINT "PK_417cdf7a6b912e03d40c5f03518" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_review_task_form" ON "review_task"  ("form_id") ');
    await q.query('CREATE INDEX "ix_review_task_status_due" ON "review_task"  ("status", "due_at") ');
    await q.query(
      'CREATE TABLE "review_decision" ("id" text NOT NULL, "form_id" uuid NOT NULL, "revision" integer NOT NULL, "step" integer NOT NULL, "role" text NOT NULL, "decision" text NOT NULL, "opinion" text NOT NULL, "return_to" integer, "level_changes" jsonb NOT NULL, "grade_change" jsonb, "decided_by" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_64e856d49c6dc05ed774dbb218e" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_review_decision_form" ON "review_decision"  ("form_id", "decided_at") ');
    await q.query(
      'CREATE TABLE "notification" ("id" text NOT NULL, "person_id" uuid NOT NULL, "kind" text NOT NULL, "message" text NOT NULL, "form_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_notification_person" ON "notification"  ("person_id", "created_at") ');
    await q.query(
      'CREATE TABLE "risk_form_snapshot" ("form_id" uuid NOT NULL, "revision" integer NOT NULL, "content" jsonb NOT NULL, CONSTRAINT "PK_17f1f43ea7398c7a2bc0d63efb5" PRIMARY KEY ("form_id", "revision"))',
    );
    await q.query('ALTER TABLE "risk_form" ADD "review_revision" integer NOT NULL DEFAULT \'0\'');
    await q.query(
      'ALTER TABLE "review_task" ADD CONSTRAINT "fk_review_task_form" FOREIGN KEY ("form_id") REFERENCES "risk_form"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "review_decision" ADD CONSTRAINT "fk_review_decision_form" FOREIGN KEY ("form_id") REFERENCES "risk_form"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "risk_form_snapshot" ADD CONSTRAINT "fk_risk_form_snapshot_form" FOREIGN KEY ("form_id") REFERENCES "risk_form"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );

    await q.query(`CREATE INDEX "ix_review_task_assignees" ON "review_task" USING gin ("assignees")`);
    // R09 default chains, 5 working days per step, a reminder 1 working day before.
    await q.query(
      `INSERT INTO review_chain (form_type, steps, step_deadline_working_days, reminder_working_days, updated_by) VALUES
         ('LEADERSHIP', ARRAY['UNIT_LEADING_GROUP','DISCIPLINE_TEAM'], 5, 1, 'system'),
         ('MIDDLE_MANAGER', ARRAY['SUPERVISING_LEADER','UNIT_LEADING_GROUP','DISCIPLINE_TEAM'], 5, 1, 'system'),
         ('GENERAL_STAFF', ARRAY['DEPARTMENT_HEAD','UNIT_LEADING_GROUP','DISCIPLINE_TEAM'], 5, 1, 'system')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_review_task_assignees"`);
    await q.query('ALTER TABLE "risk_form_snapshot" DROP CONSTRAINT "fk_risk_form_snapshot_form"');
    await q.query('ALTER TABLE "review_decision" DROP CONSTRAINT "fk_review_decision_form"');
    await q.query('ALTER TABLE "review_task" DROP CONSTRAINT "fk_review_task_form"');
    await q.query('ALTER TABLE "risk_form" DROP COLUMN "review_revision"');
    await q.query('DROP TABLE "risk_form_snapshot"');
    await q.query('DROP INDEX "public"."ix_notification_person"');
    await q.query('DROP TABLE "notification"');
    await q.query('DROP INDEX "public"."ix_review_decision_form"');
    await q.query('DROP TABLE "review_decision"');
    await q.query('DROP INDEX "public"."ix_review_task_status_due"');
    await q.query('DROP INDEX "public"."ix_review_task_form"');
    await q.query('DROP TABLE "review_task"');
    await q.query('DROP TABLE "review_chain"');
  }
}
