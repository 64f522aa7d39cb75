import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ExportJobStatus = 'RUNNING' | 'DONE' | 'FAILED';

/** A printed form or an XLSX export being produced (by its workflow, `export:{id}`) or ready to download from any gateway. */
@Entity({ name: 'export_job' })
@Index('ix_export_job_requester', ['requestedBy', 'createdAt'])
export class ExportJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** What is exported (the gateway's ExportKind). */
  @Column({ type: 'text' })
  kind!: string;

  /** The export's parameters as the requester gave them (campaign, unit, form). */
  @Column({ type: 'jsonb' })
  params!: Record<string, string | null>;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @Column({ type: 'text' })
  status!: ExportJobStatus;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  /** The finished file's key in the export storage (`{id}/{attempt}`); null once its link has expired. */
  @Column({ name: 'file_path', type: 'text', nullable: true })
  filePath!: string | null;

  @Column({ name: 'size_bytes', type: 'bigint', nullable: true })
  sizeBytes!: string | null;

  @Column({ name: 'rows_done', type: 'integer', default: 0 })
  rowsDone!: number;

  @Column({ name: 'rows_total', type: 'integer', nullable: true })
  rowsTotal!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** Random secret in the download link: the link works without a bearer token (a browser download), until it expires. */
  @Column({ name: 'download_token', type: 'text' })
  downloadToken!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** When the rendering activity last reported progress; a stale one makes the gateway ask Temporal whether the job still runs. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz' })
  heartbeatAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
