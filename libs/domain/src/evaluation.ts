import type { FieldError } from './errors';
import { checkInteger, checkOneOf, checkText } from './fields';

/** R18: the five contents of a unit's self-assessment. */
export const SELF_ASSESSMENT_ITEMS = [
  'RISK_POINTS_FOUND',
  'MEASURES_CARRIED_OUT',
  'ROUTINE_CHECKS',
  'DEMOCRATIC_APPRAISAL',
  'DUTY_REPORTS',
] as const;
export type SelfAssessmentItem = (typeof SELF_ASSESSMENT_ITEMS)[number];

export const SELF_ASSESSMENT_LABELS: Readonly<Record<SelfAssessmentItem, string>> = {
  RISK_POINTS_FOUND: '风险点查找',
  MEASURES_CARRIED_OUT: '防控措施落实',
  ROUTINE_CHECKS: '日常检查',
  DEMOCRATIC_APPRAISAL: '民主测评',
  DUTY_REPORTS: '述职述廉',
};

/** R19: who evaluates a unit, and in which kind of round. */
export const EVALUATOR_KINDS = [
  'STAFF',
  'SERVICE_USER',
  'NPC_DEPUTY',
  'CPPCC_MEMBER',
  'SPECIAL_SUPERVISOR',
  'HIGHER_DEPARTMENT',
  'SUBORDINATE_HEAD',
  'PARENT',
] as const;
export type EvaluatorKind = (typeof EVALUATOR_KINDS)[number];

export const EVALUATOR_LABELS: Readonly<Record<EvaluatorKind, string>> = {
  STAFF: '本单位干部职工',
  SERVICE_USER: '服务对象',
  NPC_DEPUTY: '人大代表',
  CPPCC_MEMBER: '政协委员',
  SPECIAL_SUPERVISOR: '特邀监督员',
  HIGHER_DEPARTMENT: '上级部门',
  SUBORDINATE_HEAD: '下级单位负责人',
  PARENT: '学生家长',
};

export const ROUND_KINDS = ['INTERNAL', 'SERVICE_USER', 'EXTERNAL'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export const ROUND_KIND_LABELS: Readonly<Record<RoundKind, string>> = {
  INTERNAL: '内部评议',
  SERVICE_USER: '服务对象评议',
  EXTERNAL: '外部评议',
};

export const ROUND_EVALUATORS: Readonly<Record<RoundKind, readonly EvaluatorKind[]>> = {
  INTERNAL: ['STAFF'],
  SERVICE_USER: ['SERVICE_USER', 'PARENT'],
  EXTERNAL: ['NPC_DEPUTY', 'CPPCC_MEMBER', 'SPECIAL_SUPERVISOR', 'HIGHER_DEPARTMENT', 'SUBORDINATE_HEAD', 'PARENT'],
};

/** An invitation of an evaluator the round's kind does not take (the gateway and the workflow both check). */
export function wrongEvaluatorError(field: string, kind: RoundKind): FieldError {
  return {
    field,
    reason: `a ${kind} round takes ${ROUND_EVALUATORS[kind].join(', ')}`,
    message: `这一轮评议只邀请${ROUND_EVALUATORS[kind].map((e) => EVALUATOR_LABELS[e]).join('、')}`,
  };
}

/** Parts of a unit's weighted score: its self-assessment, the appraisal rounds, the district leading group. */
export const EVALUATION_COMPONENTS = ['SELF', 'APPRAISAL', 'DISTRICT'] as const;
export type EvaluationComponent = (typeof EVALUATION_COMPONENTS)[number];

export const EVALUATION_COMPONENT_LABELS: Readonly<Record<EvaluationComponent, string>> = {
  SELF: '单位自评',
  APPRAISAL: '内外部评议',
  DISTRICT: '区领导小组总体评价',
};

/** A published version of the weights (percent, summing to 100); an evaluation keeps the version it started with. */
export interface EvaluationRule {
  version: number;
  weights: Record<EvaluationComponent, number>;
}

export const DEFAULT_EVALUATION_WEIGHTS: Readonly<Record<EvaluationComponent, number>> = {
  SELF: 20,
  APPRAISAL: 40,
  DISTRICT: 40,
};

export const MAX_SCORE = 100;

export function validateEvaluationWeights(weights: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const c of EVALUATION_COMPONENTS) checkInteger(errors, `weights.${c}`, weights[c], 0, 100);
  const sum = EVALUATION_COMPONENTS.reduce(
    (s, c) => s + (typeof weights[c] === 'number' ? (weights[c] as number) : 0),
    0,
  );
  if (!errors.length && sum !== 100)
    errors.push({
      field: 'weights',
      reason: `must add up to 100, not ${sum}`,
      message: `各项权重之和须为 100，现为 ${sum}`,
    });
  return errors;
}

