import type { DataSource } from 'typeorm';
import { RUNGS, type Phase, type Rung, type UnitCampaignState } from '@pirm/domain';
import { appendAudit } from './audit.repository';
import { addNotifications, notifyNoticeOpened, queueGroupDeliveries } from './notification-outbox.repository';
import { RiskArchiveEntity, type UnitCampaignEntity } from './entities/unit-campaign.entities';

/**
 * What the upsert reads of a UnitCampaignState. The row's `state` is what is passed: the workflow passes its whole
 * state; tests that seed a unit without one pass these fields only.
 */
export interface UnitCampaignProjection {
  campaignId: string;
  unitId: string;
  revision: number;
  phases: {
    phase: Phase;
    status: string;
    rungs: Rung[];
    deadline: number;
    openedAt: number | null;
    completedAt: number | null;
  }[];
  mobilisation?: Record<string, { by: string; at: number } | undefined>;
  screening?: Pick<UnitCampaignState['screening'], 'noticeClosedEarly'> &
    Partial<Pick<UnitCampaignState['screening'], 'stage' | 'noticeOpensAt' | 'noticeClosesAt'>>;
}

/** Writes a unit's state if newer than the stored one (retries and replays change nothing). */
export async function upsertUnitCampaign(ds: DataSource, s: UnitCampaignProjection): Promise<boolean> {
  return ds.transaction(async (tx) => {
    const rows: unknown[] = await tx.query(
      `INSERT INTO unit_campaign AS u (campaign_id, unit_id, state, revision) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (campaign_id, unit_id) DO UPDATE SET state = EXCLUDED.state, revision = EXCLUDED.revision, updated_at = now()
         WHERE u.revision < EXCLUDED.revision
       RETURNING unit_id`,
      [s.campaignId, s.unitId, JSON.stringify(s), s.revision],
    );
    if (!rows.length) return false;
    const sc = s.screening;
    // The revision that opens the notice tells the unit's people, in its commit (keyed by the opening).
    if (sc?.stage === 'PUBLIC_NOTICE' && sc.noticeOpensAt && sc.noticeClosesAt)
      await notifyNoticeOpened(tx, s.campaignId, s.unitId, sc.noticeOpensAt, sc.noticeClosesAt);
    for (const [item, r] of Object.entries(s.mobilisation ?? {})) {
      if (!r) continue;
      await appendAudit(tx, {
        chain: s.campaignId,
        actor: r.by,
        role: null,
        action: `MOBILISATION_${item}`,
        target: `unit:${s.unitId}`,
        after: r,
        at: new Date(r.at).toISOString(),
        key: `mobilisation:${s.campaignId}:${s.unitId}:${item}:${r.at}`,
      });
    }
    const early = s.screening?.noticeClosedEarly;
    if (early) {
      await appendAudit(tx, {
        chain: s.campaignId,
        actor: early.by,
        role: 'OFFICE_ADMIN',
        action: 'NOTICE_CLOSED_EARLY',
        target: `unit:${s.unitId}`,
        after: early,
        at: new Date(early.at).toISOString(),
        key: `notice-closed:${s.campaignId}:${s.unitId}:${early.at}`,
      });
    }
    for (const p of s.phases) {
      if (p.completedAt !== null && p.status === 'COMPLETE') {
        await appendAudit(tx, {
          chain: s.campaignId,
          actor: 'unit',
          role: null,
          action: `PHASE_COMPLETE_${p.phase}`,
          target: `unit:${s.unitId}`,
          after: p,
          at: new Date(p.completedAt).toISOString(),
          key: `phase:${s.campaignId}:${s.unitId}:${p.phase}:${p.completedAt}`,
        });
      }
    }
    for (const p of s.phases) {
      const rung = [...RUNGS].reverse().find((r) => p.rungs.includes(r)) ?? null;
      await tx.query(
        `INSERT INTO unit_phase_progress (campaign_id, unit_id, phase, status, rung, deadline, opened_at, completed_at)
         VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0), to_timestamp($7 / 1000.0), to_timestamp($8 / 1000.0))
         ON CONFLICT (campaign_id, unit_id, phase) DO UPDATE SET status = EXCLUDED.status, rung = EXCLUDED.rung,
           deadline = EXCLUDED.deadline, opened_at = EXCLUDED.opened_at, completed_at = EXCLUDED.completed_at`,
        [s.campaignId, s.unitId, p.phase, p.status, rung, p.deadline, p.openedAt, p.completedAt],
      );
    }
    return true;
  });
}

/** How many of a unit's current people hold a post (each must file a form; leavers don't) and how many of their forms are approved. */
export async function screeningProgress(
  ds: DataSource,
  campaignId: string,
  unitId: string,
): Promise<{ staff: number; approved: number }> {
  const [row] = (await ds.query(
    `SELECT (SELECT count(*)::int FROM person WHERE unit_id = $2 AND post_id IS NOT NULL AND left_at IS NULL) AS staff,
            (SELECT count(*)::int FROM risk_form f JOIN person p ON p.id = f.person_id
              WHERE f.campaign_id = $1 AND f.unit_id = $2 AND f.status = 'APPROVED' AND p.left_at IS NULL) AS approved`,
    [campaignId, unitId],
  )) as [{ staff: number; approved: number }];
  return row;
}

