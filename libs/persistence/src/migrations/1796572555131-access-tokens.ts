import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccessTokens1796572555131 implements MigrationInterface {
  name = 'AccessTokens1796572555131';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "access_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "name" text NOT NULL, "scope" text NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" text, CONSTRAINT "PK_f20f028607b2603deabd8182d12" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE UNIQUE INDEX "uq_access_token_hash" ON "access_token"  ("token_hash") ');
    await q.query('CREATE INDEX "ix_access_token_person" ON "access_token"  ("person_id", "created_at") ');
    await q.query(
      'ALTER TABLE "access_token" ADD CONSTRAINT "fk_access_token_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "access_token" DROP CONSTRAINT "fk_access_token_person"');
    await q.query('DROP INDEX "public"."ix_access_token_person"');
    await q.query('DROP INDEX "public"."uq_access_token_hash"');
    await q.query('DROP TABLE "access_token"');
  }
}