export interface SelfAssessmentEntry {
  item: SelfAssessmentItem;
  score: number;
  evidence: string;
}

export function validateSelfAssessment(entries: readonly SelfAssessmentEntry[]): FieldError[] {
  const errors: FieldError[] = [];
  entries.forEach((e, i) => {
    checkOneOf(errors, `items[${i}].item`, e.item, SELF_ASSESSMENT_ITEMS, true);
    checkInteger(errors, `items[${i}].score`, e.score, 0, MAX_SCORE);
    checkText(errors, `items[${i}].evidence`, e.evidence, 5000, true);
  });
  for (const item of SELF_ASSESSMENT_ITEMS) {
    const n = entries.filter((e) => e.item === item).length;
    if (n !== 1)
      errors.push({
        field: 'items',
        reason: `must assess ${item} (${SELF_ASSESSMENT_LABELS[item]}) exactly once, not ${n} times`,
        message: n
          ? `“${SELF_ASSESSMENT_LABELS[item]}”只能自评一次，现有 ${n} 次`
          : `缺少“${SELF_ASSESSMENT_LABELS[item]}”的自评`,
      });
  }
  return errors;
}

export function validateEvaluationScore(s: { score: number; comment?: string | null }): FieldError[] {
  const errors: FieldError[] = [];
  checkInteger(errors, 'score', s.score, 0, MAX_SCORE);
  checkText(errors, 'comment', s.comment, 2000, false);
  return errors;
}

export interface RoundResult {
  kind: RoundKind;
  /** Scores given; a round with none contributes nothing. */
  scores: readonly number[];
}

export interface WeightedScore {
  /** Rounded to two decimals; null until every weighted component has a score. */
  score: number | null;
  components: Record<EvaluationComponent, number | null>;
  missing: EvaluationComponent[];
  /** How the score was reached, in Chinese, for the unit and the leading group. */
  explanation: string;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * R19: the unit's weighted score. SELF is the mean of the five self-assessment scores, APPRAISAL the mean of
 * the rounds' means (each round counts the same, however many people scored in it), DISTRICT the leading
 * group's score; each is weighted by the rule.
 */
export function weightedScore(
  rule: EvaluationRule,
  input: { self: readonly SelfAssessmentEntry[] | null; rounds: readonly RoundResult[]; district: number | null },
): WeightedScore {
  const roundMeans = input.rounds
    .map((r) => ({ kind: r.kind, n: r.scores.length, mean: mean(r.scores) }))
    .filter((r) => r.mean !== null);
  const components: Record<EvaluationComponent, number | null> = {
    SELF: input.self ? mean(input.self.map((e) => e.score)) : null,
    APPRAISAL: mean(roundMeans.map((r) => r.mean!)),
    DISTRICT: input.district,
  };
  const missing = EVALUATION_COMPONENTS.filter((c) => rule.weights[c] > 0 && components[c] === null);
  const parts = EVALUATION_COMPONENTS.filter((c) => rule.weights[c] > 0).map((c) => {
    const value = components[c];
    return `${EVALUATION_COMPONENT_LABELS[c]} ${value === null ? '缺' : round2(value)} × ${rule.weights[c]}%`;
  });
  const rounds = roundMeans.map((r) => `${r.kind} ${r.n} 人均分 ${round2(r.mean!)}`).join('，');
  const score = missing.length
    ? null
    : round2(EVALUATION_COMPONENTS.reduce((s, c) => s + ((components[c] ?? 0) * rule.weights[c]) / 100, 0));
  const explanation = `评价规则第 ${rule.version} 版：${parts.join(' + ')}${score === null ? '，尚缺 ' + missing.map((c) => EVALUATION_COMPONENT_LABELS[c]).join('、') : ` = ${score}`}${rounds ? `（评议：${rounds}）` : ''}`;
  return {
    score,
    components: {
      SELF: nullable(components.SELF),
      APPRAISAL: nullable(components.APPRAISAL),
      DISTRICT: components.DISTRICT,
    },
    missing,
    explanation,
  };
}

function nullable(n: number | null): number | null {
  return n === null ? null : round2(n);
}
