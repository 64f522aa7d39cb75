import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { PersonEntity } from './person.entity';

/** A role a person holds; `unitId` null means the whole district. */
@Entity({ name: 'role_assignment' })
@Index('ix_role_assignment_person', ['personId'])
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
}
