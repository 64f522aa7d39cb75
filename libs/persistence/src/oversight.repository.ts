import type { DataSource, EntityManager } from 'typeorm';
import type {
  ComplaintState,
  CorrectionState,
  DisposalCase,
  DisposalMeasure,
  DisposalState,
  DisposalStatus,
  EvaluationComponent,
  EvaluationRule,
  EvaluationState,
  FiledComplaint,
} from '@pirm/domain';
import { DISTRICT_CHAIN, appendAudit } from './audit.repository';
import {
  addNotificationWrites,
  addNotifications,
  queueComplainantMessage,
  type NotificationWrite,
} from './notification-outbox.repository';
import { ComplaintContactEntity, ComplaintEntity } from './entities/complaint.entities';
import type { CompiledOpinion } from './entities/correction.entities';
import { DisposalCaseEntity } from './entities/disposal.entities';
import { EvaluationInvitationEntity, EvaluationRuleSetEntity } from './entities/evaluation.entities';

/**
 * Projections of the oversight workflows (complaints, disposal cases, evaluations, correction rounds) and
 * their reads. Every projection carries the workflow's revision and applies only a newer one, and appends
 * its audit record in the same transaction under a key of the revision: an activity retried after a crash
 * writes once.
 */

/** What changed at a revision, for the audit trail. */
export interface ProjectionChange {
  actor: string;
  action: string;
}

async function applied(tx: EntityManager, sql: string, params: unknown[]): Promise<boolean> {
  const rows: unknown[] = await tx.query(sql, params);
  return rows.length > 0;
}

const at = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

// ---- complaints (R16) ----

/** A complaint's row: the complaint as filed, under its id. */
export interface ComplaintRow extends FiledComplaint {
  id: string;
}

/** A notice whose recipients the transaction works out (the complaint's handlers, once it is stored). */
export type HandlersNotice = Omit<NotificationWrite, 'personIds' | 'formId'>;

/**
 * Stores the complaint (once) with its workflow's first state and, given `notice`, tells its handlers (the
 * office and the discipline team, less whoever it is against) in the same transaction.
 */
