import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AppraisalGrade, CommitmentAudience, UnitActivityKind } from '@pirm/domain';

/**
 * Execution records (R14–R16). Each row is one recording, never edited: a new recording of the same thing
 * is a new row and the latest one is in force, so the history stays.
 */

/** R14: whether a risk point's prevention measures are in place. */
@Entity({ name: 'measure_implementation' })
@Index('ix_measure_implementation_unit', ['campaignId', 'unitId', 'riskPointId', 'recordedAt'])
export class MeasureImplementationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'risk_point_id', type: 'uuid' })
  riskPointId!: string;

  @ManyToOne('RiskPointEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'risk_point_id', foreignKeyConstraintName: 'fk_measure_implementation_point' })
  riskPoint?: unknown;

  @Column({ name: 'in_place', type: 'boolean' })
  inPlace!: boolean;

  @Column({ type: 'text' })
  evidence!: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** R15 公开承诺: a person's commitment, where and to whom it was published. */
@Entity({ name: 'commitment' })
@Index('ix_commitment_unit', ['campaignId', 'unitId', 'personId'])
export class CommitmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne('PersonEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_commitment_person' })
  person?: unknown;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'published_where', type: 'text' })
  publishedWhere!: string;

  @Column({ type: 'text', array: true })
  audiences!: CommitmentAudience[];

  @Column({ name: 'published_on', type: 'date' })
  publishedOn!: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** R15 R16 an activity of the unit: education, talks, hearings, openness, checks, appraisal, inspections. */
@Entity({ name: 'unit_activity' })
@Index('ix_unit_activity_unit', ['campaignId', 'unitId', 'heldOn'])
export class UnitActivityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'text' })
  kind!: UnitActivityKind;

  @Column({ name: 'held_on', type: 'date' })
  heldOn!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'integer' })
  participants!: number;

  @Column({ type: 'text' })
  evidence!: string;

  /** The 通报 of an irregular inspection. */
  @Column({ type: 'text', nullable: true })
  circular!: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** R15 述职述廉 and its 民主测评 for one person in a campaign (the latest recording is in force). */
@Entity({ name: 'duty_report' })
@Index('ix_duty_report_unit', ['campaignId', 'unitId', 'personId', 'recordedAt'])
export class DutyReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne('PersonEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_duty_report_person' })
  person?: unknown;

  @Column({ name: 'report_summary', type: 'text' })
  reportSummary!: string;

  /** 民主测评 votes 好 / 较好 / 一般 / 差; null when only a rating was given. */
  @Column({ name: 'votes_good', type: 'integer', nullable: true })
  votesGood!: number | null;

  @Column({ name: 'votes_fairly_good', type: 'integer', nullable: true })
  votesFairlyGood!: number | null;

  @Column({ name: 'votes_average', type: 'integer', nullable: true })
  votesAverage!: number | null;

  @Column({ name: 'votes_poor', type: 'integer', nullable: true })
  votesPoor!: number | null;

  @Column({ type: 'text', nullable: true })
  rating!: AppraisalGrade | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
