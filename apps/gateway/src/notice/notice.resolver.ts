import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RISK_CATEGORY_LABELS, RISK_LEVEL_LABELS, type RiskCategory, type RiskLevel } from '@pirm/domain';
import type { NoticeCommentEntity } from '@pirm/persistence';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { PageSizeArg } from '../graphql/page-size';
import { ReviewService } from '../review/review.service';
import {
  AnswerCommentInput,
  NoticeCommentInput,
  NoticeCommentModel,
  PublicNoticeModel,
  RedoOrderInput,
} from './notice.model';
import { NoticeService } from './notice.service';

const toComment = (c: NoticeCommentEntity): NoticeCommentModel => Object.assign(new NoticeCommentModel(), c);

@Resolver()
export class NoticeResolver {
  constructor(
    private readonly notices: NoticeService,
    private readonly reviews: ReviewService,
  ) {}

  @Query(() => PublicNoticeModel, { description: 'Public: a unit’s risk points while they are on notice (R13).' })
  async publicNotice(
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID }) unitId: string,
  ): Promise<PublicNoticeModel> {
    const { unitName, points, closesAt } = await this.notices.notice(campaignId, unitId);
    return Object.assign(new PublicNoticeModel(), {
      campaignId,
      unitId,
      unitName,
      closesAt: closesAt === null ? null : new Date(closesAt),
      riskPoints: points.map((p) => ({
        ...p,
        categoryLabel: RISK_CATEGORY_LABELS[p.category as RiskCategory],
        levelLabel: RISK_LEVEL_LABELS[p.level as RiskLevel],
      })),
    });
  }

  @Mutation(() => NoticeCommentModel, {
    description:
      'Public: comment on a unit’s noticed risk points, named or anonymously; rate-limited, no address stored.',
  })
  async commentOnNotice(@Args('input') input: NoticeCommentInput): Promise<NoticeCommentModel> {
    return toComment(await this.notices.comment(input));
  }

  @Query(() => [NoticeCommentModel], {
    description: 'The public comments on a unit’s notice, for its leaders, the office and the discipline team.',
  })
  async noticeComments(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID }) unitId: string,
    @PageSizeArg(100) first: number,
    @Args('after', { type: () => ID, nullable: true, description: 'The last comment of the previous page.' })
    after?: string,
  ): Promise<NoticeCommentModel[]> {
    return (await this.notices.comments(principal, campaignId, unitId, { first, after: after ?? null })).map(toComment);
  }

  @Mutation(() => NoticeCommentModel, {
    description: 'The unit answers a comment: accepted (its form goes back for revision) or dismissed with a reason.',
  })
  async answerNoticeComment(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: AnswerCommentInput,
  ): Promise<NoticeCommentModel> {
    return toComment(await this.notices.answer(principal, input.commentId, input.accept, input.answer));
  }

  @Mutation(() => Int, {
    description:
      'Office only (R22): orders a unit, or one person, to redo screening; returns how many forms were reopened.',
  })
  async orderRedo(@CurrentPrincipal() principal: Principal, @Args('input') input: RedoOrderInput): Promise<number> {
    return this.reviews.orderRedo(principal, input.campaignId, input.unitId, input.personCode ?? null, input.reason);
  }
}