export function recordComplaint(
  ds: DataSource,
  row: ComplaintRow,
  state: ComplaintState,
  notice?: HandlersNotice,
): Promise<void> {
  return ds.transaction(async (tx) => {
    const inserted = await applied(
      tx,
      `INSERT INTO complaint (id, unit_id, subject_kind, subject_post_id, subject_person_id, text, named, receipt_hash, status, received_at, due_at, state, revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        row.id,
        row.unitId,
        row.subjectKind,
        row.subjectPostId,
        row.subjectPersonId,
        row.text,
        row.named,
        row.receiptHash,
        state.status,
        at(state.receivedAt),
        at(state.dueAt),
        JSON.stringify(state),
        state.revision,
      ],
    );
    if (inserted) {
      await appendAudit(tx, {
        chain: DISTRICT_CHAIN,
        actor: 'public',
        role: null,
        action: 'COMPLAINT_RECEIVED',
        target: `complaint:${row.id}`,
        after: { unitId: row.unitId, subjectKind: row.subjectKind, named: row.named },
        key: `complaint:${row.id}:${state.revision}`,
      });
      if (notice) {
        const handlers = await complaintHandlers(tx, row.unitId, row.subjectPersonId, row.id);
        await addNotifications(tx, notice.key, handlers, notice.kind, notice.message, null);
      }
    }
  });
}

/** What a complaint's projection also writes in its transaction. */
export interface ComplaintProjectionWrites {
  /** Notifications of the change (e.g. the handlers told it is overdue). */
  notifications?: NotificationWrite[];
  /** The outcome for a named complainant, queued with its delivery (see `queueComplainantMessage`). */
  complainant?: { key: string; message: string };
}

/**
 * A complaint's new revision, its audit record and what it causes, in one transaction. Returns whether the
 * complainant was told (a complainant message is queued now or was by an earlier try of the same revision).
 */
export function projectComplaint(
  ds: DataSource,
  state: ComplaintState,
  change: ProjectionChange,
  writes: ComplaintProjectionWrites = {},
): Promise<boolean> {
  return ds.transaction(async (tx) => {
    const ok = await applied(
      tx,
      `UPDATE complaint SET status = $2, due_at = $3, state = $4::jsonb, revision = $5, updated_at = now() WHERE id = $1 AND revision < $5 RETURNING id`,
      [state.complaintId, state.status, at(state.dueAt), JSON.stringify(state), state.revision],
    );
    if (ok) {
      await appendAudit(tx, {
        chain: DISTRICT_CHAIN,
        actor: change.actor,
        role: null,
        action: change.action,
        target: `complaint:${state.complaintId}`,
        after: { status: state.status },
        key: `complaint:${state.complaintId}:${state.revision}`,
      });
    }
    await addNotificationWrites(tx, writes.notifications ?? []);
    const tell = writes.complainant;
    if (!tell) return false;
    if (await queueComplainantMessage(tx, tell.key, state.complaintId, tell.message)) return true;
    // A retry of a committed revision: the message is there already.
    const rows: unknown[] = await tx.query(`SELECT 1 FROM complaint_message WHERE key = $1`, [tell.key]);
    return rows.length > 0;
  });
}

export async function saveComplaintContact(
  ds: DataSource,
  complaintId: string,
  name: string,
  contact: string,
): Promise<void> {
  await ds.getRepository(ComplaintContactEntity).insert({ complaintId, name, contact });
}

export function findComplaintByReceipt(ds: DataSource, receiptHash: string): Promise<ComplaintEntity | null> {
  return ds.getRepository(ComplaintEntity).findOneBy({ receiptHash });
}

export function findComplaint(ds: DataSource, id: string): Promise<ComplaintEntity | null> {
  return ds.getRepository(ComplaintEntity).findOneBy({ id });
}

export function findComplaintContact(ds: DataSource, complaintId: string): Promise<ComplaintContactEntity | null> {
  return ds.getRepository(ComplaintContactEntity).findOneBy({ complaintId });
}

/**
 * Who complaint `c` is against (R16), as a subquery of person ids: the person named, a post's current
 * holders, or a unit's leaders (its leading group and principal).
 */
const COMPLAINT_SUBJECTS = `
  SELECT c.subject_person_id WHERE c.subject_person_id IS NOT NULL
  UNION ALL SELECT sp.id FROM person sp WHERE c.subject_post_id IS NOT NULL AND sp.post_id = c.subject_post_id
  UNION ALL SELECT ra.person_id FROM role_assignment ra
    WHERE c.subject_kind = 'UNIT' AND ra.unit_id = c.unit_id AND ra.role IN ('UNIT_LEADING_GROUP', 'UNIT_PRINCIPAL')`;

/** The people a complaint is against (see COMPLAINT_SUBJECTS); empty for a complaint against nobody in particular. */
export async function complaintSubjects(ds: DataSource | EntityManager, complaintId: string): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `SELECT DISTINCT s.id FROM complaint c, LATERAL (${COMPLAINT_SUBJECTS}) s(id) WHERE c.id = $1`,
    [complaintId],
  );
  return rows.map((r) => r.id);
}

export function listComplaints(
  ds: DataSource,
  f: { unitIds: string[] | null; status?: string | null; excludeSubjectPersonId: string },
): Promise<ComplaintEntity[]> {
  const qb = ds
    .getRepository(ComplaintEntity)
    .createQueryBuilder('c')
    .where(`:me::uuid NOT IN (${COMPLAINT_SUBJECTS})`, { me: f.excludeSubjectPersonId });
  if (f.unitIds) qb.andWhere('c.unit_id IN (:...units)', { units: f.unitIds.length ? f.unitIds : [''] });
  if (f.status) qb.andWhere('c.status = :status', { status: f.status });
  return qb.orderBy('c.received_at', 'DESC').take(500).getMany();
}

// ---- disposal cases (R17) ----

/** A case's row: the case as opened, with its workflow's state and the columns lists filter on. */
export interface DisposalProjection extends DisposalCase {
  status: DisposalStatus;
  measure: DisposalMeasure;
  dueAt: number | null;
  state: DisposalState;
}

/** A disposal case's new revision, its audit record and the notifications it causes, in one transaction. */
export function projectDisposalCase(
  ds: DataSource,
  p: DisposalProjection,
  change: ProjectionChange,
  notifications: readonly NotificationWrite[] = [],
): Promise<void> {
  return ds.transaction(async (tx) => {
    const ok = await applied(
      tx,
      `INSERT INTO disposal_case AS d (id, campaign_id, unit_id, person_id, problem, source, source_ref, opened_by, status, measure, due_at, state, revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, measure = EXCLUDED.measure, due_at = EXCLUDED.due_at, state = EXCLUDED.state,
         revision = EXCLUDED.revision, updated_at = now() WHERE d.revision < EXCLUDED.revision
       RETURNING id`,
      [
        p.caseId,
        p.campaignId,
        p.unitId,
        p.personId,
        p.problem,
        p.source,
        p.sourceRef,
        p.openedBy,
        p.status,
        p.measure,
        at(p.dueAt),
        JSON.stringify(p.state),
        p.state.revision,
      ],
    );
    if (ok) {
      await appendAudit(tx, {
        chain: p.campaignId,
        actor: change.actor,
        role: null,
        action: change.action,
        target: `disposal:${p.caseId}`,
        after: { status: p.status, measure: p.measure },
        key: `disposal:${p.caseId}:${p.state.revision}`,
      });
    }
    await addNotificationWrites(tx, notifications);
  });
}

/** A disposal case with the person it concerns, by 工号 and name: who the office's console shows. */
export type DisposalCaseRow = DisposalCaseEntity & { personCode: string; personName: string };

async function withPeople(ds: DataSource, rows: DisposalCaseEntity[]): Promise<DisposalCaseRow[]> {
  if (!rows.length) return [];
  const people: { id: string; code: string; name: string }[] = await ds.query(
    `SELECT id, code, name FROM person WHERE id = ANY($1::uuid[])`,
    [[...new Set(rows.map((r) => r.personId))]],
  );
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map((r) =>
    Object.assign(r, { personCode: byId.get(r.personId)!.code, personName: byId.get(r.personId)!.name }),
  );
}

export async function findDisposalCase(ds: DataSource, id: string): Promise<DisposalCaseRow | null> {
  const row = await ds.getRepository(DisposalCaseEntity).findOneBy({ id });
  return row ? (await withPeople(ds, [row]))[0]! : null;
}

export async function listDisposalCases(
  ds: DataSource,
  f: { unitIds: string[] | null; personId?: string; status?: string | null },
): Promise<DisposalCaseRow[]> {
  const qb = ds.getRepository(DisposalCaseEntity).createQueryBuilder('d').where('true');
  if (f.unitIds) qb.andWhere('d.unit_id IN (:...units)', { units: f.unitIds.length ? f.unitIds : [''] });
  if (f.personId) qb.andWhere('d.person_id = :person', { person: f.personId });
  if (f.status) qb.andWhere('d.status = :status', { status: f.status });
  return withPeople(ds, await qb.orderBy('d.updated_at', 'DESC').take(500).getMany());
}

// ---- evaluations (R18, R19) ----

export async function latestEvaluationRule(ds: DataSource): Promise<EvaluationRule> {
  const [row] = await ds.getRepository(EvaluationRuleSetEntity).find({ order: { version: 'DESC' }, take: 1 });
  if (!row) throw new Error('no evaluation rule set: the migrations seed version 1');
  return { version: row.version, weights: row.weights };
}

/** Publishes the next version; evaluations already open keep theirs. */
export function publishEvaluationRule(
  ds: DataSource,
  weights: Record<EvaluationComponent, number>,
  by: string,
): Promise<EvaluationRule> {
  return ds.transaction(async (tx) => {
    await tx.query(`LOCK TABLE evaluation_rule_set IN EXCLUSIVE MODE`);
    const [{ next }] = (await tx.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM evaluation_rule_set`)) as [
      { next: number },
    ];
    await tx.getRepository(EvaluationRuleSetEntity).insert({ version: next, weights, publishedBy: by });
    await appendAudit(tx, {
      chain: DISTRICT_CHAIN,
      actor: by,
      role: 'OFFICE_ADMIN',
      action: 'EVALUATION_RULE_PUBLISHED',
      target: `evaluation-rule:${next}`,
      after: weights,
      key: `evaluation-rule:${next}`,
    });
    return { version: next, weights };
  });
}

