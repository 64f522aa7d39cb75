import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ExportJobStatus = 'RUNNING' | 'DONE' | 'FAILED';

/** A printed form or an XLSX export being produced or ready to download; durable so a restarted gateway knows it. */
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

  /** Where the finished file lies, relative to the export folder. */
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

  /** Refreshed while the job runs: a job whose gateway died stops being refreshed and reads as failed. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz' })
  heartbeatAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
