import type { FieldError } from './errors';
import { NOT_TRUE_OR_FALSE, checkInteger, checkOneOf, checkText } from './fields';

/** R17: the disposal measures, mildest first; an overdue case climbs to the next one. */
export const DISPOSAL_MEASURES = [
  'TALK',
  'REMINDER',
  'WARNING_EDUCATION',
  'ADMONITION',
  'CORRECTION',
  'RECTIFICATION_ORDER',
] as const;
export type DisposalMeasure = (typeof DISPOSAL_MEASURES)[number];

export const DISPOSAL_MEASURE_LABELS: Readonly<Record<DisposalMeasure, string>> = {
  TALK: '约见谈话',
  REMINDER: '重点提醒',
  WARNING_EDUCATION: '警示教育',
  ADMONITION: '告诫劝勉',
  CORRECTION: '纠正偏差',
  RECTIFICATION_ORDER: '责令整改',
};

/** What the person owes after each measure, by its follow-up deadline. */
export const DISPOSAL_FOLLOW_UP_LABELS: Readonly<Record<DisposalMeasure, string>> = {
  TALK: '书面说明问题并作出承诺',
  REMINDER: '书面说明问题并作出承诺',
  WARNING_EDUCATION: '提交警示教育心得和承诺',
  ADMONITION: '提交书面检查',
  CORRECTION: '提交纠正情况报告',
  RECTIFICATION_ORDER: '提交整改报告',
};

/** Follow-up deadlines in working days; the rectification deadline is set per case. */
export const DEFAULT_FOLLOW_UP_WORKING_DAYS: Readonly<Record<DisposalMeasure, number>> = {
  TALK: 5,
  REMINDER: 5,
  WARNING_EDUCATION: 5,
  ADMONITION: 5,
  CORRECTION: 10,
  RECTIFICATION_ORDER: 20,
};

export const DISPOSAL_SOURCES = ['COMPLAINT', 'INSPECTION', 'APPRAISAL', 'SELF_CHECK', 'OTHER'] as const;
export type DisposalSource = (typeof DISPOSAL_SOURCES)[number];

export const DISPOSAL_SOURCE_LABELS: Readonly<Record<DisposalSource, string>> = {
  COMPLAINT: '投诉举报',
  INSPECTION: '监督检查',
  APPRAISAL: '评议',
  SELF_CHECK: '自查',
  OTHER: '其他',
};

/** The next harder measure, or null at the top of the ladder. */
export function nextMeasure(m: DisposalMeasure): DisposalMeasure | null {
  return DISPOSAL_MEASURES[DISPOSAL_MEASURES.indexOf(m) + 1] ?? null;
}

/** A disposal case as opened (R17): what its workflow starts from and its row stores. */
export interface DisposalCase {
  caseId: string;
  /** The campaign whose audit chain records the case. */
  campaignId: string;
  unitId: string;
  /** The person the problem concerns. */
  personId: string;
  problem: string;
  source: DisposalSource;
  sourceRef: string | null;
  openedBy: string;
}

export interface DisposalCaseOpening {
  problem: string;
  source: DisposalSource;
  /** e.g. the complaint id the problem came from. */
  sourceRef?: string | null;
  firstMeasure: DisposalMeasure;
  rectificationWorkingDays?: number | null;
}

export function validateDisposalOpening(o: DisposalCaseOpening): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, 'problem', o.problem, 5000, true);
  checkOneOf(errors, 'source', o.source, DISPOSAL_SOURCES, true);
  checkText(errors, 'sourceRef', o.sourceRef, 100, false);
  checkOneOf(errors, 'firstMeasure', o.firstMeasure, DISPOSAL_MEASURES, true);
  if (o.rectificationWorkingDays !== undefined && o.rectificationWorkingDays !== null)
    checkInteger(errors, 'rectificationWorkingDays', o.rectificationWorkingDays, 1, 120);
  return errors;
}

/** Each measure's follow-up deadline for a case: the defaults with the case's own rectification deadline. */
export function followUpDays(rectificationWorkingDays?: number | null): Record<DisposalMeasure, number> {
  return {
    ...DEFAULT_FOLLOW_UP_WORKING_DAYS,
    ...(rectificationWorkingDays ? { RECTIFICATION_ORDER: rectificationWorkingDays } : {}),
  };
}

export function validateDisposalResponse(text: string): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, 'text', text, 10_000, true);
  return errors;
}

/** A case closes only with a verified outcome; a rejected response says why. */
export function validateDisposalVerification(v: { accepted: boolean; outcome: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof v.accepted !== 'boolean') errors.push({ field: 'accepted', ...NOT_TRUE_OR_FALSE });
  checkText(errors, 'outcome', v.outcome, 5000, true);
  return errors;
}
