import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { RoleAssignmentEntity } from './role-assignment.entity';

/** A cadre or staff member; `code` is the stable identity from the roster and the token subject. */
@Entity({ name: 'person' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_person_code', { unique: true })
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'unit_id', type: 'text', nullable: true })
  unitId!: string | null;

  @OneToMany(() => RoleAssignmentEntity, (r) => r.person)
  roles!: RoleAssignmentEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
