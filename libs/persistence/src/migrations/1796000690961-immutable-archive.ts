import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A risk archive version never changes (R13): a new version is a new row. */
export class ImmutableArchive1796000690961 implements MigrationInterface {
  name = 'ImmutableArchive1796000690961';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION pirm_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are immutable: insert a new version instead', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER trg_risk_archive_immutable BEFORE UPDATE OR DELETE ON risk_archive FOR EACH ROW EXECUTE FUNCTION pirm_reject_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_risk_archive_immutable ON risk_archive`);
    await q.query(`DROP FUNCTION pirm_reject_change()`);
  }
}
