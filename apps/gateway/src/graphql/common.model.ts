import { Field, ObjectType } from '@nestjs/graphql';

/** A field that is not yet acceptable, with why (used for completeness checks shown to the user). */
@ObjectType('FieldProblem')
export class FieldProblemModel {
  @Field()
  field!: string;

  @Field()
  reason!: string;

  @Field({ description: 'The same in Chinese, for the person filling the form.' })
  message!: string;
}

@ObjectType('FieldChange', { description: 'A field that changed since the previous submission round.' })
export class FieldChangeModel {
  @Field()
  field!: string;

  @Field(() => String, { nullable: true })
  before!: string | null;

  @Field(() => String, { nullable: true })
  after!: string | null;
}
