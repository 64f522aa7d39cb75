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
import type { FormType, PostRiskGrade } from '@pirm/domain';
import type { RiskPointEntity } from './risk-point.entity';

export type RiskFormStatus = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

/** 廉政风险识别和防控表: one per person per campaign, with the fields of attachments 2–4 (R09). */
@Entity({ name: 'risk_form' })
@Index('uq_risk_form_campaign_person', ['campaignId', 'personId'], { unique: true })
@Index('ix_risk_form_unit', ['campaignId', 'unitId', 'status'])
export class RiskFormEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @ManyToOne('CampaignEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_risk_form_campaign' })
  campaign?: unknown;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne('PersonEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_risk_form_person' })
  person?: unknown;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId!: string | null;

  @Column({ name: 'post_id', type: 'uuid' })
  postId!: string;

  @ManyToOne('PostEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_risk_form_post' })
  post?: unknown;

  @Column({ name: 'form_type', type: 'text' })
  formType!: FormType;

  @Column({ type: 'text' })
  status!: RiskFormStatus;

  /** 姓名 */
  @Column({ type: 'text' })
  name!: string;

  /** 职务 */
  @Column({ type: 'text' })
  position!: string;

  /** 科室 */
  @Column({ name: 'department_name', type: 'text' })
  departmentName!: string;

  /** 岗位职责 */
  @Column({ name: 'post_duties', type: 'text' })
  postDuties!: string;

  /** 工作流程 */
  @Column({ name: 'workflow_description', type: 'text' })
  workflowDescription!: string;

  /** 负责人 */
  @Column({ name: 'person_in_charge', type: 'text' })
  personInCharge!: string;

  /** 自我防控措施 for the post as a whole. */
  @Column({ name: 'control_measures', type: 'text' })
  controlMeasures!: string;

  @Column({ name: 'post_grade', type: 'text', nullable: true })
  postGrade!: PostRiskGrade | null;

  @Column({ name: 'grade_score', type: 'double precision', nullable: true })
  gradeScore!: number | null;

  @Column({ name: 'grade_explanation', type: 'text', nullable: true })
  gradeExplanation!: string | null;

  /** The grading rules version the campaign fixed at launch. */
  @Column({ name: 'rules_version', type: 'integer' })
  rulesVersion!: number;

  /** Where the draft's risk points came from (R20 R21): `archive:{unitId}:v{n}` of an earlier campaign; null: the risk library. */
  @Column({ name: 'prefilled_from', type: 'text', nullable: true })
  prefilledFrom!: string | null;

  /** The submission round the review workflow last locked the form for (0: never submitted). */
  @Column({ name: 'review_revision', type: 'integer', default: 0 })
  reviewRevision!: number;

  /** Compare-and-set guard: every write checks and bumps it. */
  @Column({ type: 'integer' })
  version!: number;

  @OneToMany('RiskPointEntity', 'form')
  riskPoints?: RiskPointEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
