import type { DataSource, EntityManager } from 'typeorm';
import {
  FORM_TRANSITIONS,
  withGradeOverride,
  type RiskFormFields,
  type RiskLevel,
  type RiskPointInput,
  type PostGrading,
} from '@pirm/domain';
import { appendAudit, type AuditActor } from './audit.repository';
import { RiskFormEntity } from './entities/risk-form.entity';
import { RiskPointEntity } from './entities/risk-point.entity';
import { findGradeOverride } from './review.repository';
import { keysetPage, type Page } from './roster-read.repository';

/** A risk point ready to store: the input plus what the rules computed and resolved references. */
export interface StoredRiskPoint extends RiskPointInput {
  computedLevel: RiskLevel;
  level: RiskLevel;
  responsiblePostId: string | null;
}

export interface NewRiskForm extends RiskFormFields {
  campaignId: string;
  personId: string;
  unitId: string;
  departmentId: string | null;
  postId: string;
  formType: RiskFormEntity['formType'];
  name: string;
  rulesVersion: number;
  prefilledFrom: string | null;
}

export async function findRiskForm(
  ds: DataSource | EntityManager,
  where: { id: string } | { campaignId: string; personId: string },
): Promise<RiskFormEntity | null> {
  return ds
    .getRepository(RiskFormEntity)
    .findOne({ where, relations: { riskPoints: true }, order: { riskPoints: { ordinal: 'ASC' } } });
}

type PointRow = Omit<RiskPointEntity, 'id' | 'form' | 'responsiblePost' | 'template'>;

function pointRows(formId: string, points: readonly StoredRiskPoint[]): PointRow[] {
  return points.map((p, i) => ({
    formId,
    ordinal: i + 1,
    description: p.description,
    category: p.category,
    causes: [...new Set(p.causes)],
    likelihood: p.likelihood,
    harm: p.harm,
    computedLevel: p.computedLevel,
    level: p.level,
    proposedLevel: p.proposedLevel ?? null,
    proposedLevelReason: p.proposedLevelReason ?? null,
    findingMethod: p.findingMethod,
    direction: p.direction,
    backwardSource: p.backwardSource ?? null,
    controlMeasures: p.controlMeasures ?? '',
    responsiblePostId: p.responsiblePostId,
    templateId: p.templateId ?? null,
    majorMatter: p.majorMatter ?? null,
  }));
}

/**
 * Creates a person's draft for a campaign, or returns the one they already have (one form per person per
 * campaign; concurrent starts resolve to the same row).
 */
export async function createDraftForm(
  ds: DataSource,
  form: NewRiskForm,
  points: readonly StoredRiskPoint[],
  grading: PostGrading,
): Promise<RiskFormEntity> {
  return ds.transaction(async (tx) => {
    const inserted = await tx
      .createQueryBuilder()
      .insert()
      .into(RiskFormEntity)
      .values({
        ...form,
        status: 'DRAFT',
        postGrade: grading.grade,
        gradeScore: grading.score,
        gradeExplanation: grading.explanation,
        version: 1,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (inserted.raw as { id: string }[])[0]?.id;
    if (id && points.length) await tx.getRepository(RiskPointEntity).insert(pointRows(id, points));
    const created = await findRiskForm(tx, { campaignId: form.campaignId, personId: form.personId });
    if (!created) throw new Error('risk form vanished after insert');
    return created;
  });
}

/**
 * Compare-and-set update of a draft: applies only if the form is still at `expectedVersion` and editable.
 * Returns false (and changes nothing) otherwise. `points`, when given, replaces the risk point list.
 */
export async function updateDraftForm(
  ds: DataSource,
  formId: string,
  expectedVersion: number,
  fields: Partial<RiskFormFields>,
  points: readonly StoredRiskPoint[] | undefined,
  grading: PostGrading,
  audit: AuditActor & { campaignId: string },
): Promise<boolean> {
  return ds.transaction(async (tx) => {
    // A reviewer's grade override stands through the owner's revision after a return (R12).
    const override = await findGradeOverride(tx, formId);
    const { grade: postGrade, explanation: gradeExplanation } = withGradeOverride(grading, override);
    const result = await tx
      .createQueryBuilder()
      .update(RiskFormEntity)
      .set({ ...fields, postGrade, gradeScore: grading.score, gradeExplanation, version: () => 'version + 1' })
      .where('id = :formId AND version = :expectedVersion AND status IN (:...editable)', {
        formId,
        expectedVersion,
        editable: FORM_TRANSITIONS.EDIT,
      })
      .execute();
    if (result.affected !== 1) return false;
    if (points) {
      await tx.getRepository(RiskPointEntity).delete({ formId });
      if (points.length) await tx.getRepository(RiskPointEntity).insert(pointRows(formId, points));
    }
    await appendAudit(tx, {
      chain: audit.campaignId,
      actor: audit.actor,
      role: audit.role,
      action: 'DRAFT_SAVE',
      target: `form:${formId}`,
      before: { version: expectedVersion },
      after: { fields, points, version: expectedVersion + 1 },
      key: `draft:${formId}:${expectedVersion + 1}`,
    });
    return true;
  });
}

/** One line of a campaign's list of forms. */
export interface RiskFormRow {
  id: string;
  unitId: string;
  unitName: string;
  personName: string;
  departmentName: string;
  position: string;
  formType: string;
  status: string;
  postGrade: string | null;
  updatedAt: Date;
}

export interface RiskFormListQuery {
  campaignId: string;
  /** null: every unit. */
  unitIds: string[] | null;
  status: string | null;
  formType: string | null;
  postGrade: string | null;
  /** Part of the person's name. */
  search: string | null;
  /** The sort key (unit, name, id) of the last row of the previous page. */
  after: string[] | null;
  first: number;
}

/** A campaign's forms by unit and person name, filtered; `ix_risk_form_unit` serves the unit and status. */
export async function listRiskForms(ds: DataSource, q: RiskFormListQuery): Promise<Page<RiskFormRow>> {
  const rows: RiskFormRow[] = await ds.query(
    `SELECT f.id, f.unit_id AS "unitId", u.name AS "unitName", p.name AS "personName",
            f.department_name AS "departmentName", f.position, f.form_type AS "formType", f.status,
            f.post_grade AS "postGrade", f.updated_at AS "updatedAt"
       FROM risk_form f JOIN person p ON p.id = f.person_id JOIN unit u ON u.id = f.unit_id
      WHERE f.campaign_id = $1
        AND ($2::text[] IS NULL OR f.unit_id = ANY($2))
        AND ($3::text IS NULL OR f.status = $3)
        AND ($4::text IS NULL OR f.form_type = $4)
        AND ($5::text IS NULL OR f.post_grade = $5)
        AND ($6::text IS NULL OR strpos(lower(p.name), lower($6)) > 0)
        AND ($7::text IS NULL OR (f.unit_id, p.name, f.id) > ($7, $8, $9::uuid))
      ORDER BY f.unit_id, p.name, f.id LIMIT $10`,
    [
      q.campaignId,
      q.unitIds,
      q.status,
      q.formType,
      q.postGrade,
      q.search,
      q.after?.[0] ?? null,
      q.after?.[1] ?? null,
      q.after?.[2] ?? null,
      q.first + 1,
    ],
  );
  return keysetPage(rows, q.first, (r) => [r.unitId, r.personName, r.id]);
}
