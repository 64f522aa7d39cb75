import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RateLimitWindows1796233591198 implements MigrationInterface {
  name = 'RateLimitWindows1796233591198';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "rate_limit_window" ("bucket" text NOT NULL, "client_key" text NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "hits" integer NOT NULL, CONSTRAINT "PK_aa7c9edc4057c5933d17b89c2ec" PRIMARY KEY ("bucket", "client_key", "window_start"))',
    );
    await q.query('CREATE INDEX "ix_rate_limit_window_start" ON "rate_limit_window"  ("window_start") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."ix_rate_limit_window_start"');
    await q.query('DROP TABLE "rate_limit_window"');
  }
}
