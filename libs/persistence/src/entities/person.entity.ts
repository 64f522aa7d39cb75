import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { RoleAssignmentEntity } from './role-assignment.entity';

/** A cadre or staff member; `code` (工号) is the stable identity from the roster and the token subject. */
@Entity({ name: 'person' })
@Index('ix_person_unit', ['unitId'])
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_person_code', { unique: true })
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** 职务 */
  @Column({ type: 'text', default: '' })
  position!: string;

  @Column({ name: 'unit_id', type: 'text', nullable: true })
  unitId!: string | null;

  @ManyToOne('UnitEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_person_unit' })
  unit?: unknown;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId!: string | null;

  @ManyToOne('DepartmentEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_person_department' })
  department?: unknown;

  @Column({ name: 'post_id', type: 'uuid', nullable: true })
  postId!: string | null;

  @ManyToOne('PostEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_person_post' })
  post?: unknown;

  /** E-mail address from the roster (电子邮箱), for outbound notifications; null when the roster gives none. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** Mobile number from the roster (手机号): SMS, and the @-mention in a group robot's message. */
  @Column({ type: 'text', nullable: true })
  mobile!: string | null;

  /** When a full-roster import found them missing (they left); null while on the roster. Their history stays. */
  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt!: Date | null;

  @OneToMany(() => RoleAssignmentEntity, (r) => r.person)
  roles!: RoleAssignmentEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