export function projectEvaluation(ds: DataSource, s: EvaluationState, change: ProjectionChange): Promise<void> {
  return ds.transaction(async (tx) => {
    const ok = await applied(
      tx,
      `INSERT INTO unit_evaluation AS e (campaign_id, unit_id, state, score, rule_version, revision) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
       ON CONFLICT (campaign_id, unit_id) DO UPDATE SET state = EXCLUDED.state, score = EXCLUDED.score, revision = EXCLUDED.revision, updated_at = now()
         WHERE e.revision < EXCLUDED.revision
       RETURNING unit_id`,
      [s.campaignId, s.unitId, JSON.stringify(s), s.result?.score ?? null, s.rule.version, s.revision],
    );
    if (!ok) return;
    for (const r of s.rounds) {
      for (const i of r.invitations) {
        await tx.query(
          `INSERT INTO evaluation_invitation (code_hash, campaign_id, unit_id, round_id, evaluator_kind, used_at) VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END)
           ON CONFLICT (code_hash) DO UPDATE SET used_at = coalesce(evaluation_invitation.used_at, EXCLUDED.used_at)`,
          [i.hash, s.campaignId, s.unitId, r.id, i.evaluatorKind, i.used],
        );
      }
    }
    await appendAudit(tx, {
      chain: s.campaignId,
      actor: change.actor,
      role: null,
      action: change.action,
      target: `unit:${s.unitId}:evaluation`,
      after: { revision: s.revision, score: s.result?.score ?? null },
      key: `evaluation:${s.campaignId}:${s.unitId}:${s.revision}`,
    });
  });
}

