import type { DataSource, EntityManager } from 'typeorm';
import {
  FORM_TRANSITIONS,
  gradePost,
  regradeForm,
  snapshotOf,
  type FormSnapshot,
  type GradedPoint,
  type GradingRules,
  type GradeOverride,
  type ReviewDecisionKind,
  type ReviewDecisionRecord,
  type ReviewerRole,
  type ReviewerScope,
  type PostRiskGrade,
  type UnitCampaignState,
} from '@pirm/domain';
import { GradingRuleSetEntity } from './entities/grading-rule-set.entity';
import type { RiskFormStatus } from './entities/risk-form.entity';
import { RiskPointEntity } from './entities/risk-point.entity';
import {
  NotificationEntity,
  ReviewChainEntity,
  ReviewTaskEntity,
  RiskFormSnapshotEntity,
  type ReviewTaskStatus,
} from './entities/review.entities';
import { RiskFormEntity } from './entities/risk-form.entity';
import { DISTRICT_CHAIN, appendAudit } from './audit.repository';
import { addNotificationWrites, type NotificationWrite } from './notification-outbox.repository';

export function findReviewChain(
  ds: DataSource,
  formType: ReviewChainEntity['formType'],
): Promise<ReviewChainEntity | null> {
  return ds.getRepository(ReviewChainEntity).findOneBy({ formType });
}

/**
 * Locks a form's content for review round `revision`: from DRAFT/RETURNED at `formVersion` to SUBMITTED.
 * Returns the new version; repeating the same lock returns the version it produced; 'CONFLICT' when the
 * form has moved on (edited since, or not editable).
 */
export async function lockFormForReview(
  ds: DataSource,
  formId: string,
  formVersion: number,
  revision: number,
): Promise<{ version: number; pointCount: number } | 'CONFLICT'> {
  return ds.transaction(async (tx) => {
    const locked = await updateReturning<{ version: number }>(
      tx,
      `UPDATE risk_form SET status = 'SUBMITTED', version = version + 1, review_revision = $3, updated_at = now()
     WHERE id = $1 AND version = $2 AND status = ANY($4::text[]) AND review_revision < $3
     RETURNING version`,
      [formId, formVersion, revision, FORM_TRANSITIONS.SUBMIT],
    );
    const version =
      locked[0]?.version ??
      (
        (await tx.query(
          `SELECT version FROM risk_form WHERE id = $1 AND review_revision = $2 AND status <> 'DRAFT' AND version = $3 + 1`,
          [formId, revision, formVersion],
        )) as { version: number }[]
      )[0]?.version;
    if (version === undefined) return 'CONFLICT';
    const form = await tx.getRepository(RiskFormEntity).findOneOrFail({
      where: { id: formId },
      relations: { riskPoints: true },
      order: { riskPoints: { ordinal: 'ASC' } },
    });
    const content = snapshotOf({ ...form, riskPoints: form.riskPoints ?? [] });
    await tx.getRepository(RiskFormSnapshotEntity).upsert({ formId, revision, content }, ['formId', 'revision']);
    await appendAudit(tx, {
      chain: form.campaignId,
      actor: form.personId,
      role: null,
      action: 'SUBMISSION',
      target: `form:${formId}`,
      before: { version: formVersion },
      after: content,
      key: `submit:${formId}:${revision}`,
    });
    return { version, pointCount: content.riskPoints.length };
  });
}

/** Holders of a reviewer role for a form's scope, except `excludePersonId` (nobody reviews their own form). */
export async function findReviewers(ds: DataSource, scope: ReviewerScope, excludePersonId: string): Promise<string[]> {
  const rows: { person_id: string }[] = await ds.query(
    `SELECT DISTINCT person_id FROM role_assignment
     WHERE role = $1 AND person_id <> $2
       AND (unit_id = $3 OR ($4 AND unit_id IS NULL))
       AND ($5::uuid IS NULL OR department_id = $5::uuid)
     ORDER BY person_id`,
    [scope.role, excludePersonId, scope.unitId, scope.districtWide, scope.departmentId],
  );
  return rows.map((r) => r.person_id);
}

