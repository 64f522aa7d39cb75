import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { DepartmentKind } from '@pirm/domain';

/** 科室 / 年级组 of a unit, with its head (负责人). */
@Entity({ name: 'department' })
@Index('uq_department_unit_code', ['unitId', 'code'], { unique: true })
export class DepartmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @ManyToOne('UnitEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_department_unit' })
  unit?: unknown;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: DepartmentKind;

  @Column({ name: 'head_person_id', type: 'uuid', nullable: true })
  headPersonId!: string | null;

  @ManyToOne('PersonEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'head_person_id', foreignKeyConstraintName: 'fk_department_head' })
  head?: unknown;
}
