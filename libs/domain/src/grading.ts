import { type FieldError } from './errors';
import { NOT_TRUE_OR_FALSE } from './fields';
import {
  RISK_LEVELS,
  RISK_LEVEL_LABELS,
  type PostRiskGrade,
  type RiskCategory,
  type RiskLevel,
  type Score,
} from './risk';

/**
 * R12 grading rules. They are data, not code, so a district can tune them; every change gets a new
 * `version`, and each grade records the version it was computed with so old grades stay explainable.
 */
export interface GradingRules {
  /** Positive integer, stored with every grade. */
  version: number;
  /** likelihood×harm ≥ level1MinProduct → LEVEL_1; ≥ level2MinProduct → LEVEL_2; else LEVEL_3. */
  level: { level1MinProduct: number; level2MinProduct: number };
  /** Score one point adds to its post, by level. */
  weights: Record<RiskLevel, number>;
  /** A point with n distinct causes weighs (1 + extraCauseMultiplier × (n − 1)) times its level weight. */
  extraCauseMultiplier: number;
  /** score ≥ A → 'A'; ≥ B → 'B'; else 'C'. */
  gradeThresholds: { A: number; B: number };
  /** A LEVEL_1 point lacking an effective control makes the post A regardless of score. */
  level1WithoutControlIsA: boolean;
}

/**
 * The seed plan's rules: with 1–3 scores the products are 1, 2, 3, 4, 6, 9, so 6 and 9 are 一级,
 * 3 and 4 二级, 1 and 2 三级. Two 一级 points (2×30 = 60) make a post A on their own.
 */
export const DEFAULT_GRADING_RULES: GradingRules = {
  version: 1,
  level: { level1MinProduct: 6, level2MinProduct: 3 },
  weights: { LEVEL_1: 30, LEVEL_2: 12, LEVEL_3: 4 },
  extraCauseMultiplier: 0.25,
  gradeThresholds: { A: 60, B: 24 },
  level1WithoutControlIsA: true,
};

/** The largest likelihood×harm product (3×3); a level threshold above it could never be met. */
const MAX_PRODUCT = 9;

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Checks a rule set before it is stored or used. Rules arrive as data (a district's edit, a database
 * row), so the checks do not trust the static type; every bad field is reported with its full path.
 * Ordering checks (A > B, LEVEL_1 ≥ LEVEL_2 …) only run when both fields are valid numbers, so one
 * mistake yields one error.
 */
