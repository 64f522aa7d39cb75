import {
  DEFAULT_GRADING_RULES,
  RISK_LEVEL_LABELS,
  computeLevel,
  gradePost,
  hasEffectiveControl,
  previewRegrade,
  validateGradingRules,
  validateScore,
  type FieldError,
  type GradedPoint,
  type GradingRules,
  type RiskCategory,
  type RiskLevel,
  type Score,
} from '@pirm/domain';

const rules = DEFAULT_GRADING_RULES;

/** A risk point with one cause and a written control unless the test says otherwise. */
const point = (
  level: RiskLevel,
  causes: readonly RiskCategory[] = ['POST_DUTY'],
  controlMeasures = '双人复核',
): GradedPoint => ({
  level,
  causes,
  controlMeasures,
});

/** A deep copy of the default rules with one change, so each validation case breaks exactly one field. */
const rulesWith = (change: (r: GradingRules) => void): GradingRules => {
  const copy: GradingRules = structuredClone(DEFAULT_GRADING_RULES);
  change(copy);
  return copy;
};

describe('R12 grading: risk level from likelihood × harm', () => {
  it.each<[Score, Score, number, RiskLevel]>([
    [1, 1, 1, 'LEVEL_3'],
    [1, 2, 2, 'LEVEL_3'],
    [2, 1, 2, 'LEVEL_3'],
    [1, 3, 3, 'LEVEL_2'],
    [3, 1, 3, 'LEVEL_2'],
    [2, 2, 4, 'LEVEL_2'],
    [2, 3, 6, 'LEVEL_1'],
    [3, 2, 6, 'LEVEL_1'],
    [3, 3, 9, 'LEVEL_1'],
  ])('default rules: likelihood %i × harm %i = %i → %s', (likelihood, harm, _product, level) => {
    expect(computeLevel(likelihood, harm, rules)).toBe(level);
  });

  it('follows a district’s own thresholds', () => {
    const strict: GradingRules = { ...rules, version: 2, level: { level1MinProduct: 9, level2MinProduct: 2 } };
    expect(computeLevel(3, 3, strict)).toBe('LEVEL_1');
    expect(computeLevel(2, 3, strict)).toBe('LEVEL_2');
    expect(computeLevel(1, 2, strict)).toBe('LEVEL_2');
    expect(computeLevel(1, 1, strict)).toBe('LEVEL_3');
  });
});

describe('R12 grading: post grade A/B/C with its explanation', () => {
  it('sums level weights and reaches A', () => {
    expect(gradePost([point('LEVEL_1'), point('LEVEL_2'), point('LEVEL_1')], rules)).toEqual({
      grade: 'A',
      score: 72,
      explanation: '2×30 + 1×12 = 72 ≥ 60 → A',
      rulesVersion: 1,
    });
  });

  it('shows the cause multiplier of a point with extra causes', () => {
    const points = [point('LEVEL_2'), point('LEVEL_1', ['POST_DUTY', 'INSTITUTIONAL']), point('LEVEL_2')];
    expect(gradePost(points, rules)).toEqual({
      grade: 'A',
      score: 61.5,
      explanation: '1×30×1.25 + 2×12 = 61.5 ≥ 60 → A',
      rulesVersion: 1,
    });
  });

  it('grades C below the B threshold', () => {
    expect(gradePost([point('LEVEL_3'), point('LEVEL_2')], rules)).toEqual({
      grade: 'C',
      score: 16,
      explanation: '1×12 + 1×4 = 16 < 24 → C',
      rulesVersion: 1,
    });
  });

  it('grades B exactly at the B threshold and shows that threshold', () => {
    expect(gradePost([point('LEVEL_2'), point('LEVEL_2')], rules)).toEqual({
      grade: 'B',
      score: 24,
      explanation: '2×12 = 24 ≥ 24 → B',
      rulesVersion: 1,
    });
  });

  it('grades a post without risk points C', () => {
    expect(gradePost([], rules)).toEqual({
      grade: 'C',
      score: 0,
      explanation: 'no risk points = 0 < 24 → C',
      rulesVersion: 1,
    });
  });

  it('records the version of the rules it used', () => {
    expect(gradePost([point('LEVEL_3')], { ...rules, version: 7 })).toEqual({
      grade: 'C',
      score: 4,
      explanation: '1×4 = 4 < 24 → C',
      rulesVersion: 7,
    });
  });

  it('rounds float noise away before comparing and printing', () => {
    const tiny: GradingRules = {
      ...rules,
      weights: { LEVEL_1: 0.2, LEVEL_2: 0.1, LEVEL_3: 0 },
      gradeThresholds: { A: 1, B: 0.3 },
    };
    expect(0.1 + 0.2).not.toBe(0.3); // the noise this test is about
    expect(gradePost([point('LEVEL_2'), point('LEVEL_1')], tiny)).toEqual({
      grade: 'B',
      score: 0.3,
      explanation: '1×0.2 + 1×0.1 = 0.3 ≥ 0.3 → B',
      rulesVersion: 1,
    });
  });
});

