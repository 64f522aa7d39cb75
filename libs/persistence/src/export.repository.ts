import type { DataSource } from 'typeorm';
import {
  gradeOverrideNote,
  type FormStatus,
  type FormType,
  type GradeChange,
  type MajorMatter,
  type PostRiskGrade,
  type PrintDecision,
  type PrintInput,
  type ReviewerRole,
  type RiskCategory,
  type RiskLevel,
  type RiskListEntry,
  type UnitSummary,
} from '@pirm/domain';
import { findGradeOverride } from './review.repository';
import { appendAudit, type AuditInput } from './audit.repository';
import { ExportJobEntity } from './entities/export-job.entity';

/** Records a new job, and for an export of personal data its audit record, in one transaction. */
export async function createExportJob(
  ds: DataSource,
  job: Pick<
    ExportJobEntity,
    'id' | 'kind' | 'params' | 'campaignId' | 'requestedBy' | 'fileName' | 'contentType' | 'downloadToken'
  >,
  audit: AuditInput | null,
): Promise<void> {
  await ds.transaction(async (tx) => {
    await tx.getRepository(ExportJobEntity).insert({ ...job, status: 'RUNNING', heartbeatAt: new Date() });
    if (audit) await appendAudit(tx, audit);
  });
}

export async function findExportJob(ds: DataSource, id: string): Promise<ExportJobEntity | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return ds.getRepository(ExportJobEntity).findOneBy({ id });
}

/** Progress of a running job; `heartbeat_at` says when its worker last reported. */
export async function recordExportProgress(
  ds: DataSource,
  id: string,
  rowsDone: number,
  rowsTotal: number | null,
): Promise<void> {
  await ds
    .getRepository(ExportJobEntity)
    .update({ id, status: 'RUNNING' }, { rowsDone, rowsTotal, heartbeatAt: new Date() });
}

/**
 * Ends a running job, done with its stored file or failed with a reason. Compare-and-set on RUNNING: of two
 * attempts racing to finish, one wins (true) and the other learns it lost (false) and removes its file.
 */
export async function finishExportJob(
  ds: DataSource,
  id: string,
  done: { filePath: string; sizeBytes: number; expiresAt: Date } | { error: string },
): Promise<boolean> {
  const now = new Date();
  const result = await ds.getRepository(ExportJobEntity).update(
    { id, status: 'RUNNING' },
    'error' in done
      ? { status: 'FAILED', error: done.error, finishedAt: now }
      : {
          status: 'DONE',
          filePath: done.filePath,
          sizeBytes: String(done.sizeBytes),
          expiresAt: done.expiresAt,
          finishedAt: now,
        },
  );
  return (result.affected ?? 0) > 0;
}

/** Forgets the files of jobs whose link has expired and returns those jobs' ids, for the caller to remove their files. */
export async function takeExpiredExportFiles(ds: DataSource): Promise<string[]> {
  const rows = (await ds.query(
    `WITH gone AS (SELECT id FROM export_job WHERE expires_at < now() AND file_path IS NOT NULL FOR UPDATE SKIP LOCKED)
     UPDATE export_job j SET file_path = NULL FROM gone WHERE j.id = gone.id RETURNING j.id`,
  )) as [{ id: string }[], number];
  return rows[0].map((r) => r.id);
}

