import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ExportJobs1796183954204 implements MigrationInterface {
  name = 'ExportJobs1796183954204';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "export_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "params" jsonb NOT NULL, "campaign_id" text NOT NULL, "requested_by" uuid NOT NULL, "status" text NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL, "file_path" text, "size_bytes" bigint, "rows_done" integer NOT NULL DEFAULT \'0\', "rows_total" integer, "error" text, "download_token" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "heartbeat_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2edcb6f1780d22e5a9f2f29f466" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "ix_export_job_requester" ON "export_job"  ("requested_by", "created_at") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."ix_export_job_requester"');
    await q.query('DROP TABLE "export_job"');
  }
}
