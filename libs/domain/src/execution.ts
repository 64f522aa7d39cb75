import { isIsoDate, type IsoDate } from './dates';
import type { FieldError } from './errors';
import { NOT_A_DATE, checkInteger, checkOneOf, checkText } from './fields';
import { Role, hasRole, type RoleGrant } from './roles';

/**
 * Execution-phase records (R14–R16): what a unit did to carry out its risk archive. They are plain records,
 * not process state: the gateway writes them with an audit record, no workflow decides on them.
 */

/** Who a public commitment was made to (R15: down to every student and parent). */
export const COMMITMENT_AUDIENCES = ['STUDENTS', 'PARENTS', 'STAFF', 'PUBLIC'] as const;
export type CommitmentAudience = (typeof COMMITMENT_AUDIENCES)[number];

export const COMMITMENT_AUDIENCE_LABELS: Readonly<Record<CommitmentAudience, string>> = {
  STUDENTS: '学生',
  PARENTS: '家长',
  STAFF: '教职工',
  PUBLIC: '社会公众',
};

/** Unit activities of prevention (R15) and monitoring (R16). */
export const UNIT_ACTIVITY_KINDS = [
  'INTEGRITY_EDUCATION',
  'TALK',
  'HEARING',
  'AFFAIRS_OPENNESS',
  'INTERNAL_CHECK',
  'SELF_CHECK',
  'PUBLIC_APPRAISAL',
  'INSPECTION',
] as const;
export type UnitActivityKind = (typeof UNIT_ACTIVITY_KINDS)[number];

export const UNIT_ACTIVITY_KIND_LABELS: Readonly<Record<UnitActivityKind, string>> = {
  INTEGRITY_EDUCATION: '廉政教育',
  TALK: '谈心谈话',
  HEARING: '听证',
  AFFAIRS_OPENNESS: '校务公开',
  INTERNAL_CHECK: '内部检查',
  SELF_CHECK: '自查',
  PUBLIC_APPRAISAL: '群众评议',
  INSPECTION: '不定期检查',
};

/** 民主测评 grades (R15), best first. */
export const APPRAISAL_GRADES = ['GOOD', 'FAIRLY_GOOD', 'AVERAGE', 'POOR'] as const;
export type AppraisalGrade = (typeof APPRAISAL_GRADES)[number];

export const APPRAISAL_GRADE_LABELS: Readonly<Record<AppraisalGrade, string>> = {
  GOOD: '好',
  FAIRLY_GOOD: '较好',
  AVERAGE: '一般',
  POOR: '差',
};

export type AppraisalVotes = Record<AppraisalGrade, number>;

export const EXECUTION_TEXT_MAX = 4000;
const SHORT_TEXT_MAX = 200;
const MAX_COUNT = 100_000;

/** Unit leaders (its leading group and principal) and the office record a unit's execution. */
export function canRecordUnitExecution(grants: readonly RoleGrant[], unitId: string): boolean {
  return [Role.UNIT_LEADING_GROUP, Role.UNIT_PRINCIPAL, Role.OFFICE_ADMIN].some((r) => hasRole(grants, r, unitId));
}

/** The recorders and the discipline team covering the unit read all of its execution records. */
export function canReadUnitExecution(grants: readonly RoleGrant[], unitId: string): boolean {
  return canRecordUnitExecution(grants, unitId) || hasRole(grants, Role.DISCIPLINE_TEAM, unitId);
}

/** A date in the past or today (records describe what happened). */
function checkPastDate(errors: FieldError[], field: string, value: string, today: IsoDate): void {
  if (!isIsoDate(value)) errors.push({ field, ...NOT_A_DATE });
  else if (value > today)
    errors.push({ field, reason: `must not be after today (${today})`, message: `不能晚于今天（${today}）` });
}

export interface MeasureImplementationInput {
  inPlace: boolean;
  evidence: string;
}

/** R14: whether a risk point's measures are in place; either way the unit says what it rests on. */
export function validateMeasureImplementation(input: MeasureImplementationInput): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, 'evidence', input.evidence, EXECUTION_TEXT_MAX, true);
  return errors;
}