export function findInvitation(ds: DataSource, codeHash: string): Promise<EvaluationInvitationEntity | null> {
  return ds.getRepository(EvaluationInvitationEntity).findOneBy({ codeHash });
}

// ---- correction (R20) ----

/**
 * R20: the opinions a unit's correction starts from: public comments on its notice, complaints against it
 * that were accepted, comments given in its appraisal rounds and the district's evaluation opinion.
 * Names of commenters and complainants are not part of it.
 */
export async function compileOpinions(ds: DataSource, campaignId: string, unitId: string): Promise<CompiledOpinion[]> {
  return ds.query(
    `SELECT 'NOTICE_COMMENT' AS source, c.id::text AS ref, c.text, c.created_at AS at FROM notice_comment c WHERE c.campaign_id = $1 AND c.unit_id = $2
     UNION ALL
     SELECT 'COMPLAINT', k.id::text, k.text, k.received_at FROM complaint k WHERE k.unit_id = $2 AND k.status IN ('ACCEPTED', 'CONCLUDED')
     UNION ALL
     SELECT 'APPRAISAL', r->>'id', s->>'comment', to_timestamp((s->>'at')::bigint / 1000.0)
       FROM unit_evaluation e, jsonb_array_elements(e.state->'rounds') r, jsonb_array_elements(r->'scores') s
       WHERE e.campaign_id = $1 AND e.unit_id = $2 AND coalesce(s->>'comment', '') <> ''
     UNION ALL
     SELECT 'EVALUATION', 'district', e.state->'district'->>'opinion', to_timestamp((e.state->'district'->>'at')::bigint / 1000.0)
       FROM unit_evaluation e WHERE e.campaign_id = $1 AND e.unit_id = $2 AND e.state->'district' IS NOT NULL AND e.state->'district' <> 'null'::jsonb
     ORDER BY 4, 1, 2`,
    [campaignId, unitId],
  );
}

