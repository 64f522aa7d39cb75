import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type {
  AnalysisDirection,
  BackwardSource,
  FindingMethod,
  MajorMatter,
  RiskCategory,
  RiskLevel,
} from '@pirm/domain';
import type { RiskFormEntity } from './risk-form.entity';

/** 风险点 of a form (R07, R08, R11, R12, R14). */
@Entity({ name: 'risk_point' })
@Index('uq_risk_point_form_ordinal', ['formId', 'ordinal'], { unique: true })
export class RiskPointEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'form_id', type: 'uuid' })
  formId!: string;

  @ManyToOne('RiskFormEntity', 'riskPoints', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'form_id', foreignKeyConstraintName: 'fk_risk_point_form' })
  form?: RiskFormEntity;

  @Column({ type: 'integer' })
  ordinal!: number;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  category!: RiskCategory;

  @Column({ type: 'text', array: true })
  causes!: RiskCategory[];

  @Column({ type: 'smallint' })
  likelihood!: number;

  @Column({ type: 'smallint' })
  harm!: number;

  /** From likelihood × harm by the campaign's rules. */
  @Column({ name: 'computed_level', type: 'text' })
  computedLevel!: RiskLevel;

  /** The level in force: the computed one until a reviewer decides otherwise. */
  @Column({ type: 'text' })
  level!: RiskLevel;

  @Column({ name: 'proposed_level', type: 'text', nullable: true })
  proposedLevel!: RiskLevel | null;

  @Column({ name: 'proposed_level_reason', type: 'text', nullable: true })
  proposedLevelReason!: string | null;

  @Column({ name: 'finding_method', type: 'text' })
  findingMethod!: FindingMethod;

  @Column({ type: 'text' })
  direction!: AnalysisDirection;

  @Column({ name: 'backward_source', type: 'text', nullable: true })
  backwardSource!: BackwardSource | null;

  @Column({ name: 'control_measures', type: 'text' })
  controlMeasures!: string;

  @Column({ name: 'responsible_post_id', type: 'uuid', nullable: true })
  responsiblePostId!: string | null;

  @ManyToOne('PostEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'responsible_post_id', foreignKeyConstraintName: 'fk_risk_point_responsible_post' })
  responsiblePost?: unknown;

  @Column({ name: 'template_id', type: 'uuid', nullable: true })
  templateId!: string | null;

  @ManyToOne('RiskTemplateEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_risk_point_template' })
  template?: unknown;

  @Column({ name: 'major_matter', type: 'text', nullable: true })
  majorMatter!: MajorMatter | null;
}