describe('R12 grading: causes weigh a point up', () => {
  it('multiplies by 1.25 for two distinct causes and 1.5 for three', () => {
    expect(gradePost([point('LEVEL_2', ['POST_DUTY', 'BUSINESS_PROCESS'])], rules).explanation).toBe(
      '1×12×1.25 = 15 < 24 → C',
    );
    expect(gradePost([point('LEVEL_2', ['POST_DUTY', 'BUSINESS_PROCESS', 'INSTITUTIONAL'])], rules).explanation).toBe(
      '1×12×1.5 = 18 < 24 → C',
    );
  });

  it('counts a repeated cause once and an empty cause list as one cause', () => {
    expect(gradePost([point('LEVEL_2', ['POST_DUTY', 'POST_DUTY'])], rules).explanation).toBe('1×12 = 12 < 24 → C');
    expect(gradePost([point('LEVEL_2', ['POST_DUTY', 'INSTITUTIONAL', 'POST_DUTY'])], rules).explanation).toBe(
      '1×12×1.25 = 15 < 24 → C',
    );
    expect(gradePost([point('LEVEL_2', [])], rules).explanation).toBe('1×12 = 12 < 24 → C');
  });

  it('orders terms by level, then by ascending multiplier', () => {
    const points = [
      point('LEVEL_3', ['POST_DUTY', 'INSTITUTIONAL']),
      point('LEVEL_2', ['POST_DUTY', 'INSTITUTIONAL', 'IDEOLOGICAL_MORAL']),
      point('LEVEL_2'),
    ];
    expect(gradePost(points, rules)).toEqual({
      grade: 'B',
      score: 35,
      explanation: '1×12 + 1×12×1.5 + 1×4×1.25 = 35 ≥ 24 → B',
      rulesVersion: 1,
    });
  });

  it('uses the district’s multiplier', () => {
    expect(
      gradePost([point('LEVEL_3', ['POST_DUTY', 'INSTITUTIONAL'])], { ...rules, extraCauseMultiplier: 1 }).explanation,
    ).toBe('1×4×2 = 8 < 24 → C');
  });
});

describe('R12 grading: a level-1 risk without an effective control', () => {
  it('makes the post A when the rule is on', () => {
    expect(gradePost([point('LEVEL_1', ['POST_DUTY'], '')], rules)).toEqual({
      grade: 'A',
      score: 30,
      explanation: '1×30 = 30 < 60, but a level-1 risk has no effective control → A',
      rulesVersion: 1,
    });
  });

  it('treats a whitespace-only control as none', () => {
    expect(gradePost([point('LEVEL_1', ['POST_DUTY'], ' \t\n\u3000')], rules).grade).toBe('A');
  });

  it('leaves a controlled level-1 risk to the score', () => {
    expect(gradePost([point('LEVEL_1')], rules).explanation).toBe('1×30 = 30 ≥ 24 → B');
  });

  it('does not apply to uncontrolled level-2 risks', () => {
    expect(gradePost([point('LEVEL_2', ['POST_DUTY'], '')], rules).explanation).toBe('1×12 = 12 < 24 → C');
  });

  it('is ignored when the rule is off', () => {
    const off: GradingRules = { ...rules, version: 2, level1WithoutControlIsA: false };
    expect(gradePost([point('LEVEL_1', ['POST_DUTY'], '')], off)).toEqual({
      grade: 'B',
      score: 30,
      explanation: '1×30 = 30 ≥ 24 → B',
      rulesVersion: 2,
    });
  });

  it('shows the plain comparison when the score reaches A anyway', () => {
    expect(gradePost([point('LEVEL_1', ['POST_DUTY'], ''), point('LEVEL_1')], rules).explanation).toBe(
      '2×30 = 60 ≥ 60 → A',
    );
  });

  it('hasEffectiveControl: blank or whitespace-only is no control', () => {
    expect(hasEffectiveControl('')).toBe(false);
    expect(hasEffectiveControl('   ')).toBe(false);
    expect(hasEffectiveControl('\t\n')).toBe(false);
    expect(hasEffectiveControl('\u3000')).toBe(false); // full-width space from Chinese input methods
    expect(hasEffectiveControl('  定期轮岗 ')).toBe(true);
  });
});