export async function countOpenNoticeComments(ds: DataSource, campaignId: string, unitId: string): Promise<number> {
  const [{ n }] = (await ds.query(
    `SELECT count(*)::int AS n FROM notice_comment WHERE campaign_id = $1 AND unit_id = $2 AND status = 'OPEN'`,
    [campaignId, unitId],
  )) as [{ n: number }];
  return n;
}

/**
 * Creates the unit's next risk archive version (R13): every approved form's post, risk points with levels
 * and measures, grade and the full opinion trail. The same confirmation key creates it once.
 */
export async function createRiskArchive(
  ds: DataSource,
  key: string,
  campaignId: string,
  unitId: string,
  confirmedBy: string,
): Promise<number> {
  return ds.transaction(async (tx) => {
    const existing = await tx.getRepository(RiskArchiveEntity).findOneBy({ createdByKey: key });
    if (existing) return existing.version;
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('pirm:archive:' || $1))`, [unitId]);
    const [{ next }] = (await tx.query(
      `SELECT coalesce(max(version), 0) + 1 AS next FROM risk_archive WHERE unit_id = $1`,
      [unitId],
    )) as [{ next: number }];
    const forms = await tx.query(
      `SELECT f.id, f.form_type AS "formType", f.name, f.position, f.department_name AS "departmentName", po.code AS "postCode", po.name AS "postName",
              f.post_duties AS "postDuties", f.workflow_description AS "workflowDescription", f.control_measures AS "controlMeasures",
              f.post_grade AS "postGrade", f.grade_explanation AS "gradeExplanation",
              (SELECT coalesce(jsonb_agg(jsonb_build_object('ordinal', p.ordinal, 'description', p.description, 'category', p.category,
                        'level', p.level, 'likelihood', p.likelihood, 'harm', p.harm, 'controlMeasures', p.control_measures,
                        'responsiblePostId', p.responsible_post_id, 'causes', p.causes, 'findingMethod', p.finding_method,
                        'direction', p.direction, 'backwardSource', p.backward_source, 'majorMatter', p.major_matter) ORDER BY p.ordinal), '[]'::jsonb) FROM risk_point p WHERE p.form_id = f.id) AS "riskPoints",
              (SELECT coalesce(jsonb_agg(jsonb_build_object('step', d.step, 'role', d.role, 'decision', d.decision, 'opinion', d.opinion,
                        'decidedBy', d.decided_by, 'decidedAt', d.decided_at) ORDER BY d.decided_at), '[]'::jsonb) FROM review_decision d WHERE d.form_id = f.id) AS "opinions"
       FROM risk_form f JOIN post po ON po.id = f.post_id
       WHERE f.campaign_id = $1 AND f.unit_id = $2 AND f.status = 'APPROVED' ORDER BY po.code, f.name`,
      [campaignId, unitId],
    );
    const content = { campaignId, unitId, forms };
    await tx
      .getRepository(RiskArchiveEntity)
      .insert({ campaignId, unitId, version: next, createdByKey: key, confirmedBy, content });
    await appendAudit(tx, {
      chain: campaignId,
      actor: confirmedBy,
      role: 'UNIT_PRINCIPAL',
      action: 'ARCHIVE_CONFIRMED',
      target: `unit:${unitId}:archive:${next}`,
      after: content,
      key: `archive:${key}`,
    });
    return next;
  });
}

/** Who is told at each rung: the unit's principal; the office from OVERDUE; the district leading group at ESCALATED; the discipline team at REDO_ORDER. */
export async function escalationRecipients(ds: DataSource, unitId: string, rung: Rung): Promise<string[]> {
  const roles = [
    'UNIT_PRINCIPAL',
    ...(rung === 'REMINDER' ? [] : ['OFFICE_ADMIN']),
    ...(rung === 'REDO_ORDER' ? ['DISCIPLINE_TEAM'] : []),
  ];
  const rows: { id: string }[] = await ds.query(
    `SELECT DISTINCT person_id AS id FROM role_assignment
       WHERE role = ANY($2::text[]) AND (unit_id = $1 OR (unit_id IS NULL AND role <> 'UNIT_PRINCIPAL'))
     UNION
     SELECT DISTINCT person_id FROM leading_group_member WHERE $3 AND unit_id IS NULL
     ORDER BY 1`,
    [unitId, roles, rung === 'ESCALATED'],
  );
  return rows.map((r) => r.id);
}

export interface EscalationRecord {
  key: string;
  campaignId: string;
  unitId: string;
  phase: Phase;
  rung: Rung;
  deadline: number;
  at: number;
  notified: string[];
  message: string;
}

/** Records a fired rung once (by key). Returns whether it was new. */
export async function insertEscalation(ds: DataSource, e: EscalationRecord): Promise<boolean> {
  return ds.transaction(async (tx) => {
    const rows: unknown[] = await tx.query(
      `INSERT INTO escalation (id, campaign_id, unit_id, phase, rung, deadline, fired_at, notified, message)
     VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0), to_timestamp($7 / 1000.0), $8::uuid[], $9)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
      [e.key, e.campaignId, e.unitId, e.phase, e.rung, e.deadline, e.at, e.notified, e.message],
    );
    await appendAudit(tx, {
      chain: e.campaignId,
      actor: 'system',
      role: null,
      action: `ESCALATION_${e.rung}`,
      target: `unit:${e.unitId}:${e.phase}`,
      after: e,
      at: new Date(e.at).toISOString(),
      key: `escalation:${e.key}`,
    });
    // The rung's notifications (and so their outbox rows) commit with it.
    await addNotifications(tx, `escalation:${e.key}`, e.notified, 'ESCALATION', e.message, null);
    await queueGroupDeliveries(tx, `escalation:${e.key}`, e.unitId, 'ESCALATION', e.message);
    return rows.length === 1;
  });
}