export function validateGradingRules(rules: GradingRules, path = 'rules'): FieldError[] {
  if (!isRecord(rules)) return [{ field: path, reason: 'must be an object', message: '评级规则缺失或格式不对' }];
  const errors: FieldError[] = [];
  const add = (field: string, reason: string, message: string): void => {
    errors.push({ field: `${path}.${field}`, reason, message });
  };
  const nonNegative = (field: string): void => add(field, 'must be a number ≥ 0', '须为不小于 0 的数');
  const positive = (field: string): void => add(field, 'must be a number > 0', '须为大于 0 的数');
  const product = (field: string): void =>
    add(field, `must be a number from 1 to ${MAX_PRODUCT}`, `须为 1 到 ${MAX_PRODUCT} 之间的数`);

  if (!Number.isInteger(rules.version) || rules.version < 1)
    add('version', 'must be a whole number ≥ 1', '版本号须为不小于 1 的整数');

  const level: Partial<GradingRules['level']> = isRecord(rules.level) ? rules.level : {};
  const l1 = level.level1MinProduct;
  const l2 = level.level2MinProduct;
  const l1Ok = isFiniteNumber(l1) && l1 >= 1 && l1 <= MAX_PRODUCT;
  const l2Ok = isFiniteNumber(l2) && l2 >= 1 && l2 <= MAX_PRODUCT;
  if (!l1Ok) product('level.level1MinProduct');
  if (!l2Ok) product('level.level2MinProduct');
  // Equal thresholds would make LEVEL_2 unreachable; the plan defines three levels.
  if (l1Ok && l2Ok && l1 <= l2)
    add(
      'level.level1MinProduct',
      'must be greater than level2MinProduct',
      `须大于${RISK_LEVEL_LABELS.LEVEL_2}风险的最低乘积`,
    );

  const weights: Partial<Record<RiskLevel, number>> = isRecord(rules.weights) ? rules.weights : {};
  const weightOk = (l: RiskLevel): boolean => isFiniteNumber(weights[l]) && (weights[l] as number) >= 0;
  for (const l of RISK_LEVELS) {
    if (!weightOk(l)) nonNegative(`weights.${l}`);
  }
  // A more serious level must never count for less, or adding risk could lower a grade's urgency.
  for (let i = 0; i + 1 < RISK_LEVELS.length; i++) {
    const higher = RISK_LEVELS[i] as RiskLevel;
    const lower = RISK_LEVELS[i + 1] as RiskLevel;
    if (weightOk(higher) && weightOk(lower) && (weights[higher] as number) < (weights[lower] as number)) {
      add(`weights.${higher}`, `must not be less than ${lower}`, `不能小于${RISK_LEVEL_LABELS[lower]}风险的分值`);
    }
  }

  if (!isFiniteNumber(rules.extraCauseMultiplier) || rules.extraCauseMultiplier < 0) {
    nonNegative('extraCauseMultiplier');
  }

  const thresholds: Partial<GradingRules['gradeThresholds']> = isRecord(rules.gradeThresholds)
    ? rules.gradeThresholds
    : {};
  const a = thresholds.A;
  const b = thresholds.B;
  const aOk = isFiniteNumber(a) && a > 0;
  const bOk = isFiniteNumber(b) && b > 0;
  if (!aOk) positive('gradeThresholds.A');
  // B > 0 so that a post with no risk points is C.
  if (!bOk) positive('gradeThresholds.B');
  if (aOk && bOk && a <= b) add('gradeThresholds.A', 'must be greater than B', '须大于 B 级岗位的最低分');

  if (typeof rules.level1WithoutControlIsA !== 'boolean')
    add('level1WithoutControlIsA', NOT_TRUE_OR_FALSE.reason, NOT_TRUE_OR_FALSE.message);

  return errors;
}

/** Likelihood and harm arrive as plain numbers from forms; only 1, 2 and 3 are scores. */
export function validateScore(value: unknown, field: string): FieldError[] {
  if (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 3) return [];
  return [{ field, reason: 'must be a whole number from 1 to 3', message: '须为 1 到 3 的整数' }];
}

/** 一级/二级/三级 from likelihood×harm, so high likelihood and severe harm together give LEVEL_1. */
export function computeLevel(likelihood: Score, harm: Score, rules: GradingRules): RiskLevel {
  const product = likelihood * harm;
  if (product >= rules.level.level1MinProduct) return 'LEVEL_1';
  if (product >= rules.level.level2MinProduct) return 'LEVEL_2';
  return 'LEVEL_3';
}

/** What the post grade needs to know of one risk point. */
export interface GradedPoint {
  level: RiskLevel;
  causes: readonly RiskCategory[];
  controlMeasures: string;
}

export interface PostGrading {
  grade: PostRiskGrade;
  /** Rounded to 2 decimals. */
  score: number;
  /** The arithmetic behind the grade, e.g. `1×30×1.25 + 2×12 = 61.5 ≥ 60 → A`. */
  explanation: string;
  rulesVersion: number;
}

/** A control written as whitespace only is no control (forms tend to pad fields with spaces). */
export function hasEffectiveControl(controlMeasures: string): boolean {
  return controlMeasures.trim().length > 0;
}

/** Rounds away float noise (0.1 + 0.2) so scores compare and print as people expect. */
const round = (n: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
};

/** Plain decimal text without trailing zeros; 6 decimals keeps district-chosen values while hiding float noise. */
const formatNumber = (n: number): string => String(round(n, 6));

/** One distinct cause counts as the base case; an empty list is treated as one (the point exists, so it has a cause). */
const causeMultiplier = (causes: readonly RiskCategory[], rules: GradingRules): number => {
  const distinct = Math.max(1, new Set(causes).size);
  return 1 + rules.extraCauseMultiplier * (distinct - 1);
};

