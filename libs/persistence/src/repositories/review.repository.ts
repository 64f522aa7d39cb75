import type { DataSource } from 'typeorm';
import { FORM_TRANSITIONS, type FormType, type GradeOverride, type HolidayYear, type ReviewerRole } from '@pirm/domain';
import { ReviewChainEntity, type ReviewTaskStatus } from '../entities/review.entities';
import type { RiskFormEntity } from '../entities/risk-form.entity';
import { holidaysInForce } from '../holiday.repository';
import {
  computedGrade,
  countTasksFor,
  findGradeOverride,
  findOpenReviews,
  findReviewChain,
  findSnapshots,
  findUnitPhases,
  listTasksFor,
  taskDepartmentsFor,
  saveReviewChain,
  type TaskCursor,
  type TaskFilter,
  type TaskRow,
} from '../review.repository';
import { findRiskForm } from '../risk-form.repository';
import { recordNudge, type NudgeFacts } from '../notification-outbox.repository';

/** A review task with what deciding it needs of its form and chain, read in one query. */
export interface DecisionTask {
  id: string;
  formId: string;
  revision: number;
  step: number;
  role: ReviewerRole;
  status: ReviewTaskStatus;
  assignees: string[];
  escalatedTo: string[];
  campaignId: string;
  unitId: string;
  departmentId: string | null;
  formType: FormType;
  ownerPersonId: string;
  formVersion: number;
  /** The steps of the form type's chain in force now. */
  chain: ReviewerRole[];
  /** Whether a decision with the key asked about is already recorded (a retry). */
  decided: boolean;
}

export type ReviewChain = Pick<
  ReviewChainEntity,
  'formType' | 'steps' | 'stepDeadlineWorkingDays' | 'reminderWorkingDays' | 'updatedBy' | 'updatedAt'
>;

/**
 * The review's persistence as the gateway sees it: tasks, decisions, chains and what the review reads of forms.
 * Rows leave here in camelCase; the workflow's writes go through the review activities.
 */
export class ReviewRepository {
  constructor(private readonly ds: DataSource) {}

  /** The task, its form's identity and version, its chain and whether decision `decisionKey` is recorded: one round trip. */
  async findTaskForDecision(taskId: string, decisionKey: string | null): Promise<DecisionTask | null> {
    const rows: DecisionTask[] = await this.ds.query(
      `SELECT t.id, t.form_id AS "formId", t.revision, t.step, t.role, t.status, t.assignees, t.escalated_to AS "escalatedTo",
              f.campaign_id AS "campaignId", f.unit_id AS "unitId", f.department_id AS "departmentId", f.form_type AS "formType",
              f.person_id AS "ownerPersonId", f.version AS "formVersion", coalesce(c.steps, '{}') AS chain,
              ($2::text IS NOT NULL AND EXISTS (SELECT 1 FROM review_decision d WHERE d.id = t.form_id || ':' || $2)) AS decided
       FROM review_task t JOIN risk_form f ON f.id = t.form_id LEFT JOIN review_chain c ON c.form_type = f.form_type
       WHERE t.id = $1`,
      [taskId, decisionKey],
    );
    return rows[0] ?? null;
  }

  listTasks(personId: string, filter: TaskFilter, limit: number, after?: TaskCursor): Promise<TaskRow[]> {
    return listTasksFor(this.ds, personId, filter, limit, after);
  }

  countTasks(personId: string, filter: TaskFilter): Promise<Record<ReviewTaskStatus, number>> {
    return countTasksFor(this.ds, personId, filter);
  }

  taskDepartments(personId: string, filter: TaskFilter) {
    return taskDepartmentsFor(this.ds, personId, filter);
  }

  async snapshots(pairs: readonly { formId: string; revision: number }[]) {
    return (await findSnapshots(this.ds, pairs)).map((s) => ({
      formId: s.formId,
      revision: s.revision,
      content: s.content,
    }));
  }

  findForm(id: string): Promise<RiskFormEntity | null> {
    return findRiskForm(this.ds, { id });
  }

  findChain(formType: FormType): Promise<ReviewChain | null> {
    return findReviewChain(this.ds, formType);
  }

  listChains(): Promise<ReviewChain[]> {
    return this.ds.getRepository(ReviewChainEntity).find({ order: { formType: 'ASC' } });
  }

  saveChain(
    chain: Pick<ReviewChain, 'formType' | 'steps' | 'stepDeadlineWorkingDays' | 'reminderWorkingDays' | 'updatedBy'>,
  ): Promise<ReviewChain> {
    return saveReviewChain(this.ds, chain);
  }

  holidays(): Promise<HolidayYear[]> {
    return holidaysInForce(this.ds);
  }

  unitPhases(campaignId: string, unitId: string) {
    return findUnitPhases(this.ds, campaignId, unitId);
  }

  openReviews(): Promise<{ campaignId: string; personId: string }[]> {
    return findOpenReviews(this.ds);
  }

  /** The grade override in force with the grade the rules give beside it, or null when no reviewer overrode it. */
  async gradeOverride(
    formId: string,
  ): Promise<(GradeOverride & { computedGrade: GradeOverride['grade']; computedExplanation: string }) | null> {
    const override = await findGradeOverride(this.ds, formId);
    const computed = override && (await computedGrade(this.ds, formId));
    return override && computed
      ? { ...override, computedGrade: computed.grade, computedExplanation: computed.explanation }
      : null;
  }

  /** The names of the people who decided, by person id (the review workflow records ids only). */
  async personNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; name: string }[] = await this.ds.query(
      `SELECT id, name FROM person WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Approved forms of a unit in a campaign, or of one person there (a redo order, R22). */
  async reopenableForms(campaignId: string, unitId: string, personCode: string | null): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT f.id FROM risk_form f JOIN person p ON p.id = f.person_id
       WHERE f.campaign_id = $1 AND f.unit_id = $2 AND f.status = ANY($4::text[]) AND ($3::text IS NULL OR p.code = $3)`,
      [campaignId, unitId, personCode, FORM_TRANSITIONS.REOPEN],
    );
    return rows.map((r) => r.id);
  }

  /** 催办: records a nudge of the task's reviewers if `check` (the caller's rules) lets it, atomically; null: no such task. */
  nudge(taskId: string, by: { personId: string; name: string }, check: (facts: NudgeFacts) => void) {
    return recordNudge(this.ds, taskId, by, check);
  }
}
