import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { FormType, PostRiskGrade, ReviewDecisionKind, ReviewerRole, RiskLevel } from '@pirm/domain';
import {
  FormTypeEnum,
  PostRiskGradeEnum,
  ReviewDecisionEnum,
  ReviewStatusEnum,
  RiskLevelEnum,
  RoleEnum,
  TaskStatusEnum,
} from '../graphql/enums';
import { FieldChangeModel } from '../graphql/common.model';
import { PageInfoModel } from '../graphql/connection';

@ObjectType('ReviewTask', { description: 'A review step of a form, assigned to me.' })
export class ReviewTaskModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  formId!: string;

  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => FormTypeEnum)
  formType!: FormType;

  @Field({ description: 'Whose form it is.' })
  ownerName!: string;

  @Field(() => Int, { description: 'Submission round.' })
  revision!: number;

  @Field(() => Int, { description: 'Step index in the chain (0-based).' })
  step!: number;

  @Field(() => RoleEnum)
  role!: ReviewerRole;

  @Field({ description: 'Why this task is with me.' })
  why!: string;

  @Field(() => TaskStatusEnum)
  status!: string;

  @Field()
  openedAt!: Date;

  @Field()
  dueAt!: Date;

  @Field({ description: 'The deadline passed and it was escalated to the next level up.' })
  escalated!: boolean;

  @Field(() => ReviewDecisionEnum, { nullable: true })
  decision!: ReviewDecisionKind | null;

  @Field(() => Int, { description: 'The form version to send with a decision.' })
  formVersion!: number;

  @Field(() => [FieldChangeModel], { description: 'What changed against the previous submission round.' })
  changes!: FieldChangeModel[];

  @Field(() => String, {
    nullable: true,
    description: 'The opinion of the return that sent the form back to this step, if it came back.',
  })
  returnOpinion!: string | null;

  @Field(() => Int, { description: '催办: how many times its reviewers were nudged ("催办 2 次").' })
  nudgeCount!: number;

  @Field(() => Date, { nullable: true, description: 'When its reviewers were last nudged ("最近 …").' })
  lastNudgedAt!: Date | null;
}

@ObjectType('NudgeResult', { description: 'A 催办 recorded: the task’s reviewers are told.' })
export class NudgeResultModel {
  @Field(() => ID)
  taskId!: string;

  @Field(() => Int)
  nudgeCount!: number;

  @Field()
  lastNudgedAt!: Date;
}

@ObjectType('ReviewTaskEdge')
export class ReviewTaskEdge {
  @Field()
  cursor!: string;

  @Field(() => ReviewTaskModel)
  node!: ReviewTaskModel;
}

@ObjectType('TaskDepartment', { description: 'A department among my tasks, for the inbox’s department filter.' })
export class TaskDepartmentModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'My tasks of this department that match the rest of the filter.' })
  count!: number;
}

@ObjectType('ReviewTaskConnection')
export class ReviewTaskConnection {
  @Field(() => [ReviewTaskEdge])
  edges!: ReviewTaskEdge[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  @Field(() => Int, { description: 'Tasks matching the filter (all statuses).' })
  totalCount!: number;

  @Field(() => Int)
  openCount!: number;

  @Field(() => Int)
  doneCount!: number;

  /** Who asked, with which filter: what `departments` is resolved for (not a GraphQL field). */
  request!: { personId: string; filter: TaskFilterInput };
}

@InputType()
export class TaskFilterInput {
  @Field(() => TaskStatusEnum, { nullable: true })
  status?: 'OPEN' | 'DONE' | 'CANCELLED';

  @Field(() => FormTypeEnum, { nullable: true })
  formType?: FormType;

  @Field(() => ID, { nullable: true })
  unitId?: string;

  @Field(() => ID, { nullable: true, description: 'The form owner’s department.' })
  departmentId?: string;

  @Field(() => PostRiskGradeEnum, { nullable: true, description: 'The post grade in force on the form.' })
  grade?: PostRiskGrade;

  @Field({ nullable: true })
  dueBefore?: Date;
}

@InputType()
export class LevelChangeInput {
  @Field(() => Int, { description: 'The risk point’s ordinal on the form.' })
  ordinal!: number;

  @Field(() => RiskLevelEnum)
  level!: RiskLevel;

  @Field()
  reason!: string;
}

@InputType()
export class GradeChangeInput {
  @Field(() => PostRiskGradeEnum)
  grade!: PostRiskGrade;

  @Field()
  reason!: string;
}

@InputType()
export class DecideInput {
  @Field(() => ID, { description: 'The task (form, round and step) being decided.' })
  taskId!: string;

  @Field(() => ReviewDecisionEnum)
  decision!: ReviewDecisionKind;

