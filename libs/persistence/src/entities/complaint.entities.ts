import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ComplaintState, ComplaintStatus, ComplaintSubjectKind, FiledComplaint } from '@pirm/domain';

/**
 * Read model of a complaint's workflow (R16). No IP address or user agent is stored; the receipt code is
 * kept only as its SHA-256.
 */
@Entity({ name: 'complaint' })
@Index('ix_complaint_unit_status', ['unitId', 'status'])
export class ComplaintEntity implements FiledComplaint {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'subject_kind', type: 'text' })
  subjectKind!: ComplaintSubjectKind;

  @Column({ name: 'subject_post_id', type: 'uuid', nullable: true })
  subjectPostId!: string | null;

  @Index('ix_complaint_subject_person')
  @Column({ name: 'subject_person_id', type: 'uuid', nullable: true })
  subjectPersonId!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'boolean' })
  named!: boolean;

  @Index('uq_complaint_receipt', { unique: true })
  @Column({ name: 'receipt_hash', type: 'text' })
  receiptHash!: string;

  @Column({ type: 'text' })
  status!: ComplaintStatus;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** The workflow's state: events, deadlines. */
  @Column({ type: 'jsonb' })
  state!: ComplaintState;

  @Column({ type: 'integer' })
  revision!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * A named complainant's identity, apart from the complaint so that only the office and the discipline team
 * ever read it (never the person complained against or their review chain), and no workflow history holds it.
 */
@Entity({ name: 'complaint_contact' })
export class ComplaintContactEntity {
  @PrimaryColumn({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  contact!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Outbox of messages to named complainants (the outcome); a mail or SMS relay sends and marks them. */
@Entity({ name: 'complaint_message' })
export class ComplaintMessageEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Index('ix_complaint_message_complaint')
  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
