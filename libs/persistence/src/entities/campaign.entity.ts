import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CampaignState, Phase, PhaseWindow } from '@pirm/domain';

/** Read model of a campaign, projected from its workflow. */
@Entity({ name: 'campaign' })
export class CampaignEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'integer', unique: true })
  year!: number;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'current_phase', type: 'text', nullable: true })
  currentPhase!: Phase | null;

  @Column({ type: 'jsonb' })
  calendar!: PhaseWindow[];

  /** The grading rules version every form of this campaign is graded with (R12). */
  @Column({ name: 'rules_version', type: 'integer' })
  rulesVersion!: number;

  @Column({ name: 'launched_by', type: 'text' })
  launchedBy!: string;

  /** The workflow's whole state, for reads when the workflow cannot answer. */
  @Column({ type: 'jsonb', default: {} })
  state!: CampaignState;

  /** The workflow's state revision this row reflects; projections only move it forward. */
  @Column({ type: 'integer' })
  revision!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
