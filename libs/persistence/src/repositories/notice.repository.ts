import type { DataSource } from 'typeorm';
import { NoticeCommentEntity } from '../entities/unit-campaign.entities';
import {
  answerNoticeComment,
  formIdOfPoint,
  listNoticeComments,
  noticeClosesAt,
  noticedPoints,
  noticeUnitName,
  pointBelongsToUnit,
  screeningStage,
} from '../notice.repository';
import type { After } from './bound';

/** The public notice of a unit's risk points and its comments (R13). */
export class NoticeRepository {
  constructor(private readonly ds: DataSource) {}

  screeningStage(...a: After<typeof screeningStage>) {
    return screeningStage(this.ds, ...a);
  }

  noticedPoints(...a: After<typeof noticedPoints>) {
    return noticedPoints(this.ds, ...a);
  }

  unitName(...a: After<typeof noticeUnitName>) {
    return noticeUnitName(this.ds, ...a);
  }

  closesAt(...a: After<typeof noticeClosesAt>) {
    return noticeClosesAt(this.ds, ...a);
  }

  pointBelongsToUnit(...a: After<typeof pointBelongsToUnit>) {
    return pointBelongsToUnit(this.ds, ...a);
  }

  /** A new, open comment. */
  addComment(
    c: Pick<NoticeCommentEntity, 'campaignId' | 'unitId' | 'riskPointId' | 'text' | 'authorName'>,
  ): Promise<NoticeCommentEntity> {
    return this.ds
      .getRepository(NoticeCommentEntity)
      .save({ ...c, status: 'OPEN', answer: null, answeredBy: null, answeredAt: null });
  }

  findComment(id: string): Promise<NoticeCommentEntity | null> {
    return this.ds.getRepository(NoticeCommentEntity).findOneBy({ id });
  }

  comments(...a: After<typeof listNoticeComments>) {
    return listNoticeComments(this.ds, ...a);
  }

  formIdOfPoint(...a: After<typeof formIdOfPoint>) {
    return formIdOfPoint(this.ds, ...a);
  }

  answer(...a: After<typeof answerNoticeComment>) {
    return answerNoticeComment(this.ds, ...a);
  }
}
