import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { EvaluationComponent, EvaluationState, EvaluatorKind } from '@pirm/domain';

/** Published versions of the evaluation weights (R19); an evaluation keeps the version it opened with. */
@Entity({ name: 'evaluation_rule_set' })
export class EvaluationRuleSetEntity {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  weights!: Record<EvaluationComponent, number>;

  @Column({ name: 'published_by', type: 'text' })
  publishedBy!: string;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  publishedAt!: Date;
}

/** Read model of a unit's evaluation workflow: self-assessment, rounds, district evaluation, weighted score. */
@Entity({ name: 'unit_evaluation' })
export class UnitEvaluationEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'text' })
  unitId!: string;

  /** The workflow's state. */
  @Column({ type: 'jsonb' })
  state!: EvaluationState;

  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true })
  score!: string | null;

  @Column({ name: 'rule_version', type: 'integer' })
  ruleVersion!: number;

  @Column({ type: 'integer' })
  revision!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A one-time invitation to score a unit, by the SHA-256 of its code: how a public scorer finds the round. */
@Entity({ name: 'evaluation_invitation' })
@Index('ix_evaluation_invitation_round', ['campaignId', 'unitId', 'roundId'])
export class EvaluationInvitationEntity {
  @PrimaryColumn({ name: 'code_hash', type: 'text' })
  codeHash!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'round_id', type: 'text' })
  roundId!: string;

  @Column({ name: 'evaluator_kind', type: 'text' })
  evaluatorKind!: EvaluatorKind;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