export interface CommitmentInput {
  text: string;
  /** Where it was published, e.g. 校务公开栏, 家长会, 学校网站. */
  publishedWhere: string;
  audiences: readonly string[];
  publishedOn: IsoDate;
}

/** R15 public commitments. */
export function validateCommitment(input: CommitmentInput, today: IsoDate): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, 'text', input.text, EXECUTION_TEXT_MAX, true);
  checkText(errors, 'publishedWhere', input.publishedWhere, SHORT_TEXT_MAX, true);
  if (!input.audiences.length)
    errors.push({ field: 'audiences', reason: 'name at least one audience', message: '至少选择一个承诺对象' });
  input.audiences.forEach((a, i) => checkOneOf(errors, `audiences[${i}]`, a, COMMITMENT_AUDIENCES, true));
  if (new Set(input.audiences).size !== input.audiences.length)
    errors.push({ field: 'audiences', reason: 'names an audience twice', message: '承诺对象不能重复' });
  checkPastDate(errors, 'publishedOn', input.publishedOn, today);
  return errors;
}

export interface UnitActivityInput {
  kind: string;
  heldOn: IsoDate;
  summary: string;
  participants: number;
  evidence: string;
  /** The 通报 an irregular inspection issued. */
  circular?: string | null;
}

/** R15 R16 unit activities; an inspection carries its circular, other kinds none. */
export function validateUnitActivity(input: UnitActivityInput, today: IsoDate): FieldError[] {
  const errors: FieldError[] = [];
  checkOneOf(errors, 'kind', input.kind, UNIT_ACTIVITY_KINDS, true);
  checkPastDate(errors, 'heldOn', input.heldOn, today);
  checkText(errors, 'summary', input.summary, EXECUTION_TEXT_MAX, true);
  checkText(errors, 'evidence', input.evidence, EXECUTION_TEXT_MAX, true);
  checkInteger(errors, 'participants', input.participants, 1, MAX_COUNT);
  if (input.kind === 'INSPECTION') checkText(errors, 'circular', input.circular, EXECUTION_TEXT_MAX, true);
  else if (input.circular?.trim())
    errors.push({
      field: 'circular',
      reason: 'only an inspection (INSPECTION) issues a circular',
      message: `只有${UNIT_ACTIVITY_KIND_LABELS.INSPECTION}才填写通报`,
    });
  return errors;
}

export interface DutyReportInput {
  reportSummary: string;
  votes?: Partial<AppraisalVotes> | null;
  rating?: string | null;
}

/** R15 述职述廉 with its 民主测评: the vote counts, or a rating, or both. */
export function validateDutyReport(input: DutyReportInput): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, 'reportSummary', input.reportSummary, EXECUTION_TEXT_MAX, true);
  if (input.votes) {
    for (const g of APPRAISAL_GRADES)
      if (input.votes[g] != null) checkInteger(errors, `votes.${camel(g)}`, input.votes[g], 0, MAX_COUNT);
    if (APPRAISAL_GRADES.every((g) => !input.votes?.[g]))
      errors.push({ field: 'votes', reason: 'at least one vote must be counted', message: '至少填写一项票数' });
  }
  checkOneOf(errors, 'rating', input.rating, APPRAISAL_GRADES, false);
  if (!input.votes && input.rating == null)
    errors.push({
      field: 'votes',
      reason: 'give the appraisal’s vote counts or its rating',
      message: '请填写民主测评的票数或测评结果',
    });
  return errors;
}

/** GraphQL field names of the vote counts (good, fairlyGood, average, poor). */
function camel(grade: AppraisalGrade): string {
  return grade.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Share of votes that are 好 or 较好 (null without votes): the figure year-end assessments compare. */
export function approvalShare(votes: AppraisalVotes): number | null {
  const total = APPRAISAL_GRADES.reduce((n, g) => n + votes[g], 0);
  return total ? (votes.GOOD + votes.FAIRLY_GOOD) / total : null;
}