/** A unit's phases and recorded mobilisation items in a campaign, from the read model; null before its workflow reported. */
export async function findUnitPhases(
  ds: DataSource,
  campaignId: string,
  unitId: string,
): Promise<Pick<UnitCampaignState, 'phases' | 'mobilisation'> | null> {
  const rows: { phases: UnitCampaignState['phases']; mobilisation: UnitCampaignState['mobilisation'] | null }[] =
    await ds.query(
      `SELECT state -> 'phases' AS phases, state -> 'mobilisation' AS mobilisation FROM unit_campaign WHERE campaign_id = $1 AND unit_id = $2`,
      [campaignId, unitId],
    );
  return rows[0] ? { phases: rows[0].phases, mobilisation: rows[0].mobilisation ?? {} } : null;
}

/** Review workflows with a step open now (whose reviewers a roster change may move). */
export function findOpenReviews(ds: DataSource): Promise<{ campaignId: string; personId: string }[]> {
  return ds.query(
    `SELECT DISTINCT f.campaign_id AS "campaignId", f.person_id AS "personId"
     FROM review_task t JOIN risk_form f ON f.id = t.form_id WHERE t.status = 'OPEN'`,
  );
}

export interface ReviewTaskProjection {
  id: string;
  formId: string;
  campaignId: string;
  unitId: string;
  formType: string;
  revision: number;
  step: number;
  role: ReviewerRole;
  assignees: string[];
  escalatedTo: string[];
  assignedBecause: string;
  openedAt: number;
  dueAt: number;
}

/** Opens (or updates the assignees and deadline of) a task; a task that is already closed stays closed. */
export async function upsertReviewTask(ds: DataSource | EntityManager, t: ReviewTaskProjection): Promise<void> {
  await ds.query(
    `INSERT INTO review_task AS t (id, form_id, campaign_id, unit_id, form_type, revision, step, role, assignees, escalated_to, assigned_because, status, opened_at, due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], $10::uuid[], $11, 'OPEN', to_timestamp($12 / 1000.0), to_timestamp($13 / 1000.0))
     ON CONFLICT (id) DO UPDATE SET assignees = EXCLUDED.assignees, escalated_to = EXCLUDED.escalated_to,
       assigned_because = EXCLUDED.assigned_because, due_at = EXCLUDED.due_at
     WHERE t.status = 'OPEN'`,
    [
      t.id,
      t.formId,
      t.campaignId,
      t.unitId,
      t.formType,
      t.revision,
      t.step,
      t.role,
      [...t.assignees, ...t.escalatedTo],
      t.escalatedTo,
      t.assignedBecause,
      t.openedAt,
      t.dueAt,
    ],
  );
}

/**
 * A task row (opened, reassigned, escalated or extended) with the notifications it causes, in one transaction:
 * the notifications find the row they link to, and neither commits without the other.
 */
export async function upsertReviewTaskAndNotify(
  ds: DataSource,
  t: ReviewTaskProjection,
  notifications: readonly NotificationWrite[],
): Promise<void> {
  await ds.transaction(async (tx) => {
    await upsertReviewTask(tx, t);
    await addNotificationWrites(tx, notifications);
  });
}

export interface DecisionProjection extends ReviewDecisionRecord {
  formId: string;
  taskId: string;
  formStatus: RiskFormStatus;
}

export interface DecisionWrite extends DecisionProjection {
  /** The task of the step the decision opens, if it opens one. */
  nextTask: ReviewTaskProjection | null;
  notifications: NotificationWrite[];
}

/**
 * Records a decision and everything it causes in one transaction (one commit, issue 17): the decision, the
 * level changes, the form's status and regrade, its task closed, the next step's task, the notifications and
 * the audit record. Recording the same decision key again changes nothing. Returns the form's version afterwards.
 */
