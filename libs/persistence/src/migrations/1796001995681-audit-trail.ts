import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditTrail1796001995681 implements MigrationInterface {
  name = 'AuditTrail1796001995681';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "audit_record" ("seq" BIGSERIAL NOT NULL, "chain" text NOT NULL, "actor" text NOT NULL, "role" text, "action" text NOT NULL, "target" text NOT NULL, "before_digest" text, "after_digest" text, "at" text NOT NULL, "request_id" text, "idem_key" text NOT NULL, "prev_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "PK_e72da936653c69f545ad4b468d0" PRIMARY KEY ("seq"))',
    );
    await q.query('CREATE UNIQUE INDEX "uq_audit_record_key" ON "audit_record"  ("idem_key") ');
    await q.query('CREATE INDEX "ix_audit_record_chain" ON "audit_record"  ("chain", "seq") ');
    // Insert-only: the same trigger function as the risk archive rejects UPDATE and DELETE.
    await q.query(
      `CREATE TRIGGER trg_audit_record_insert_only BEFORE UPDATE OR DELETE ON audit_record FOR EACH ROW EXECUTE FUNCTION pirm_reject_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_audit_record_insert_only ON audit_record`);
    await q.query('DROP INDEX "public"."ix_audit_record_chain"');
    await q.query('DROP INDEX "public"."uq_audit_record_key"');
    await q.query('DROP TABLE "audit_record"');
  }
}
