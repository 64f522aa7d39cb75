import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A personal access token (issue 20). Only the SHA-256 of its secret is kept: the secret is shown once, at
 * creation. The token carries no roles: they are read from the roster on every request.
 */
@Entity({ name: 'access_token' })
@Index('ix_access_token_person', ['personId', 'createdAt'])
export class AccessTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne('PersonEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_access_token_person' })
  person?: unknown;

  @Column({ type: 'text' })
  name!: string;

  /** READ or REVIEW (`TokenScope`). */
  @Column({ type: 'text' })
  scope!: string;

  /** Hex SHA-256 of the whole secret: the lookup key of authentication. */
  @Index('uq_access_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** Updated at most once a minute, so that a busy script does not write on every request. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** 工号 of who revoked it: the person, or the office. */
  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy!: string | null;
}