export async function recordDecisionAndAdvance(ds: DataSource, d: DecisionWrite): Promise<number> {
  return ds.transaction(async (tx) => {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO review_decision (id, form_id, revision, step, role, decision, opinion, return_to, level_changes, grade_change, decided_by, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, to_timestamp($12 / 1000.0))
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        `${d.formId}:${d.key}`,
        d.formId,
        d.revision,
        d.step,
        d.role,
        d.decision,
        d.opinion,
        d.returnTo,
        JSON.stringify(d.levelChanges),
        d.gradeChange ? JSON.stringify(d.gradeChange) : null,
        d.decidedBy,
        d.decidedAt,
      ],
    );
    if (!inserted.length) {
      // A retry of a committed decision: everything it caused was committed with it.
      const [{ version }] = (await tx.query(`SELECT version FROM risk_form WHERE id = $1`, [d.formId])) as [
        { version: number },
      ];
      return version;
    }
    if (d.levelChanges.length) {
      await tx.query(
        `UPDATE risk_point p SET level = c.level FROM unnest($2::int[], $3::text[]) AS c(ordinal, level) WHERE p.form_id = $1 AND p.ordinal = c.ordinal`,
        [d.formId, d.levelChanges.map((c) => c.ordinal), d.levelChanges.map((c) => c.level)],
      );
    }
    // The form's rules, its points as they are now and the override in force, in one read.
    const [graded] = (await tx.query(
      `SELECT f.campaign_id, g.rules,
         (SELECT coalesce(json_agg(json_build_object('level', p.level, 'causes', p.causes, 'controlMeasures', p.control_measures)), '[]'::json)
            FROM risk_point p WHERE p.form_id = f.id) AS points,
         (SELECT json_build_object('grade', d.grade_change ->> 'grade', 'reason', d.grade_change ->> 'reason', 'role', d.role, 'setByName', n.name)
            FROM review_decision d JOIN person n ON n.id = d.decided_by
            WHERE d.form_id = f.id AND d.grade_change IS NOT NULL ORDER BY d.decided_at DESC, d.revision DESC, d.step DESC LIMIT 1) AS override
       FROM risk_form f JOIN grading_rule_set g ON g.version = f.rules_version WHERE f.id = $1`,
      [d.formId],
    )) as [{ campaign_id: string; rules: GradingRules; points: GradedPoint[]; override: GradeOverride | null }];
    const grade = regradeForm(graded.points, graded.rules, graded.override);
    const [{ version }] = await updateReturning<{ version: number }>(
      tx,
      `UPDATE risk_form SET status = $2, post_grade = $3, grade_score = $4, grade_explanation = $5, version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
      [d.formId, d.formStatus, grade.grade, grade.score, grade.explanation],
    );
    await tx.query(
      `UPDATE review_task SET status = 'DONE', decided_at = to_timestamp($2 / 1000.0), decided_by = $3, decision = $4 WHERE id = $1`,
      [d.taskId, d.decidedAt, d.decidedBy, d.decision],
    );
    if (d.nextTask) await upsertReviewTask(tx, d.nextTask);
    await addNotificationWrites(tx, d.notifications);
    await appendAudit(tx, {
      chain: graded.campaign_id,
      actor: d.decidedBy,
      role: d.role,
      action: d.decision === 'APPROVE' ? 'DECISION_APPROVE' : 'DECISION_RETURN',
      target: `form:${d.formId}:step:${d.step}`,
      after: {
        opinion: d.opinion,
        returnTo: d.returnTo,
        levelChanges: d.levelChanges,
        gradeChange: d.gradeChange,
        status: d.formStatus,
      },
      at: new Date(d.decidedAt).toISOString(),
      key: `decision:${d.formId}:${d.key}`,
    });
    return version;
  });
}

/** The grade override in force on a form: the latest decision that changed its grade, with who made it. */
export async function findGradeOverride(db: DataSource | EntityManager, formId: string): Promise<GradeOverride | null> {
  const rows: { grade_change: { grade: GradeOverride['grade']; reason: string }; role: ReviewerRole; name: string }[] =
    await db.query(
      `SELECT d.grade_change, d.role, p.name FROM review_decision d JOIN person p ON p.id = d.decided_by
     WHERE d.form_id = $1 AND d.grade_change IS NOT NULL ORDER BY d.decided_at DESC, d.revision DESC, d.step DESC LIMIT 1`,
      [formId],
    );
  const r = rows[0];
  return r ? { grade: r.grade_change.grade, reason: r.grade_change.reason, role: r.role, setByName: r.name } : null;
}

/** The grade the rules give a form's current levels (before any reviewer's override). */
export async function computedGrade(
  db: DataSource | EntityManager,
  formId: string,
): Promise<{ grade: GradeOverride['grade']; explanation: string } | null> {
  const [form] = (await db.query(`SELECT rules_version FROM risk_form WHERE id = $1`, [formId])) as {
    rules_version: number;
  }[];
  if (!form) return null;
  const rules = (await db.getRepository(GradingRuleSetEntity).findOneByOrFail({ version: form.rules_version })).rules;
  const graded = gradePost(await db.getRepository(RiskPointEntity).findBy({ formId }), rules);
  return { grade: graded.grade, explanation: graded.explanation };
}

export interface TaskFilter {
  status?: ReviewTaskStatus;
  formType?: string;
  unitId?: string;
  departmentId?: string;
  grade?: PostRiskGrade;
  dueBefore?: Date;
}

export interface TaskRow {
  id: string;
  formId: string;
  campaignId: string;
  unitId: string;
  formType: string;
  revision: number;
  step: number;
  role: ReviewerRole;
  escalatedTo: string[];
  assignedBecause: string;
  status: ReviewTaskStatus;
  openedAt: Date;
  dueAt: Date;
  decidedAt: Date | null;
  decision: ReviewDecisionKind | null;
  ownerName: string;
  formVersion: number;
  /** The opinion of the RETURN that sent the form to this step (from a later step, or via its submitter). */
  returnOpinion: string | null;
  /** 催办: how many times the task's reviewers were nudged, and when last. */
  nudgeCount: number;
  lastNudgedAt: Date | null;
}

/** Keyset position in the inbox order (due date, then id). */
export interface TaskCursor {
  dueAt: Date;
  id: string;
}

/** The filter's conditions on `review_task t` and, for department and grade, its form `risk_form f`. */
function taskWhere(personId: string, f: TaskFilter, withStatus: boolean): { sql: string; params: unknown[] } {
  const params: unknown[] = [personId];
  const parts = [`$1::uuid = ANY(t.assignees)`];
  const add = (cond: (n: number) => string, v: unknown) => {
    params.push(v);
    parts.push(cond(params.length));
  };
  if (withStatus && f.status) add((n) => `t.status = $${n}`, f.status);
  if (f.formType) add((n) => `t.form_type = $${n}`, f.formType);
  if (f.unitId) add((n) => `t.unit_id = $${n}`, f.unitId);
  if (f.departmentId) add((n) => `f.department_id = $${n}::uuid`, f.departmentId);
  if (f.grade) add((n) => `f.post_grade = $${n}`, f.grade);
  if (f.dueBefore) add((n) => `t.due_at < $${n}`, f.dueBefore);
  return { sql: parts.join(' AND '), params };
}

/** A page of a reviewer's tasks, by due date; `limit + 1` rows tell whether there is a next page. */
export async function listTasksFor(
  ds: DataSource,
  personId: string,
  filter: TaskFilter,
  limit: number,
  after?: TaskCursor,
): Promise<TaskRow[]> {
  const { sql, params } = taskWhere(personId, filter, true);
  let where = sql;
  if (after) {
    params.push(after.dueAt, after.id);
    where += ` AND (t.due_at, t.id) > ($${params.length - 1}, $${params.length})`;
  }
  params.push(limit + 1);
  return ds.query(
    `SELECT t.id, t.form_id AS "formId", t.campaign_id AS "campaignId", t.unit_id AS "unitId", t.form_type AS "formType", t.revision, t.step,
            t.role, t.escalated_to AS "escalatedTo", t.assigned_because AS "assignedBecause", t.status, t.opened_at AS "openedAt",
            t.due_at AS "dueAt", t.decided_at AS "decidedAt", t.decision, f.name AS "ownerName", f.version AS "formVersion",
            r.opinion AS "returnOpinion", nu.n AS "nudgeCount", nu.last AS "lastNudgedAt"
     FROM review_task t JOIN risk_form f ON f.id = t.form_id
     CROSS JOIN LATERAL (SELECT count(*)::int AS n, max(at) AS last FROM review_nudge WHERE task_id = t.id) nu
     LEFT JOIN LATERAL (
       SELECT d.opinion FROM review_decision d
       WHERE d.form_id = t.form_id AND d.decision = 'RETURN' AND d.decided_at <= t.opened_at
         AND ((d.revision = t.revision AND d.return_to = t.step) OR (d.revision = t.revision - 1 AND d.return_to IS NULL AND d.step = t.step))
       ORDER BY d.decided_at DESC LIMIT 1
     ) r ON true
     WHERE ${where} ORDER BY t.due_at, t.id LIMIT $${params.length}`,
    params,
  );
}

/** How many of the reviewer's tasks match the filter, by status. */
export async function countTasksFor(
  ds: DataSource,
  personId: string,
  filter: TaskFilter,
): Promise<Record<ReviewTaskStatus, number>> {
  const { sql, params } = taskWhere(personId, filter, false);
  const rows: { status: ReviewTaskStatus; n: number }[] = await ds.query(
    `SELECT t.status, count(*)::int AS n FROM review_task t JOIN risk_form f ON f.id = t.form_id WHERE ${sql} GROUP BY t.status`,
    params,
  );
  const counts: Record<ReviewTaskStatus, number> = { OPEN: 0, DONE: 0, CANCELLED: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** The form owners' departments among the reviewer's tasks that match the filter but for its department. */
export async function taskDepartmentsFor(
  ds: DataSource,
  personId: string,
  filter: TaskFilter,
): Promise<{ id: string; name: string; count: number }[]> {
  const { sql, params } = taskWhere(personId, { ...filter, departmentId: undefined }, true);
  return ds.query(
    `SELECT f.department_id AS id, min(f.department_name) AS name, count(*)::int AS count
       FROM review_task t JOIN risk_form f ON f.id = t.form_id
      WHERE ${sql} AND f.department_id IS NOT NULL GROUP BY f.department_id ORDER BY name`,
    params,
  );
}

/** The form as last submitted (its latest round's snapshot), or null before its first submission. */
export async function latestSnapshot(ds: DataSource, formId: string): Promise<FormSnapshot | null> {
  const rows: { content: FormSnapshot }[] = await ds.query(
    `SELECT content FROM risk_form_snapshot WHERE form_id = $1 ORDER BY revision DESC LIMIT 1`,
    [formId],
  );
  return rows[0]?.content ?? null;
}

/** Snapshots of the given (form, revision) pairs. */
export async function findSnapshots(
  ds: DataSource,
  pairs: readonly { formId: string; revision: number }[],
): Promise<RiskFormSnapshotEntity[]> {
  if (!pairs.length) return [];
  return ds.query(
    `SELECT s.form_id AS "formId", s.revision, s.content FROM risk_form_snapshot s
     JOIN unnest($1::uuid[], $2::int[]) AS p(form_id, revision) ON p.form_id = s.form_id AND p.revision = s.revision`,
    [pairs.map((p) => p.formId), pairs.map((p) => p.revision)],
  );
}

export function findTask(ds: DataSource, id: string): Promise<ReviewTaskEntity | null> {
  return ds.getRepository(ReviewTaskEntity).findOneBy({ id });
}

/** TypeORM answers an UPDATE … RETURNING with [rows, count]; this gives the rows. */
async function updateReturning<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = (await tx.query(sql, params)) as unknown[];
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** An approved form goes back to its owner for revision (R22); idempotent for a given round. */
export async function reopenApprovedForm(
  ds: DataSource,
  formId: string,
  revision: number,
  reason: string,
  by: string,
  notifications: readonly NotificationWrite[] = [],
): Promise<void> {
  await ds.transaction(async (tx) => {
    const rows = await updateReturning<{ campaign_id: string }>(
      tx,
      `UPDATE risk_form SET status = 'RETURNED', version = version + 1, updated_at = now()
       WHERE id = $1 AND status = ANY($3::text[]) AND review_revision = $2 RETURNING campaign_id`,
      [formId, revision, FORM_TRANSITIONS.REOPEN],
    );
    if (rows[0])
      await appendAudit(tx, {
        chain: rows[0].campaign_id,
        actor: by,
        role: null,
        action: 'FORM_REOPENED',
        target: `form:${formId}`,
        after: { reason },
        key: `reopen:${formId}:${revision}`,
      });
    // The owner is told in the same commit (keyed: a retry writes nothing twice).
    await addNotificationWrites(tx, notifications);
  });
}

export function findNotification(ds: DataSource, id: string): Promise<NotificationEntity | null> {
  return ds.getRepository(NotificationEntity).findOneBy({ id });
}

export function listNotifications(ds: DataSource, personId: string, limit: number): Promise<NotificationEntity[]> {
  return ds
    .getRepository(NotificationEntity)
    .find({ where: { personId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
}

export async function saveReviewChain(
  ds: DataSource,
  chain: Pick<
    ReviewChainEntity,
    'formType' | 'steps' | 'stepDeadlineWorkingDays' | 'reminderWorkingDays' | 'updatedBy'
  >,
): Promise<ReviewChainEntity> {
  await ds.transaction(async (tx) => {
    const before = await tx.getRepository(ReviewChainEntity).findOneBy({ formType: chain.formType });
    await tx.getRepository(ReviewChainEntity).save(chain);
    await appendAudit(tx, {
      chain: DISTRICT_CHAIN,
      actor: chain.updatedBy,
      role: 'OFFICE_ADMIN',
      action: 'REVIEW_CHAIN_CHANGE',
      target: `chain:${chain.formType}`,
      before,
      after: chain,
      key: `chain:${chain.formType}:${Date.now()}:${Math.random()}`,
    });
  });
  return ds.getRepository(ReviewChainEntity).findOneByOrFail({ formType: chain.formType });
}
