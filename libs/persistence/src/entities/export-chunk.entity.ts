import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A piece of a stored export file (PgExportStorage): files live in PostgreSQL, so every gateway serves every
 * export and no replica needs a disk of its own. The key's C collation lets the primary key serve prefix
 * searches (`LIKE 'job/%'`), which remove every attempt of a job at once.
 */
@Entity({ name: 'export_chunk' })
export class ExportChunkEntity {
  @PrimaryColumn({ name: 'object_key', type: 'text', collation: 'C' })
  objectKey!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