/**
 * 岗位风险等级 (R12) from the post's risk points: each point adds its level's weight, scaled up by its
 * extra causes; the total is compared with the thresholds. An uncontrolled 一级 risk can force A.
 * Callers validate the rules first (validateGradingRules); this function trusts them.
 */
export function gradePost(points: readonly GradedPoint[], rules: GradingRules): PostGrading {
  // Group points by (level, multiplier) so the explanation reads as a few terms, not one per point.
  const groups: { level: RiskLevel; levelIndex: number; multiplier: number; count: number }[] = [];
  let rawScore = 0;
  for (const point of points) {
    const multiplier = causeMultiplier(point.causes, rules);
    rawScore += rules.weights[point.level] * multiplier;
    const group = groups.find((g) => g.level === point.level && g.multiplier === multiplier);
    if (group) group.count++;
    else groups.push({ level: point.level, levelIndex: RISK_LEVELS.indexOf(point.level), multiplier, count: 1 });
  }
  groups.sort((x, y) => x.levelIndex - y.levelIndex || x.multiplier - y.multiplier);

  const terms = groups.map(({ level, multiplier, count }) => {
    const base = `${count}×${formatNumber(rules.weights[level])}`;
    return multiplier === 1 ? base : `${base}×${formatNumber(multiplier)}`;
  });
  const score = round(rawScore, 2);
  const sum = `${terms.length > 0 ? terms.join(' + ') : 'no risk points'} = ${formatNumber(score)}`;
  const { A, B } = rules.gradeThresholds;

  // The rounded score is compared, so the printed comparison is always the one that decided.
  let grade: PostRiskGrade;
  let explanation: string;
  if (score >= A) {
    grade = 'A';
    explanation = `${sum} ≥ ${formatNumber(A)} → A`;
  } else if (
    rules.level1WithoutControlIsA &&
    points.some((p) => p.level === 'LEVEL_1' && !hasEffectiveControl(p.controlMeasures))
  ) {
    grade = 'A';
    explanation = `${sum} < ${formatNumber(A)}, but a level-1 risk has no effective control → A`;
  } else if (score >= B) {
    grade = 'B';
    explanation = `${sum} ≥ ${formatNumber(B)} → B`;
  } else {
    grade = 'C';
    explanation = `${sum} < ${formatNumber(B)} → C`;
  }
  return { grade, score, explanation, rulesVersion: rules.version };
}

/** One graded form as the preview needs it: its points' scores, the levels in force and the levels computed. */
export interface RegradeForm {
  points: readonly (GradedPoint & { likelihood: Score; harm: Score; computedLevel: RiskLevel })[];
}

export interface RegradePreview {
  /** Forms (one per person's post) compared. */
  posts: number;
  /** Of them, whose grade the candidate rules change. */
  changed: number;
  /** Each change of grade with its count, e.g. B → A: 3. */
  transitions: { from: PostRiskGrade; to: PostRiskGrade; count: number }[];
}

/**
 * How many posts a candidate rule set would grade differently from the rules they were graded with (R12).
 * A level a reviewer decided (in force ≠ computed) stays; a computed one is computed again by the candidate.
 */
export function previewRegrade(
  forms: readonly RegradeForm[],
  current: GradingRules,
  candidate: GradingRules,
): RegradePreview {
  const counts = new Map<string, { from: PostRiskGrade; to: PostRiskGrade; count: number }>();
  let changed = 0;
  for (const form of forms) {
    const from = gradePost(form.points, current).grade;
    const to = gradePost(
      form.points.map((p) => ({
        ...p,
        level: p.level === p.computedLevel ? computeLevel(p.likelihood, p.harm, candidate) : p.level,
      })),
      candidate,
    ).grade;
    if (from === to) continue;
    changed++;
    const key = `${from}${to}`;
    const entry = counts.get(key) ?? { from, to, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const transitions = [...counts.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { posts: forms.length, changed, transitions };
}