/** Everything a printed form shows (R23): its fields, risk points, unit, chain and the current round's decisions. */
export async function loadPrintInput(ds: DataSource, formId: string): Promise<PrintInput | null> {
  const [form] = (await ds.query(
    `SELECT f.form_type, f.name, f.position, f.department_name, f.post_duties, f.workflow_description, f.person_in_charge,
            f.control_measures, f.post_grade, f.review_revision, u.name AS unit_name
     FROM risk_form f JOIN unit u ON u.id = f.unit_id WHERE f.id = $1`,
    [formId],
  )) as {
    form_type: FormType;
    name: string;
    position: string;
    department_name: string;
    post_duties: string;
    workflow_description: string;
    person_in_charge: string;
    control_measures: string;
    post_grade: PostRiskGrade | null;
    review_revision: number;
    unit_name: string;
  }[];
  if (!form) return null;
  const override = await findGradeOverride(ds, formId);
  const [points, tasks, decisions, chain] = await Promise.all([
    ds.query(
      `SELECT description, category, level, control_measures, major_matter FROM risk_point WHERE form_id = $1 ORDER BY ordinal`,
      [formId],
    ) as Promise<
      {
        description: string;
        category: RiskCategory;
        level: RiskLevel;
        control_measures: string;
        major_matter: MajorMatter | null;
      }[]
    >,
    // The chain this round went through; a form not yet submitted prints its type's current chain.
    ds.query(`SELECT DISTINCT step, role FROM review_task WHERE form_id = $1 AND revision = $2 ORDER BY step`, [
      formId,
      form.review_revision,
    ]) as Promise<{ step: number; role: ReviewerRole }[]>,
    ds.query(
      `SELECT d.step, d.opinion, p.name AS reviewer_name, d.decided_at FROM review_decision d JOIN person p ON p.id = d.decided_by
       WHERE d.form_id = $1 AND d.revision = $2 ORDER BY d.step, d.decided_at`,
      [formId, form.review_revision],
    ) as Promise<{ step: number; opinion: string; reviewer_name: string; decided_at: Date }[]>,
    ds.query(`SELECT steps FROM review_chain WHERE form_type = $1`, [form.form_type]) as Promise<
      { steps: ReviewerRole[] }[]
    >,
  ]);
  return {
    formType: form.form_type,
    unitName: form.unit_name,
    fields: {
      name: form.name,
      position: form.position,
      departmentName: form.department_name,
      postDuties: form.post_duties,
      workflowDescription: form.workflow_description,
      personInCharge: form.person_in_charge,
      controlMeasures: form.control_measures,
    },
    postGrade: form.post_grade,
    gradeNote: override ? gradeOverrideNote(override) : null,
    riskPoints: points.map((p) => ({
      description: p.description,
      category: p.category,
      level: p.level,
      controlMeasures: p.control_measures,
      majorMatter: p.major_matter,
    })),
    chain: tasks.length ? tasks.map((t) => t.role) : (chain[0]?.steps ?? []),
    decisions: decisions.map((d): PrintDecision => ({
      step: d.step,
      opinion: d.opinion,
      reviewerName: d.reviewer_name,
      decidedAt: new Date(d.decided_at).getTime(),
    })),
  };
}

/** A row of unitRiskListPage's query: the risk point, its form and person, and the grade override in force. */
interface RiskListRow {
  department_name: string;
  person_code: string;
  ordinal: number;
  post_name: string;
  person_name: string;
  position: string;
  form_type: FormType;
  major_matter: MajorMatter | null;
  description: string;
  category: RiskCategory;
  level: RiskLevel;
  control_measures: string;
  responsible_post_name: string | null;
  post_grade: PostRiskGrade | null;
  status: FormStatus;
  /** The override's reviewer role and name, and its grade change as stored; all null when none. */
  override_role: ReviewerRole | null;
  override_name: string | null;
  override: GradeChange | null;
}

export interface RiskListCursor {
  departmentName: string;
  personCode: string;
  ordinal: number;
}

export async function countUnitRiskList(ds: DataSource, campaignId: string, unitId: string): Promise<number> {
  const [r] = (await ds.query(
    `SELECT count(*)::int AS n FROM risk_form f JOIN risk_point p ON p.form_id = f.id WHERE f.campaign_id = $1 AND f.unit_id = $2`,
    [campaignId, unitId],
  )) as { n: number }[];
  return r!.n;
}

