import type { FieldError } from './errors';
import { checkOneOf, checkText } from './fields';
import { validateScore } from './grading';
import {
  ANALYSIS_DIRECTIONS,
  BACKWARD_SOURCES,
  FINDING_METHODS,
  FORM_TYPE_LABELS,
  MAJOR_MATTERS,
  MAJOR_MATTER_LABELS,
  RISK_CATEGORIES,
  RISK_CATEGORY_LABELS,
  RISK_LEVELS,
  type FormType,
  type RiskPointInput,
} from './risk';

/** The person-entered text fields of a form; which ones a form has depends on its type (attachments 2–4). */
export interface RiskFormFields {
  /** 职务 */
  position: string;
  /** 科室 */
  departmentName: string;
  /** 岗位职责 */
  postDuties: string;
  /** 工作流程 */
  workflowDescription: string;
  /** 负责人 */
  personInCharge: string;
  /** 自我防控措施 */
  controlMeasures: string;
}
export type RiskFormField = keyof RiskFormFields;

/** Editable fields per form type, in the order of the attachment's layout (姓名 comes from the roster). */
export const FORM_FIELDS: Readonly<Record<FormType, readonly RiskFormField[]>> = {
  LEADERSHIP: ['position', 'postDuties', 'controlMeasures'],
  MIDDLE_MANAGER: ['departmentName', 'postDuties', 'workflowDescription', 'personInCharge', 'controlMeasures'],
  GENERAL_STAFF: ['position', 'postDuties', 'workflowDescription', 'controlMeasures'],
};

export const FORM_FIELD_LABELS: Readonly<Record<RiskFormField, string>> = {
  position: '职务',
  departmentName: '科室',
  postDuties: '岗位职责',
  workflowDescription: '工作流程',
  personInCharge: '负责人',
  controlMeasures: '自我防控措施',
};

const FIELD_MAX: Readonly<Record<RiskFormField, number>> = {
  position: 100,
  departmentName: 100,
  personInCharge: 100,
  postDuties: 4000,
  workflowDescription: 4000,
  controlMeasures: 4000,
};

export const MAX_RISK_POINTS = 50;
const DESCRIPTION_MAX = 1000;
const MEASURES_MAX = 2000;
const REASON_MAX = 1000;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function isBlank(v: unknown): boolean {
  return typeof v !== 'string' || v.trim() === '';
}

/** Field-by-field checks of one risk point; `at` is its path, e.g. `riskPoints[2]`. */
export function validateRiskPoint(p: RiskPointInput, formType: FormType, at: string): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, `${at}.description`, p.description, DESCRIPTION_MAX, true);
  checkOneOf(errors, `${at}.category`, p.category, RISK_CATEGORIES, true);
  if (!Array.isArray(p.causes) || p.causes.length === 0) {
    errors.push({ field: `${at}.causes`, reason: 'must name at least one cause', message: '至少选择一项成因' });
  } else {
    p.causes.forEach((c, i) => checkOneOf(errors, `${at}.causes[${i}]`, c, RISK_CATEGORIES, true));
    if (RISK_CATEGORIES.includes(p.category) && !p.causes.includes(p.category)) {
      errors.push({
        field: `${at}.causes`,
        reason: `must include the risk's own category ${p.category}`,
        message: `成因须包含风险本身的类别（${RISK_CATEGORY_LABELS[p.category]}）`,
      });
    }
  }
  errors.push(...validateScore(p.likelihood, `${at}.likelihood`), ...validateScore(p.harm, `${at}.harm`));
  checkOneOf(errors, `${at}.proposedLevel`, p.proposedLevel, RISK_LEVELS, false);
  if (p.proposedLevel) checkText(errors, `${at}.proposedLevelReason`, p.proposedLevelReason, REASON_MAX, true);
  else if (!isBlank(p.proposedLevelReason))
    errors.push({
      field: `${at}.proposedLevelReason`,
      reason: 'only goes with a proposedLevel',
      message: '只有建议调整等级时才填写理由',
    });
  checkOneOf(errors, `${at}.findingMethod`, p.findingMethod, FINDING_METHODS, true);
  checkOneOf(errors, `${at}.direction`, p.direction, ANALYSIS_DIRECTIONS, true);
  if (p.direction === 'BACKWARD') checkOneOf(errors, `${at}.backwardSource`, p.backwardSource, BACKWARD_SOURCES, true);
  else if (p.backwardSource)
    errors.push({
      field: `${at}.backwardSource`,
      reason: 'only goes with BACKWARD analysis',
      message: '只有逆向查找时才填写来源',
    });
  checkText(errors, `${at}.controlMeasures`, p.controlMeasures ?? '', MEASURES_MAX, false);
  if (p.responsiblePostCode != null && !CODE.test(p.responsiblePostCode)) {
    errors.push({
      field: `${at}.responsiblePostCode`,
      reason: 'must be a post code (letters, digits, _ . -)',
      message: '须为岗位编码（字母、数字、_ . -）',
    });
  }
  if (p.majorMatter != null) {
    if (formType !== 'LEADERSHIP')
      errors.push({
        field: `${at}.majorMatter`,
        reason: '三重一大 applies to LEADERSHIP forms only',
        message: '“三重一大”仅适用于领导班子成员的表',
      });
    else checkOneOf(errors, `${at}.majorMatter`, p.majorMatter, MAJOR_MATTERS, false);
  }
  return errors;
}

