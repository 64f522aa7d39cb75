import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { GradingRules } from '@pirm/domain';

/** A version of the grading rules (R12). Versions are immutable; a campaign fixes the version it grades with. */
@Entity({ name: 'grading_rule_set' })
export class GradingRuleSetEntity {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  rules!: GradingRules;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
