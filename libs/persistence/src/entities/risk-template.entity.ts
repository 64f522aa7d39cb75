import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FormType, MajorMatter, RiskCategory } from '@pirm/domain';

/** A common risk of a post type (R10 个性与共性相结合): offered as a starting point when a form is started. */
@Entity({ name: 'risk_template' })
@Index('ix_risk_template_post_type', ['postType'])
export class RiskTemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** 岗位类别 it applies to; '*' applies to every post. */
  @Column({ name: 'post_type', type: 'text' })
  postType!: string;

  /** Only for forms of this type; null for all. */
  @Column({ name: 'form_type', type: 'text', nullable: true })
  formType!: FormType | null;

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

  @Column({ name: 'control_measures', type: 'text' })
  controlMeasures!: string;

  @Column({ name: 'major_matter', type: 'text', nullable: true })
  majorMatter!: MajorMatter | null;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;
}
