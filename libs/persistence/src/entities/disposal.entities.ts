import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DisposalMeasure, DisposalSource, DisposalState, DisposalStatus } from '@pirm/domain';

/** Read model of a disposal case's workflow (R17): the measure in force, its deadline, every step. */
@Entity({ name: 'disposal_case' })
@Index('ix_disposal_case_unit_status', ['unitId', 'status'])
export class DisposalCaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Index('ix_disposal_case_person')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'text' })
  problem!: string;

  @Column({ type: 'text' })
  source!: DisposalSource;

  @Column({ name: 'source_ref', type: 'text', nullable: true })
  sourceRef!: string | null;

  @Column({ type: 'text' })
  status!: DisposalStatus;

  @Column({ type: 'text' })
  measure!: DisposalMeasure;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** The workflow's state. */
  @Column({ type: 'jsonb' })
  state!: DisposalState;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'opened_by', type: 'text' })
  openedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
