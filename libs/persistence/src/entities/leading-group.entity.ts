import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { LeadingGroupRole } from '@pirm/domain';

/**
 * A member of a leading group (领导小组) or its office: the district's (unit null) or a unit's (R02, R03).
 * One table: a group is identified by its scope.
 */
@Entity({ name: 'leading_group_member' })
@Index('ix_leading_group_member_scope', ['unitId'])
export class LeadingGroupMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** null: the district leading group. */
  @Column({ name: 'unit_id', type: 'text', nullable: true })
  unitId!: string | null;

  @ManyToOne('UnitEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_leading_group_member_unit' })
  unit?: unknown;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne('PersonEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_leading_group_member_person' })
  person?: unknown;

  @Column({ type: 'text' })
  role!: LeadingGroupRole;

  /** 职务说明, e.g. 区教体局局长、党委副书记. */
  @Column({ type: 'text', default: '' })
  title!: string;
}
