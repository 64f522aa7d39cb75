import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';

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