/** One page of a unit's risk list (登记表), by department, person and point; keyset-paged so a large unit streams. */
export async function unitRiskListPage(
  ds: DataSource,
  campaignId: string,
  unitId: string,
  limit: number,
  after?: RiskListCursor,
): Promise<{ entry: RiskListEntry; cursor: RiskListCursor }[]> {
  const rows = (await ds.query(
    `SELECT f.department_name, pe.code AS person_code, p.ordinal, po.name AS post_name, f.name AS person_name, f.position, f.form_type,
            p.major_matter, p.description, p.category, p.level, p.control_measures, rp.name AS responsible_post_name, f.post_grade, f.status,
            o.role AS override_role, o.name AS override_name, o.grade_change AS override
     FROM risk_form f
     JOIN risk_point p ON p.form_id = f.id
     LEFT JOIN LATERAL (
       SELECT d.role, dp.name, d.grade_change FROM review_decision d JOIN person dp ON dp.id = d.decided_by
       WHERE d.form_id = f.id AND d.grade_change IS NOT NULL ORDER BY d.decided_at DESC, d.revision DESC, d.step DESC LIMIT 1
     ) o ON true
     JOIN person pe ON pe.id = f.person_id
     JOIN post po ON po.id = f.post_id
     LEFT JOIN post rp ON rp.id = p.responsible_post_id
     WHERE f.campaign_id = $1 AND f.unit_id = $2
       AND ($3::text IS NULL OR (f.department_name, pe.code, p.ordinal) > ($3::text, $4::text, $5::int))
     ORDER BY f.department_name, pe.code, p.ordinal
     LIMIT $6`,
    [campaignId, unitId, after?.departmentName ?? null, after?.personCode ?? null, after?.ordinal ?? null, limit],
  )) as RiskListRow[];
  return rows.map((r) => ({
    cursor: { departmentName: r.department_name, personCode: r.person_code, ordinal: r.ordinal },
    entry: {
      departmentName: r.department_name,
      postName: r.post_name,
      personName: r.person_name,
      position: r.position,
      formType: r.form_type,
      majorMatter: r.major_matter,
      description: r.description,
      category: r.category,
      level: r.level,
      controlMeasures: r.control_measures,
      responsiblePostName: r.responsible_post_name,
      postGrade: r.post_grade,
      gradeNote: r.override
        ? gradeOverrideNote({ ...r.override, role: r.override_role!, setByName: r.override_name! })
        : null,
      formStatus: r.status,
    },
  }));
}

/** Per unit of the campaign's district: people, forms by status, risk points by level and category, posts by grade. */
export async function districtSummary(ds: DataSource, campaignId: string): Promise<UnitSummary[]> {
  const [units, points] = await Promise.all([
    ds.query(
      `SELECT u.id, u.name,
              (SELECT count(*)::int FROM person pe WHERE pe.unit_id = u.id AND pe.post_id IS NOT NULL AND pe.left_at IS NULL) AS people,
              count(f.id)::int AS forms,
              count(f.id) FILTER (WHERE f.status IN ('SUBMITTED', 'APPROVED'))::int AS submitted,
              count(f.id) FILTER (WHERE f.status = 'APPROVED')::int AS approved,
              count(f.id) FILTER (WHERE f.status <> 'DRAFT' AND f.post_grade = 'A')::int AS "gradeA",
              count(f.id) FILTER (WHERE f.status <> 'DRAFT' AND f.post_grade = 'B')::int AS "gradeB",
              count(f.id) FILTER (WHERE f.status <> 'DRAFT' AND f.post_grade = 'C')::int AS "gradeC"
       FROM unit u LEFT JOIN risk_form f ON f.unit_id = u.id AND f.campaign_id = $1
       GROUP BY u.id, u.name ORDER BY u.id`,
      [campaignId],
    ) as Promise<
      {
        id: string;
        name: string;
        people: number;
        forms: number;
        submitted: number;
        approved: number;
        gradeA: number;
        gradeB: number;
        gradeC: number;
      }[]
    >,
    // Risk points of submitted forms, as the dashboard counts them.
    ds.query(
      `SELECT f.unit_id, p.level, p.category, count(*)::int AS n FROM risk_form f JOIN risk_point p ON p.form_id = f.id
       WHERE f.campaign_id = $1 AND f.status <> 'DRAFT' GROUP BY 1, 2, 3`,
      [campaignId],
    ) as Promise<{ unit_id: string; level: RiskLevel; category: RiskCategory; n: number }[]>,
  ]);
  return units.map((u) => {
    const mine = points.filter((p) => p.unit_id === u.id);
    const byLevel: UnitSummary['byLevel'] = {};
    const byCategory: UnitSummary['byCategory'] = {};
    for (const p of mine) {
      byLevel[p.level] = (byLevel[p.level] ?? 0) + p.n;
      byCategory[p.category] = (byCategory[p.category] ?? 0) + p.n;
    }
    return {
      unitId: u.id,
      unitName: u.name,
      people: u.people,
      forms: u.forms,
      submitted: u.submitted,
      approved: u.approved,
      byLevel,
      byCategory,
      byGrade: { A: u.gradeA, B: u.gradeB, C: u.gradeC },
    };
  });
}