describe('R12 grading: rules are validated data', () => {
  it('accepts the default rules', () => {
    expect(validateGradingRules(DEFAULT_GRADING_RULES)).toEqual([]);
  });

  it.each<[string, (r: GradingRules) => void, FieldError[]]>([
    [
      'version zero',
      (r) => (r.version = 0),
      [{ field: 'rules.version', reason: 'must be a whole number ≥ 1', message: '版本号须为不小于 1 的整数' }],
    ],
    [
      'fractional version',
      (r) => (r.version = 1.5),
      [{ field: 'rules.version', reason: 'must be a whole number ≥ 1', message: '版本号须为不小于 1 的整数' }],
    ],
    [
      'level1MinProduct above 9',
      (r) => (r.level.level1MinProduct = 10),
      [
        {
          field: 'rules.level.level1MinProduct',
          reason: 'must be a number from 1 to 9',
          message: '须为 1 到 9 之间的数',
        },
      ],
    ],
    [
      'level2MinProduct below 1',
      (r) => (r.level.level2MinProduct = 0),
      [
        {
          field: 'rules.level.level2MinProduct',
          reason: 'must be a number from 1 to 9',
          message: '须为 1 到 9 之间的数',
        },
      ],
    ],
    [
      'level1MinProduct not above level2MinProduct',
      (r) => (r.level = { level1MinProduct: 4, level2MinProduct: 4 }),
      [
        {
          field: 'rules.level.level1MinProduct',
          reason: 'must be greater than level2MinProduct',
          message: '须大于二级风险的最低乘积',
        },
      ],
    ],
    [
      'negative weight',
      (r) => (r.weights.LEVEL_3 = -1),
      [{ field: 'rules.weights.LEVEL_3', reason: 'must be a number ≥ 0', message: '须为不小于 0 的数' }],
    ],
    [
      'non-finite weight',
      (r) => (r.weights.LEVEL_2 = Number.NaN),
      [{ field: 'rules.weights.LEVEL_2', reason: 'must be a number ≥ 0', message: '须为不小于 0 的数' }],
    ],
    [
      'LEVEL_1 weight below LEVEL_2',
      (r) => (r.weights.LEVEL_1 = 10),
      [{ field: 'rules.weights.LEVEL_1', reason: 'must not be less than LEVEL_2', message: '不能小于二级风险的分值' }],
    ],
    [
      'LEVEL_2 weight below LEVEL_3',
      (r) => (r.weights.LEVEL_3 = 13),
      [{ field: 'rules.weights.LEVEL_2', reason: 'must not be less than LEVEL_3', message: '不能小于三级风险的分值' }],
    ],
    [
      'negative multiplier',
      (r) => (r.extraCauseMultiplier = -0.25),
      [{ field: 'rules.extraCauseMultiplier', reason: 'must be a number ≥ 0', message: '须为不小于 0 的数' }],
    ],
    [
      'infinite multiplier',
      (r) => (r.extraCauseMultiplier = Number.POSITIVE_INFINITY),
      [{ field: 'rules.extraCauseMultiplier', reason: 'must be a number ≥ 0', message: '须为不小于 0 的数' }],
    ],
    [
      'B threshold zero',
      (r) => (r.gradeThresholds.B = 0),
      [{ field: 'rules.gradeThresholds.B', reason: 'must be a number > 0', message: '须为大于 0 的数' }],
    ],
    [
      'A threshold zero',
      (r) => (r.gradeThresholds.A = 0),
      [{ field: 'rules.gradeThresholds.A', reason: 'must be a number > 0', message: '须为大于 0 的数' }],
    ],
    [
      'A threshold not above B',
      (r) => (r.gradeThresholds = { A: 24, B: 24 }),
      [{ field: 'rules.gradeThresholds.A', reason: 'must be greater than B', message: '须大于 B 级岗位的最低分' }],
    ],
    [
      'non-boolean level-1 rule',
      (r) => ((r as unknown as Record<string, unknown>).level1WithoutControlIsA = 'yes'),
      [{ field: 'rules.level1WithoutControlIsA', reason: 'must be true or false', message: '须选择“是”或“否”' }],
    ],
  ])('names the bad field: %s', (_case, change, expected) => {
    expect(validateGradingRules(rulesWith(change))).toEqual(expected);
  });

  it('reports every bad field under the given path', () => {
    const broken = {
      version: -1,
      level: { level1MinProduct: 2, level2MinProduct: 3 },
      weights: { LEVEL_1: 30, LEVEL_2: '12' },
      extraCauseMultiplier: null,
      gradeThresholds: { A: 10, B: 20 },
    } as unknown as GradingRules;
    expect(validateGradingRules(broken, 'district.rules')).toEqual([
      { field: 'district.rules.version', reason: 'must be a whole number ≥ 1', message: '版本号须为不小于 1 的整数' },
      {
        field: 'district.rules.level.level1MinProduct',
        reason: 'must be greater than level2MinProduct',
        message: '须大于二级风险的最低乘积',
      },
      { field: 'district.rules.weights.LEVEL_2', reason: 'must be a number ≥ 0', message: '须为不小于 0 的数' },
      { field: 'district.rules.weights.LEVEL_3', reason: 'must be a number ≥ 0', message: '须为不小于 0 的数' },
      { field: 'district.rules.extraCauseMultiplier', reason: 'must be a number ≥ 0', message: '须为不小于 0 的数' },
      {
        field: 'district.rules.gradeThresholds.A',
        reason: 'must be greater than B',
        message: '须大于 B 级岗位的最低分',
      },
      { field: 'district.rules.level1WithoutControlIsA', reason: 'must be true or false', message: '须选择“是”或“否”' },
    ]);
  });

  it('R12 says each problem in its own Chinese words, with the level names the district uses', () => {
    const broken = rulesWith((r) => {
      r.version = 0;
      r.level = { level1MinProduct: 3, level2MinProduct: 4 };
      r.weights = { LEVEL_1: 30, LEVEL_2: 3, LEVEL_3: 4 };
      r.extraCauseMultiplier = -1;
      r.gradeThresholds = { A: 0, B: 0 };
      (r as unknown as Record<string, unknown>).level1WithoutControlIsA = 1;
    });
    const errors = validateGradingRules(broken);
    expect(errors.length).toBeGreaterThan(5);
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    // One message per reason and one reason per message: no generic fallback stands for several problems.
    const pairs = new Set(errors.map((e) => `${e.reason}|${e.message}`));
    expect(new Set(errors.map((e) => e.reason)).size).toBe(pairs.size);
    expect(new Set(errors.map((e) => e.message)).size).toBe(pairs.size);
    expect(errors.find((e) => e.field === 'rules.level.level1MinProduct')?.message).toContain(
      RISK_LEVEL_LABELS.LEVEL_2,
    );
    expect(errors.find((e) => e.field === 'rules.weights.LEVEL_2')?.message).toContain(RISK_LEVEL_LABELS.LEVEL_3);
  });

  it('rejects rules that are not an object', () => {
    expect(validateGradingRules(null as unknown as GradingRules)).toEqual([
      { field: 'rules', reason: 'must be an object', message: '评级规则缺失或格式不对' },
    ]);
  });
});