/**
 * Checks a draft save: every given field and risk point must be well-formed; a draft may be incomplete.
 * `fields` holds only the fields being changed; `riskPoints`, when given, replaces the whole list.
 */
export function validateRiskFormDraft(
  formType: FormType,
  fields: Partial<Record<string, unknown>>,
  riskPoints?: readonly RiskPointInput[],
): FieldError[] {
  const errors: FieldError[] = [];
  const allowed = FORM_FIELDS[formType];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!(allowed as readonly string[]).includes(name)) {
      errors.push({
        field: name,
        reason: `is not a field of the ${FORM_TYPE_LABELS[formType]}`,
        message: `不是${FORM_TYPE_LABELS[formType]}的栏目`,
      });
      continue;
    }
    checkText(errors, name, value, FIELD_MAX[name as RiskFormField], false);
  }
  if (riskPoints) {
    if (riskPoints.length > MAX_RISK_POINTS)
      errors.push({
        field: 'riskPoints',
        reason: `must have at most ${MAX_RISK_POINTS} risk points`,
        message: `风险点不能超过 ${MAX_RISK_POINTS} 个`,
      });
    else riskPoints.forEach((p, i) => errors.push(...validateRiskPoint(p, formType, `riskPoints[${i}]`)));
  }
  return errors;
}

/**
 * What still stops a form from being submitted: its type's fields filled, at least one risk point, a
 * prevention measure for every point (R14), and for leadership forms every part of 三重一大 covered.
 */
export function submissionProblems(
  formType: FormType,
  fields: RiskFormFields,
  riskPoints: readonly RiskPointInput[],
): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of FORM_FIELDS[formType]) {
    if (isBlank(fields[name]))
      errors.push({ field: name, reason: `${FORM_FIELD_LABELS[name]} must be filled in`, message: '尚未填写' });
  }
  if (riskPoints.length === 0)
    errors.push({ field: 'riskPoints', reason: 'at least one risk point is required', message: '至少填写一个风险点' });
  riskPoints.forEach((p, i) => {
    if (isBlank(p.controlMeasures))
      errors.push({
        field: `riskPoints[${i}].controlMeasures`,
        reason: 'every risk point needs a prevention measure',
        message: '每个风险点都须有防控措施',
      });
  });
  if (formType === 'LEADERSHIP') {
    const missing = MAJOR_MATTERS.filter((m) => !riskPoints.some((p) => p.majorMatter === m));
    if (missing.length) {
      errors.push({
        field: 'riskPoints',
        reason: `must cover 三重一大: ${missing.map((m) => MAJOR_MATTER_LABELS[m]).join(', ')}`,
        message: `须覆盖“三重一大”：${missing.map((m) => MAJOR_MATTER_LABELS[m]).join('、')}`,
      });
    }
  }
  return errors;
}

/** What a reviewer compares between submission rounds. */
export interface FormSnapshot {
  fields: RiskFormFields;
  riskPoints: Pick<
    RiskPointInput,
    | 'description'
    | 'category'
    | 'causes'
    | 'likelihood'
    | 'harm'
    | 'findingMethod'
    | 'direction'
    | 'controlMeasures'
    | 'majorMatter'
  >[];
}

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

const SNAPSHOT_POINT_KEYS = [
  'description',
  'category',
  'causes',
  'likelihood',
  'harm',
  'findingMethod',
  'direction',
  'controlMeasures',
  'majorMatter',
] as const;

/** The part of a form that submission rounds compare, from any shape that carries its fields and points. */
export function snapshotOf(
  form: RiskFormFields & { riskPoints: readonly FormSnapshot['riskPoints'][number][] },
): FormSnapshot {
  const fields = Object.fromEntries(
    (Object.keys(FORM_FIELD_LABELS) as RiskFormField[]).map((k) => [k, form[k]]),
  ) as unknown as RiskFormFields;
  const riskPoints = form.riskPoints.map(
    (p) => Object.fromEntries(SNAPSHOT_POINT_KEYS.map((k) => [k, p[k]])) as FormSnapshot['riskPoints'][number],
  );
  return { fields, riskPoints };
}

function show(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** Field-level changes from one submission round to the next (everything is new in the first round). */
export function diffSnapshots(before: FormSnapshot | null, after: FormSnapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const key of Object.keys(after.fields) as RiskFormField[]) {
    const a = show(before?.fields[key]);
    const b = show(after.fields[key]);
    if (a !== b) changes.push({ field: key, before: a, after: b });
  }
  const count = Math.max(before?.riskPoints.length ?? 0, after.riskPoints.length);
  for (let i = 0; i < count; i++) {
    const p = before?.riskPoints[i];
    const q = after.riskPoints[i];
    if (!p || !q) {
      changes.push({ field: `riskPoints[${i}]`, before: p ? p.description : null, after: q ? q.description : null });
      continue;
    }
    for (const key of SNAPSHOT_POINT_KEYS) {
      const a = show(p[key]);
      const b = show(q[key]);
      if (a !== b) changes.push({ field: `riskPoints[${i}].${key}`, before: a, after: b });
    }
  }
  return changes;
}
