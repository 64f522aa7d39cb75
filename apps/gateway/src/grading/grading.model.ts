import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { PostRiskGrade } from '@pirm/domain';
import { PostRiskGradeEnum } from '../graphql/enums';

/** The grading rules (R12) as GraphQL sees them: flat numbers, one field per rule. */
@ObjectType('GradingRules')
export class GradingRulesModel {
  @Field(() => Int)
  version!: number;

  @Field(() => Int, { description: 'likelihood × harm at or above this → LEVEL_1.' })
  level1MinProduct!: number;

  @Field(() => Int, { description: 'likelihood × harm at or above this → LEVEL_2; below → LEVEL_3.' })
  level2MinProduct!: number;

  @Field(() => Float)
  weightLevel1!: number;

  @Field(() => Float)
  weightLevel2!: number;

  @Field(() => Float)
  weightLevel3!: number;

  @Field(() => Float, { description: 'Each distinct cause beyond the first adds this fraction to a point’s weight.' })
  extraCauseMultiplier!: number;

  @Field(() => Float, { description: 'Score at or above this → grade A.' })
  gradeThresholdA!: number;

  @Field(() => Float, { description: 'Score at or above this → grade B; below → C.' })
  gradeThresholdB!: number;

  @Field({ description: 'A level-1 risk without an effective control makes the post A.' })
  level1WithoutControlIsA!: boolean;

  @Field()
  createdBy!: string;
}

@InputType()
export class GradingRulesInput {
  @Field(() => Int)
  level1MinProduct!: number;

  @Field(() => Int)
  level2MinProduct!: number;

  @Field(() => Float)
  weightLevel1!: number;

  @Field(() => Float)
  weightLevel2!: number;

  @Field(() => Float)
  weightLevel3!: number;

  @Field(() => Float)
  extraCauseMultiplier!: number;

  @Field(() => Float)
  gradeThresholdA!: number;

  @Field(() => Float)
  gradeThresholdB!: number;

  @Field()
  level1WithoutControlIsA!: boolean;
}

@ObjectType('GradeTransition')
export class GradeTransitionModel {
  @Field(() => PostRiskGradeEnum)
  from!: PostRiskGrade;

  @Field(() => PostRiskGradeEnum)
  to!: PostRiskGrade;

  @Field(() => Int)
  count!: number;
}

@ObjectType('GradingRulesPreview', {
  description: 'What publishing a rule set would change: the campaign’s graded posts regraded by it (R12).',
})
export class GradingRulesPreviewModel {
  @Field(() => ID, { nullable: true, description: 'The campaign compared; null: none launched yet.' })
  campaignId!: string | null;

  @Field(() => Int, { nullable: true, description: 'The rules version the campaign’s grades were computed with.' })
  currentVersion!: number | null;

  @Field(() => Int, { description: 'Graded posts (one per form) compared.' })
  posts!: number;

  @Field(() => Int, { description: 'Of them, whose grade would change.' })
  changed!: number;

  @Field(() => [GradeTransitionModel])
  transitions!: GradeTransitionModel[];
}
