import type { DataSource } from 'typeorm';
import { appendAudit } from './audit.repository';
import { NoticeCommentEntity, type NoticeCommentStatus } from './entities/unit-campaign.entities';

export interface NoticedPoint {
  id: string;
  postName: string;
  description: string;
  category: string;
  level: string;
  controlMeasures: string;
}

/** The unit's screening stage as its workflow last projected it, or null when the unit is not in the campaign. */
export async function screeningStage(ds: DataSource, campaignId: string, unitId: string): Promise<string | null> {
  const rows: { stage: string }[] = await ds.query(
    `SELECT state->'screening'->>'stage' AS stage FROM unit_campaign WHERE campaign_id = $1 AND unit_id = $2`,
    [campaignId, unitId],
  );
  return rows[0]?.stage ?? null;
}

/** The unit's name, which its public notice is headed with; null for no such unit. */
export async function noticeUnitName(ds: DataSource, unitId: string): Promise<string | null> {
  const rows: { name: string }[] = await ds.query(`SELECT name FROM unit WHERE id = $1`, [unitId]);
  return rows[0]?.name ?? null;
}

/** When a unit's public notice closes (epoch ms), from its projected state; null when none is open. */
export async function noticeClosesAt(ds: DataSource, campaignId: string, unitId: string): Promise<number | null> {
  const rows: { at: string | null }[] = await ds.query(
    `SELECT state->'screening'->>'noticeClosesAt' AS at FROM unit_campaign WHERE campaign_id = $1 AND unit_id = $2`,
    [campaignId, unitId],
  );
  return rows[0]?.at ? Number(rows[0].at) : null;
}

/** The risk points of a unit's approved forms: what goes on public notice (R13). No names of people. */
export function noticedPoints(ds: DataSource, campaignId: string, unitId: string): Promise<NoticedPoint[]> {
  return ds.query(
    `SELECT p.id, po.name AS "postName", p.description, p.category, p.level, p.control_measures AS "controlMeasures"
     FROM risk_point p JOIN risk_form f ON f.id = p.form_id JOIN post po ON po.id = f.post_id
     WHERE f.campaign_id = $1 AND f.unit_id = $2 AND f.status = 'APPROVED'
     ORDER BY po.code, f.id, p.ordinal`,
    [campaignId, unitId],
  );
}

export async function pointBelongsToUnit(
  ds: DataSource,
  campaignId: string,
  unitId: string,
  pointId: string,
): Promise<boolean> {
  const rows: unknown[] = await ds.query(
    `SELECT 1 FROM risk_point p JOIN risk_form f ON f.id = p.form_id WHERE p.id = $3 AND f.campaign_id = $1 AND f.unit_id = $2`,
    [campaignId, unitId, pointId],
  );
  return rows.length > 0;
}

/** A page of a unit's comments, oldest first, after the comment `page.after` (keyset on time and id). */
export function listNoticeComments(
  ds: DataSource,
  campaignId: string,
  unitId: string,
  page: { first: number; after: string | null },
): Promise<NoticeCommentEntity[]> {
  const q = ds
    .getRepository(NoticeCommentEntity)
    .createQueryBuilder('c')
    .where('c.campaignId = :campaignId AND c.unitId = :unitId', { campaignId, unitId })
    .orderBy('c.createdAt', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .limit(page.first);
  if (page.after)
    q.andWhere('(c.created_at, c.id) > (SELECT x.created_at, x.id FROM notice_comment x WHERE x.id = :after)', {
      after: page.after,
    });
  return q.getMany();
}

/** Answers an open comment once (compare-and-set on its status); returns the comment, or null if already answered. */
export async function answerNoticeComment(
  ds: DataSource,
  id: string,
  status: Exclude<NoticeCommentStatus, 'OPEN'>,
  answer: string,
  answeredBy: string,
): Promise<NoticeCommentEntity | null> {
  return ds.transaction(async (tx) => {
    const result = await tx
      .createQueryBuilder()
      .update(NoticeCommentEntity)
      .set({ status, answer, answeredBy, answeredAt: () => 'now()' })
      .where('id = :id AND status = :open', { id, open: 'OPEN' })
      .execute();
    if (result.affected !== 1) return null;
    const comment = await tx.getRepository(NoticeCommentEntity).findOneByOrFail({ id });
    await appendAudit(tx, {
      chain: comment.campaignId,
      actor: answeredBy,
      role: null,
      action: `NOTICE_COMMENT_${status}`,
      target: `comment:${id}`,
      after: { status, answer },
      key: `comment-answer:${id}`,
    });
    return comment;
  });
}

/** The form a risk point belongs to. */
export async function formIdOfPoint(ds: DataSource, pointId: string): Promise<string | null> {
  const rows: { form_id: string }[] = await ds.query(`SELECT form_id FROM risk_point WHERE id = $1`, [pointId]);
  return rows[0]?.form_id ?? null;
}
