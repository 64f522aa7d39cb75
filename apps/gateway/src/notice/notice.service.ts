import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, POLICY, ROLE_SETS, holdsFor, holdsIn } from '@pirm/domain';
import { NoticeRepository, type NoticeCommentEntity, type NoticedPoint } from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import { ReviewService } from '../review/review.service';
import { checkUuid, isUuid } from '../graphql/formats';

const TEXT_MAX = 2000;
const NAME_MAX = 50;

/** Public notice of a unit's risk points (R13): anyone reads and comments; the unit answers each comment. */
@Injectable()
export class NoticeService {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly reviews: ReviewService,
  ) {}

  private async requireOnNotice(campaignId: string, unitId: string): Promise<void> {
    if ((await this.notices.screeningStage(campaignId, unitId)) !== 'PUBLIC_NOTICE') {
      throw new DomainError(ErrorCode.NOT_FOUND, {
        en: `Unit ${unitId} has no risk points on public notice in campaign ${campaignId}.`,
        zh: '该单位在本次活动中没有公示的风险点',
      });
    }
  }

  async notice(
    campaignId: string,
    unitId: string,
  ): Promise<{ unitName: string; points: NoticedPoint[]; closesAt: number | null }> {
    await this.requireOnNotice(campaignId, unitId);
    const [unitName, points, closesAt] = await Promise.all([
      this.notices.unitName(unitId),
      this.notices.noticedPoints(campaignId, unitId),
      this.notices.closesAt(campaignId, unitId),
    ]);
    return { unitName: unitName ?? unitId, points, closesAt };
  }

  async comment(input: {
    campaignId: string;
    unitId: string;
    riskPointId?: string | null;
    text: string;
    authorName?: string | null;
  }): Promise<NoticeCommentEntity> {
    const errors = [];
    const text = input.text.trim();
    // The public meets these checks: each carries a Chinese message beside the reason.
    if (!text || text.length > TEXT_MAX)
      errors.push({
        field: 'text',
        reason: `must be 1 to ${TEXT_MAX} characters`,
        message: `请填写意见，不超过 ${TEXT_MAX} 个字`,
      });
    const name = input.authorName?.trim() || null;
    if (name && name.length > NAME_MAX)
      errors.push({
        field: 'authorName',
        reason: `must be at most ${NAME_MAX} characters`,
        message: `不能超过 ${NAME_MAX} 个字`,
      });
    if (input.riskPointId && !isUuid(input.riskPointId))
      errors.push({ field: 'riskPointId', reason: 'is not a risk point id', message: '不是公示中的风险点' });
    if (errors.length) throw DomainError.validation(errors);
    await this.requireOnNotice(input.campaignId, input.unitId);
    if (
      input.riskPointId &&
      !(await this.notices.pointBelongsToUnit(input.campaignId, input.unitId, input.riskPointId))
    ) {
      throw DomainError.validation([
        {
          field: 'riskPointId',
          reason: `is not a risk point of unit ${input.unitId}`,
          message: '不是本单位公示的风险点',
        },
      ]);
    }
    return this.notices.addComment({
      campaignId: input.campaignId,
      unitId: input.unitId,
      riskPointId: input.riskPointId ?? null,
      text,
      authorName: name,
    });
  }

  private requireUnitLeader(principal: Principal, unitId: string): void {
    const ok = holdsIn(principal.roles, ROLE_SETS.unitRecorders, unitId);
    if (!ok)
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Only unit ${unitId}'s leading group, principal or the office handle its public comments.`,
        zh: '只有该单位的领导小组、主要负责人或领导小组办公室可以答复公示意见',
      });
  }

  async comments(
    principal: Principal,
    campaignId: string,
    unitId: string,
    page: { first: number; after: string | null },
  ): Promise<NoticeCommentEntity[]> {
    if (!holdsFor(POLICY.noticeComments, principal.roles, unitId))
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Only unit ${unitId}'s leaders, its discipline team or the office read its public comments.`,
        zh: '仅限该单位领导、派驻纪检组或领导小组办公室查看公示意见',
      });
    if (page.after) checkUuid('after', page.after);
    return this.notices.comments(campaignId, unitId, page);
  }

  /** Accepting sends the risk point's form back through its chain; dismissing needs a reason. Each comment is answered once. */
  async answer(principal: Principal, commentId: string, accept: boolean, answer: string): Promise<NoticeCommentEntity> {
    const comment = isUuid(commentId) ? await this.notices.findComment(commentId) : null;
    if (!comment) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No comment ${commentId}.`, zh: '没有这条意见' });
    this.requireUnitLeader(principal, comment.unitId);
    if (!accept && !answer.trim())
      throw DomainError.validation([
        { field: 'answer', reason: 'a dismissal needs its reason', message: '不予采纳时须说明理由' },
      ]);
    if (comment.status !== 'OPEN')
      throw new DomainError(ErrorCode.CONFLICT, {
        en: `The comment was already ${comment.status}.`,
        zh: '这条意见已经答复过了',
      });
    if (accept && comment.riskPointId) {
      const formId = await this.notices.formIdOfPoint(comment.riskPointId);
      if (formId) await this.reviews.reopen(formId, `群众意见：${comment.text}`, principal.code);
    }
    const answered = await this.notices.answer(
      commentId,
      accept ? 'ACCEPTED' : 'DISMISSED',
      answer.trim(),
      principal.personId,
    );
    if (!answered)
      throw new DomainError(ErrorCode.CONFLICT, {
        en: 'The comment was answered meanwhile.',
        zh: '这条意见刚刚已被他人答复',
      });
    return answered;
  }
}
