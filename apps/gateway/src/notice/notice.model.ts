import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { NoticeCommentStatusEnum } from '../graphql/enums';

@ObjectType('NoticedRiskPoint', { description: 'A risk point on public notice (R13): the post, never the person.' })
export class NoticedRiskPointModel {
  @Field(() => ID)
  id!: string;

  @Field()
  postName!: string;

  @Field()
  description!: string;

  @Field()
  categoryLabel!: string;

  @Field()
  levelLabel!: string;

  @Field()
  controlMeasures!: string;
}

@ObjectType('PublicNotice')
export class PublicNoticeModel {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field({ description: 'The unit’s name, which heads its notice.' })
  unitName!: string;

  @Field(() => Date, {
    nullable: true,
    description: 'When the notice closes: the end of its last working day, or when the office closed it early.',
  })
  closesAt!: Date | null;

  @Field(() => [NoticedRiskPointModel])
  riskPoints!: NoticedRiskPointModel[];
}

@ObjectType('NoticeComment')
export class NoticeCommentModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  riskPointId!: string | null;

  @Field()
  text!: string;

  @Field(() => String, { nullable: true, description: 'null: anonymous.' })
  authorName!: string | null;

  @Field(() => NoticeCommentStatusEnum)
  status!: string;

  @Field(() => String, { nullable: true })
  answer!: string | null;

  @Field()
  createdAt!: Date;
}

@InputType()
export class NoticeCommentInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => ID, { nullable: true })
  riskPointId?: string | null;

  @Field()
  text!: string;

  @Field(() => String, { nullable: true, description: 'Leave empty to comment anonymously.' })
  authorName?: string | null;
}

@InputType()
export class AnswerCommentInput {
  @Field(() => ID)
  commentId!: string;

  @Field({ description: 'true: accepted, the risk point’s form goes back for revision; false: dismissed.' })
  accept!: boolean;

  @Field({ description: 'The unit’s answer (required to dismiss).' })
  answer!: string;
}

@InputType()
export class RedoOrderInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => String, { nullable: true, description: 'One person (工号); empty: every approved form of the unit.' })
  personCode?: string | null;

  @Field()
  reason!: string;
}
