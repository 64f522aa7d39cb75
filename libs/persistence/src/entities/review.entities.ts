import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type {
  FormSnapshot,
  FormType,
  GradeChange,
  LevelChange,
  NotificationKind,
  ReviewDecisionKind,
  ReviewerRole,
  ReviewTaskStatus,
} from '@pirm/domain';

export type { NotificationKind };

/** A form type's review chain (R09): data, so a district can change it. */
@Entity({ name: 'review_chain' })
export class ReviewChainEntity {
  @PrimaryColumn({ name: 'form_type', type: 'text' })
  formType!: FormType;

  @Column({ type: 'text', array: true })
  steps!: ReviewerRole[];

  @Column({ name: 'step_deadline_working_days', type: 'integer' })
  stepDeadlineWorkingDays!: number;

  @Column({ name: 'reminder_working_days', type: 'integer' })
  reminderWorkingDays!: number;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export type { ReviewTaskStatus };

/** A reviewer's task: one per form, submission round and chain step (the inbox read model). */
@Entity({ name: 'review_task' })
// A GIN index (created by the migration; TypeORM cannot declare its type) serves "tasks assigned to me".
@Index('ix_review_task_assignees', { synchronize: false })
@Index('ix_review_task_status_due', ['status', 'dueAt'])
@Index('ix_review_task_form', ['formId'])
@Index('ix_review_task_campaign', ['campaignId', 'step', 'role'])
export class ReviewTaskEntity {
  /** `{formId}:{revision}:{step}` */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'form_id', type: 'uuid' })
  formId!: string;

  @ManyToOne('RiskFormEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'form_id', foreignKeyConstraintName: 'fk_review_task_form' })
  form?: unknown;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'form_type', type: 'text' })
  formType!: FormType;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'integer' })
  step!: number;

  @Column({ type: 'text' })
  role!: ReviewerRole;

  /** Everyone who may decide, including those it was escalated to. */
  @Column({ type: 'uuid', array: true })
  assignees!: string[];

  @Column({ name: 'escalated_to', type: 'uuid', array: true })
  escalatedTo!: string[];

  @Column({ name: 'assigned_because', type: 'text' })
  assignedBecause!: string;

  @Column({ type: 'text' })
  status!: ReviewTaskStatus;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  decision!: ReviewDecisionKind | null;
}

/** A reviewer's decision (审查意见/审核意见), kept for the printed form and the archive (R23). */
@Entity({ name: 'review_decision' })
@Index('ix_review_decision_form', ['formId', 'decidedAt'])
export class ReviewDecisionEntity {
  /** `{formId}:{idempotency key}`: recording the same decision twice is a no-op. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'form_id', type: 'uuid' })
  formId!: string;

  @ManyToOne('RiskFormEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'form_id', foreignKeyConstraintName: 'fk_review_decision_form' })
  form?: unknown;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'integer' })
  step!: number;

  @Column({ type: 'text' })
  role!: ReviewerRole;

  @Column({ type: 'text' })
  decision!: ReviewDecisionKind;

  @Column({ type: 'text' })
  opinion!: string;

  @Column({ name: 'return_to', type: 'integer', nullable: true })
  returnTo!: number | null;

  @Column({ name: 'level_changes', type: 'jsonb' })
  levelChanges!: LevelChange[];

  @Column({ name: 'grade_change', type: 'jsonb', nullable: true })
  gradeChange!: GradeChange | null;

  @Column({ name: 'decided_by', type: 'uuid' })
  decidedBy!: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}

/** Something a person is told (pushed by subscription, listed by query). */
@Entity({ name: 'notification' })
@Index('ix_notification_person', ['personId', 'createdAt'])
export class NotificationEntity {
  /** Idempotency key from the workflow event that caused it. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'form_id', type: 'uuid', nullable: true })
  formId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The form's content as submitted in each round: what reviewers diff against the previous round. */
@Entity({ name: 'risk_form_snapshot' })
export class RiskFormSnapshotEntity {
  @PrimaryColumn({ name: 'form_id', type: 'uuid' })
  formId!: string;

  @PrimaryColumn({ type: 'integer' })
  revision!: number;

  @ManyToOne('RiskFormEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'form_id', foreignKeyConstraintName: 'fk_risk_form_snapshot_form' })
  form?: unknown;

  @Column({ type: 'jsonb' })
  content!: FormSnapshot;
}
