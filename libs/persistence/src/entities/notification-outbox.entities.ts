import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Channel, DeliveryStatus, NotificationKind, RobotKind } from '@pirm/domain';

/** A person's own choice of channels, daily digest and quiet hours (no row: the default, e-mail when known). */
@Entity({ name: 'notification_preference' })
export class NotificationPreferenceEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'text', array: true })
  channels!: Channel[];

  @Column({ name: 'digest_hour', type: 'smallint', nullable: true })
  digestHour!: number | null;

  @Column({ name: 'quiet_start', type: 'smallint', nullable: true })
  quietStart!: number | null;

  @Column({ name: 'quiet_end', type: 'smallint', nullable: true })
  quietEnd!: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * The outbox: one row per message and channel, written in the same transaction as the event that causes it
 * (a notification row, a complaint message). The relay in the worker claims due rows, sends each with its id as
 * the idempotency key and records the outcome; a row never leaves SENT, DEAD or SKIPPED except by the office's retry.
 */
@Entity({ name: 'notification_delivery' })
// The relay's claim: due rows by time (a partial index keeps it small once most rows are SENT).
@Index('ix_notification_delivery_due', ['nextAttemptAt'], { where: `status IN ('PENDING', 'SENDING', 'HELD')` })
@Index('ix_notification_delivery_person', ['personId', 'createdAt'])
@Index('ix_notification_delivery_digest', ['digestId'], { where: 'digest_id IS NOT NULL' })
@Index('ix_notification_delivery_source', ['source'])
@Index('ix_notification_delivery_status', ['status', 'createdAt'])
export class NotificationDeliveryEntity {
  /** `{source}:{channel}`: the idempotency key every attempt carries to the receiver. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  /** The notification row's id, `complaint:{message key}`, or `digest:{person}:{date}:{channel}`. */
  @Column({ type: 'text' })
  source!: string;

  /** null for a complainant (not a person of the roster). */
  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  @Column({ type: 'text' })
  channel!: Channel;

  /**
   * E-mail address or mobile, the robot's group (`unit` or `unit/department code`); null for a complainant,
   * whose contact is read from complaint_contact at sending time and never copied.
   */
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  /** A group robot's @-mention (mobile). */
  @Column({ type: 'text', nullable: true })
  mention!: string | null;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ type: 'text' })
  message!: string;

  /** The console page the message links to. */
  @Column({ type: 'text', nullable: true })
  path!: string | null;

  @Column({ type: 'text' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When due: the first attempt (quiet hours, digest hour), the next retry, or while SENDING the end of the claim's lease. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** DIGESTED rows: the digest delivery that carried them. */
  @Column({ name: 'digest_id', type: 'text', nullable: true })
  digestId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** 催办: who nudged the reviewers of a task, when (the task shows the count and the latest). */
@Entity({ name: 'review_nudge' })
@Index('ix_review_nudge_task', ['taskId', 'at'])
export class ReviewNudgeEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'task_id', type: 'text' })
  taskId!: string;

  @Column({ type: 'uuid' })
  by!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;
}

/**
 * A group robot (企业微信 or 钉钉) of a unit's or a department's chat, set by the office or the unit's leaders.
 * The 钉钉 加签 secret is kept because every send signs with it (a hash would not do); no answer returns it.
 */
@Entity({ name: 'notify_robot' })
export class NotifyRobotEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'text' })
  unitId!: string;

  /** '' for the unit's own group (a primary key column cannot be null). */
  @PrimaryColumn({ name: 'department_code', type: 'text' })
  departmentCode!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: RobotKind;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', nullable: true })
  secret!: string | null;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