export function projectCorrection(
  ds: DataSource,
  s: CorrectionState,
  opinions: CompiledOpinion[] | null,
  change: ProjectionChange,
): Promise<void> {
  return ds.transaction(async (tx) => {
    const ok = await applied(
      tx,
      `INSERT INTO correction_round AS c (campaign_id, unit_id, status, state, opinions, revision) VALUES ($1, $2, $3, $4::jsonb, coalesce($5::jsonb, '[]'::jsonb), $6)
       ON CONFLICT (campaign_id, unit_id) DO UPDATE SET status = EXCLUDED.status, state = EXCLUDED.state,
         opinions = CASE WHEN $5::jsonb IS NULL THEN c.opinions ELSE EXCLUDED.opinions END, revision = EXCLUDED.revision, updated_at = now()
         WHERE c.revision < EXCLUDED.revision
       RETURNING unit_id`,
      [
        s.campaignId,
        s.unitId,
        s.status,
        JSON.stringify(s),
        opinions === null ? null : JSON.stringify(opinions),
        s.revision,
      ],
    );
    if (ok) {
      await appendAudit(tx, {
        chain: s.campaignId,
        actor: change.actor,
        role: null,
        action: change.action,
        target: `unit:${s.unitId}:correction`,
        after: { status: s.status },
        key: `correction:${s.campaignId}:${s.unitId}:${s.revision}`,
      });
    }
  });
}

/** Who handles oversight matters of a unit: the office and the discipline team (district-wide or the unit's), never `exceptPersonId`. */
export async function oversightHandlers(
  ds: DataSource | EntityManager,
  unitId: string,
  exceptPersonId: string | null,
): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `SELECT DISTINCT person_id AS id FROM role_assignment
     WHERE role IN ('OFFICE_ADMIN', 'DISCIPLINE_TEAM') AND (unit_id IS NULL OR unit_id = $1) AND ($2::uuid IS NULL OR person_id <> $2::uuid)
     ORDER BY 1`,
    [unitId, exceptPersonId],
  );
  return rows.map((r) => r.id);
}

/** A complaint's handlers: the unit's oversight handlers less everyone the complaint is against (R16). */
export async function complaintHandlers(
  db: DataSource | EntityManager,
  unitId: string,
  exceptPersonId: string | null,
  complaintId: string,
): Promise<string[]> {
  const subjects = new Set(await complaintSubjects(db, complaintId));
  return (await oversightHandlers(db, unitId, exceptPersonId)).filter((id) => !subjects.has(id));
}

/** Whether `reviewerId` has ever been given a review step of any of `subjectPersonIds`' forms (their review chains, R16). */
export async function inReviewChainOf(
  ds: DataSource,
  reviewerId: string,
  subjectPersonIds: string[],
): Promise<boolean> {
  const rows: unknown[] = await ds.query(
    `SELECT 1 FROM review_task t JOIN risk_form f ON f.id = t.form_id
     WHERE f.person_id = ANY($1::uuid[]) AND ($2::uuid = ANY(t.assignees) OR $2::uuid = ANY(t.escalated_to)) LIMIT 1`,
    [subjectPersonIds, reviewerId],
  );
  return rows.length > 0;
}
