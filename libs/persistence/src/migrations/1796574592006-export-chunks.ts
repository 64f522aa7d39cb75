import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ExportChunks1796574592006 implements MigrationInterface {
  name = 'ExportChunks1796574592006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "export_chunk" ("object_key" text COLLATE "C" NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_5ce8300884e3675a515e7103d21" PRIMARY KEY ("object_key", "seq"))',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "export_chunk"');
  }
}
