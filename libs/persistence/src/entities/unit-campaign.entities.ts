import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { NoticeCommentStatus, Phase, Rung, UnitCampaignState } from '@pirm/domain';
import type { ArchivedForm } from '../risk-archive.repository';

/** Read model of a unit's campaign workflow: its whole state, and one row per phase for lists and dashboards. */
@Entity({ name: 'unit_campaign' })
export class UnitCampaignEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @ManyToOne('UnitEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_unit_campaign_unit' })
  unit?: unknown;

  /** The workflow's state. */
  @Column({ type: 'jsonb' })
  state!: UnitCampaignState;

  @Column({ type: 'integer' })
  revision!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'unit_phase_progress' })
@Index('ix_unit_phase_progress_status', ['campaignId', 'phase', 'status'])
export class UnitPhaseProgressEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @PrimaryColumn({ type: 'text' })
  phase!: Phase;

  @Column({ type: 'text' })
  status!: string;

  /** The highest rung climbed, if any. */
  @Column({ type: 'text', nullable: true })
  rung!: Rung | null;

  @Column({ type: 'timestamptz' })
  deadline!: Date;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}

/** A rung of the escalation ladder that fired (who was told, when); the circular for ESCALATED. */
@Entity({ name: 'escalation' })
@Index('ix_escalation_campaign', ['campaignId', 'firedAt'])
export class EscalationEntity {
  /** `{campaignId}:{unitId}:{phase}:{rung}:{deadline}`: each rung fires once per deadline. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'text' })
  phase!: Phase;

  @Column({ type: 'text' })
  rung!: Rung;

  @Column({ type: 'timestamptz' })
  deadline!: Date;

  @Column({ name: 'fired_at', type: 'timestamptz' })
  firedAt!: Date;

  @Column({ type: 'uuid', array: true })
  notified!: string[];

  @Column({ type: 'text' })
  message!: string;
}

export type { NoticeCommentStatus };

/** A public comment on a unit's noticed risk points (R13); no IP or user agent is stored. */
@Entity({ name: 'notice_comment' })
@Index('ix_notice_comment_unit', ['campaignId', 'unitId', 'status'])
export class NoticeCommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'risk_point_id', type: 'uuid', nullable: true })
  riskPointId!: string | null;

  @ManyToOne('RiskPointEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'risk_point_id', foreignKeyConstraintName: 'fk_notice_comment_point' })
  riskPoint?: unknown;

  @Column({ type: 'text' })
  text!: string;

  /** null: anonymous. */
  @Column({ name: 'author_name', type: 'text', nullable: true })
  authorName!: string | null;

  @Column({ type: 'text' })
  status!: NoticeCommentStatus;

  @Column({ type: 'text', nullable: true })
  answer!: string | null;

  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** What createRiskArchive stores of a unit's approved forms (their forms hold more than ArchivedForm reads). */
export interface RiskArchiveContent {
  campaignId: string;
  unitId: string;
  forms: ArchivedForm[];
}

/** 廉政风险信息档案: an immutable, versioned snapshot of a unit's confirmed risks (R13). */
@Entity({ name: 'risk_archive' })
@Index('uq_risk_archive_unit_version', ['unitId', 'version'], { unique: true })
export class RiskArchiveEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'integer' })
  version!: number;

  /** Idempotency key of the confirmation that created it. */
  @Index('uq_risk_archive_key', { unique: true })
  @Column({ name: 'created_by_key', type: 'text' })
  createdByKey!: string;

  @Column({ name: 'confirmed_by', type: 'text' })
  confirmedBy!: string;

  @Column({ type: 'jsonb' })
  content!: RiskArchiveContent;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
