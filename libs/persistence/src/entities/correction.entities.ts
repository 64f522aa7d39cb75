import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CorrectionState, OpinionSource } from '@pirm/domain';

/** An opinion a correction round starts from (R20); see compileOpinions. */
export interface CompiledOpinion {
  source: OpinionSource;
  ref: string;
  text: string;
  at: string;
}

/** Read model of a unit's correction round (R20): the compiled opinions, the forms in revision, the new archive. */
@Entity({ name: 'correction_round' })
export class CorrectionRoundEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'text' })
  status!: string;

  /** The workflow's state. */
  @Column({ type: 'jsonb' })
  state!: CorrectionState;

  /** Opinions compiled when the round started, by source. */
  @Column({ type: 'jsonb' })
  opinions!: CompiledOpinion[];

  @Column({ type: 'integer' })
  revision!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