describe('R12 grading: likelihood and harm scores', () => {
  it.each([1, 2, 3])('accepts %p', (value) => {
    expect(validateScore(value, 'points[0].likelihood')).toEqual([]);
  });

  it.each([0, 4, 1.5, '2', null])('rejects %p', (value) => {
    expect(validateScore(value, 'points[0].harm')).toEqual([
      { field: 'points[0].harm', reason: 'must be a whole number from 1 to 3', message: '须为 1 到 3 的整数' },
    ]);
  });
});

describe('R12 grading: a preview of new rules counts the posts whose grade would change', () => {
  /** A point whose level in force is the computed one unless `decided` names a reviewer's level. */
  const scored = (likelihood: Score, harm: Score, decided?: RiskLevel) => {
    const computedLevel = computeLevel(likelihood, harm, rules);
    return { ...point(decided ?? computedLevel), likelihood, harm, computedLevel };
  };
  // Thresholds lowered: 4 (2×2) becomes 一级, and 24 points make a post A.
  const candidate: GradingRules = {
    ...rules,
    version: 2,
    level: { level1MinProduct: 4, level2MinProduct: 2 },
    gradeThresholds: { A: 24, B: 10 },
  };

  it('regrades computed levels with the candidate and counts each change of grade', () => {
    const forms = [
      { points: [scored(2, 2)] }, // 二级 12 → C under the plan; 一级 30 ≥ 24 → A
      { points: [scored(2, 2), scored(2, 2), scored(1, 1)] }, // 12 + 12 + 4 = 28 → B; 30 + 30 + 4 → A
      { points: [scored(3, 3), scored(3, 2)] }, // 60 → A; still A
      { points: [] }, // no points: C under both
    ];
    expect(forms.map((f) => gradePost(f.points, rules).grade)).toEqual(['C', 'B', 'A', 'C']);
    expect(previewRegrade(forms, rules, candidate)).toEqual({
      posts: 4,
      changed: 2,
      transitions: [
        { from: 'B', to: 'A', count: 1 },
        { from: 'C', to: 'A', count: 1 },
      ],
    });
  });

  it('keeps a level a reviewer decided', () => {
    // 2×2 computed 二级, decided 三级 by a reviewer: the candidate's 一级 for 4 does not apply to it.
    const decided = { points: [scored(2, 2, 'LEVEL_3')] };
    expect(previewRegrade([decided], rules, candidate)).toEqual({ posts: 1, changed: 0, transitions: [] });
  });

  it('changes nothing with the same rules', () => {
    const forms = [{ points: [scored(2, 2)] }, { points: [scored(3, 3, 'LEVEL_2')] }];
    expect(previewRegrade(forms, rules, rules)).toEqual({ posts: 2, changed: 0, transitions: [] });
  });
});
