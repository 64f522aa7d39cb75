import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One state change: who, in what role, did what to what, with digests before/after; insert-only, hash-chained per chain. */
@Entity({ name: 'audit_record' })
@Index('ix_audit_record_chain', ['chain', 'seq'])
export class AuditRecordEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  /** A campaign id, or 'district' for changes outside campaigns (roster, rules, chains). */
  @Column({ type: 'text' })
  chain!: string;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text', nullable: true })
  role!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  target!: string;

  @Column({ name: 'before_digest', type: 'text', nullable: true })
  beforeDigest!: string | null;

  @Column({ name: 'after_digest', type: 'text', nullable: true })
  afterDigest!: string | null;

  /** ISO instant as hashed (text, so the hash never depends on timestamp formatting). */
  @Column({ type: 'text' })
  at!: string;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  /** Makes an idempotent activity's retry append nothing. */
  @Index('uq_audit_record_key', { unique: true })
  @Column({ name: 'idem_key', type: 'text' })
  idemKey!: string;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
