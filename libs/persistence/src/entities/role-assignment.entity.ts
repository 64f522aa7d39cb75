import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { PersonEntity } from './person.entity';

/** A role a person holds: unit null means the whole district; department narrows it (科室负责人, 分管领导). */
@Entity({ name: 'role_assignment' })
@Index('ix_role_assignment_person', ['personId'])
@Index('ix_role_assignment_scope', ['role', 'unitId'])
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne('PersonEntity', 'roles', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_role_assignment_person' })
  person!: PersonEntity;

  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'unit_id', type: 'text', nullable: true })
  unitId!: string | null;

  @ManyToOne('UnitEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_role_assignment_unit' })
  unit?: unknown;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId!: string | null;

  @ManyToOne('DepartmentEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_role_assignment_department' })
  department?: unknown;
}