export interface UnitProgressRow {
  unitId: string;
  unitName: string;
  phases: {
    phase: Phase;
    status: string;
    rung: Rung | null;
    deadline: string;
    openedAt: string | null;
    completedAt: string | null;
  }[];
  stage: string | null;
  paused: boolean;
}

/** A page of units' progress in a campaign, by unit id (keyset after `afterUnitId`). */
export async function listUnitProgress(
  ds: DataSource,
  campaignId: string,
  limit: number,
  afterUnitId?: string,
): Promise<UnitProgressRow[]> {
  return ds.query(
    `SELECT uc.unit_id AS "unitId", u.name AS "unitName", uc.state->'screening'->>'stage' AS stage, coalesce((uc.state->>'paused')::boolean, false) AS paused,
            (SELECT jsonb_agg(jsonb_build_object('phase', p.phase, 'status', p.status, 'rung', p.rung, 'deadline', p.deadline,
                    'openedAt', p.opened_at, 'completedAt', p.completed_at)
                    ORDER BY array_position(ARRAY['MOBILISATION','SCREENING','EXECUTION','EVALUATION','CORRECTION'], p.phase))
             FROM unit_phase_progress p WHERE p.campaign_id = uc.campaign_id AND p.unit_id = uc.unit_id) AS phases
     FROM unit_campaign uc JOIN unit u ON u.id = uc.unit_id
     WHERE uc.campaign_id = $1 AND ($2::text IS NULL OR uc.unit_id > $2)
     ORDER BY uc.unit_id LIMIT $3`,
    [campaignId, afterUnitId ?? null, limit + 1],
  );
}

/** Per phase: how many units are in each status, and how many are past their deadline. */
export async function phaseCounts(
  ds: DataSource,
  campaignId: string,
): Promise<{ phase: Phase; status: string; overdue: boolean; n: number }[]> {
  return ds.query(
    `SELECT phase, status, (status = 'IN_PROGRESS' AND rung IS NOT NULL AND rung <> 'REMINDER') AS overdue, count(*)::int AS n
     FROM unit_phase_progress WHERE campaign_id = $1 GROUP BY 1, 2, 3`,
    [campaignId],
  );
}

export async function listEscalations(
  ds: DataSource,
  campaignId: string,
  unitId: string | null,
  limit: number,
): Promise<EscalationRecord[]> {
  const rows: {
    id: string;
    unit_id: string;
    phase: Phase;
    rung: Rung;
    deadline: Date;
    fired_at: Date;
    notified: string[];
    message: string;
  }[] = await ds.query(
    `SELECT * FROM escalation WHERE campaign_id = $1 AND ($2::text IS NULL OR unit_id = $2) ORDER BY fired_at, id LIMIT $3`,
    [campaignId, unitId, limit],
  );
  return rows.map((r) => ({
    key: r.id,
    campaignId,
    unitId: r.unit_id,
    phase: r.phase,
    rung: r.rung,
    deadline: new Date(r.deadline).getTime(),
    at: new Date(r.fired_at).getTime(),
    notified: r.notified,
    message: r.message,
  }));
}

/** A unit's projected workflow state, for reads when its workflow cannot answer. */
export async function findUnitCampaignState(
  ds: DataSource,
  campaignId: string,
  unitId: string,
): Promise<UnitCampaignState | null> {
  const [row] = (await ds.query(`SELECT state FROM unit_campaign WHERE campaign_id = $1 AND unit_id = $2`, [
    campaignId,
    unitId,
  ])) as Pick<UnitCampaignEntity, 'state'>[];
  return row?.state ?? null;
}