  @Field({ defaultValue: '', description: 'The opinion (审查/审核意见); required when returning.' })
  opinion!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'For RETURN: a step before this one; null returns to the submitter.',
  })
  returnTo?: number | null;

  @Field(() => [LevelChangeInput], { defaultValue: [] })
  levelChanges!: LevelChangeInput[];

  @Field(() => GradeChangeInput, { nullable: true })
  gradeChange?: GradeChangeInput | null;

  @Field(() => Int, { description: 'The form version the reviewer read; a stale one is a CONFLICT.' })
  formVersion!: number;

  @Field({
    description: 'Client-chosen key: a retry with the same key returns the first result and records nothing twice.',
  })
  idempotencyKey!: string;
}

@ObjectType('DecisionResult')
export class DecisionResultModel {
  @Field(() => ReviewStatusEnum)
  status!: string;

  @Field(() => Int, { nullable: true })
  currentStep!: number | null;

  @Field(() => Int)
  formVersion!: number;
}

@InputType()
export class ApproveTasksInput {
  @Field(() => [ID], { description: 'At most 100 tasks, chosen explicitly.' })
  taskIds!: string[];

  @Field({ defaultValue: '' })
  opinion!: string;

  @Field({ description: 'Prefix of the per-task idempotency keys (`{key}:{taskId}`).' })
  idempotencyKey!: string;
}

@ObjectType('TaskOutcome')
export class TaskOutcomeModel {
  @Field(() => ID)
  taskId!: string;

  @Field()
  ok!: boolean;

  @Field(() => String, { nullable: true })
  errorCode!: string | null;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the task was not approved, in Chinese for the person (as `extensions.userMessage` of an error).',
  })
  userMessage!: string | null;

  @Field(() => DecisionResultModel, { nullable: true })
  result!: DecisionResultModel | null;
}

@ObjectType('ReviewStep')
export class ReviewStepModel {
  @Field(() => Int)
  index!: number;

  @Field(() => RoleEnum)
  role!: ReviewerRole;

  @Field()
  label!: string;

  @Field(() => [ID])
  assignees!: string[];

  @Field(() => [ID])
  escalatedTo!: string[];

  @Field()
  assignedBecause!: string;

  @Field(() => Date, { nullable: true })
  dueAt!: Date | null;
}

@ObjectType('ReviewDecisionRecord')
export class ReviewDecisionModel {
  @Field(() => Int)
  revision!: number;

  @Field(() => Int)
  step!: number;

  @Field(() => RoleEnum)
  role!: ReviewerRole;

  @Field(() => ReviewDecisionEnum)
  decision!: ReviewDecisionKind;

  @Field()
  opinion!: string;

  @Field(() => ID)
  decidedBy!: string;

  @Field(() => String, { nullable: true, description: 'The decider’s name from the roster; null if no longer on it.' })
  decidedByName!: string | null;

  @Field()
  decidedAt!: Date;
}

@ObjectType('ReviewState', { description: 'Live state of a form’s review chain, from its workflow.' })
export class ReviewStateModel {
  @Field(() => ReviewStatusEnum)
  status!: string;

  @Field(() => Int)
  revision!: number;

  @Field(() => Int, { nullable: true })
  currentStep!: number | null;

  @Field(() => [ReviewStepModel])
  steps!: ReviewStepModel[];

  @Field(() => [ReviewDecisionModel])
  decisions!: ReviewDecisionModel[];
}

@InputType()
export class ExtendStepInput {
  @Field(() => ID)
  taskId!: string;

  @Field(() => Int)
  workingDays!: number;

  @Field()
  reason!: string;

  @Field()
  idempotencyKey!: string;
}

@InputType({ description: 'A form type’s review chain (R09): steps and deadlines are data the office can change.' })
export class ReviewChainInput {
  @Field(() => FormTypeEnum)
  formType!: FormType;

  @Field(() => [RoleEnum], { description: 'Reviewer roles in order (1 to 5 steps).' })
  steps!: ReviewerRole[];

  @Field(() => Int)
  stepDeadlineWorkingDays!: number;

  @Field(() => Int)
  reminderWorkingDays!: number;
}

@ObjectType('ReviewChain')
export class ReviewChainModel {
  @Field(() => FormTypeEnum)
  formType!: FormType;

  @Field(() => [RoleEnum])
  steps!: ReviewerRole[];

  @Field(() => Int)
  stepDeadlineWorkingDays!: number;

  @Field(() => Int)
  reminderWorkingDays!: number;

  @Field()
  updatedBy!: string;
}

@ObjectType('GradeOverride', {
  description:
    'A reviewer’s 岗位风险等级 override in force (R12): it stands until a later reviewer overrides it with their own reason.',
})
export class GradeOverrideModel {
  @Field(() => PostRiskGradeEnum, { description: 'The effective grade.' })
  grade!: PostRiskGrade;

  @Field({ description: 'Why the reviewer set it.' })
  reason!: string;

  @Field(() => RoleEnum, { description: 'The level that set it.' })
  role!: ReviewerRole;

  @Field({ description: 'Who set it.' })
  setByName!: string;

  @Field(() => PostRiskGradeEnum, { description: 'The grade the rules compute from the current levels.' })
  computedGrade!: PostRiskGrade;

  @Field({ description: 'How the rules computed it.' })
  computedExplanation!: string;
}
