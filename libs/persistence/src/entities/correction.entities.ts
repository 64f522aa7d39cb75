import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Read model of a unit's correction round (R20): the compiled opinions, the forms in revision, the new archive. */
@Entity({ name: 'correction_round' })
export class CorrectionRoundEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'text' })
  status!: string;

  /** The workflow's state (CorrectionState). */
  @Column({ type: 'jsonb' })
  state!: Record<string, unknown>;

  /** Opinions compiled when the round started, by source. */
  @Column({ type: 'jsonb' })
  opinions!: Record<string, unknown>[];

  @Column({ type: 'integer' })
  revision!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
