import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { FormType, PostPower } from '@pirm/domain';

/** 岗位 with its duty & power register (R06); risks attach to the post, not the person (R10). */
@Entity({ name: 'post' })
@Index('uq_post_unit_code', ['unitId', 'code'], { unique: true })
export class PostEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @ManyToOne('UnitEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_post_unit' })
  unit?: unknown;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** 岗位类别 such as 班主任 or 财务: the key of the common-risk library. */
  @Column({ name: 'post_type', type: 'text' })
  postType!: string;

  @Column({ name: 'form_type', type: 'text' })
  formType!: FormType;

  @Column({ type: 'text' })
  duties!: string;

  @Column({ type: 'text', array: true })
  powers!: PostPower[];

  @Column({ name: 'process_steps', type: 'jsonb' })
  processSteps!: string[];

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId!: string | null;

  @ManyToOne('DepartmentEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_post_department' })
  department?: unknown;
}
