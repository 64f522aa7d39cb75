import fc from 'fast-check';
import {
  DEFAULT_EVALUATION_WEIGHTS,
  DISPOSAL_MEASURES,
  RECEIPT_ALPHABET,
  SELF_ASSESSMENT_ITEMS,
  followUpDays,
  nextMeasure,
  normaliseReceiptCode,
  receiptCodeOf,
  validateComplaintIntake,
  validateConclusion,
  validateDisposalOpening,
  validateDisposalVerification,
  validateEvaluationWeights,
  validateSelfAssessment,
  validateTriage,
  weightedScore,
  wrongEvaluatorError,
  type ComplaintConclusion,
  type ComplaintTriage,
} from '@pirm/domain';

describe('R16 complaint intake rules', () => {
  const base = { unitId: 's001', subjectKind: 'UNIT' as const, text: '学校违规组织有偿补课的问题', named: false };

  it('accepts an anonymous complaint against a unit', () => {
    expect(validateComplaintIntake(base)).toEqual([]);
  });

  it('names each bad field: a subject code for a person, a name and contact only when named', () => {
    expect(validateComplaintIntake({ ...base, subjectKind: 'PERSON' })).toEqual([
      {
        field: 'subjectCode',
        reason: 'must be the roster code of the person complained against',
        message: '请填写被投诉人员的编码（字母、数字、_ . -）',
      },
    ]);
    expect(validateComplaintIntake({ ...base, named: true, contact: 'not a contact' }).map((e) => e.field)).toEqual([
      'complainantName',
      'contact',
    ]);
    expect(validateComplaintIntake({ ...base, complainantName: '张三' })).toEqual([
      { field: 'complainantName', reason: 'an anonymous complaint carries no name', message: '匿名投诉不填写姓名' },
    ]);
    expect(validateComplaintIntake({ ...base, text: '太短' })[0]?.field).toBe('text');
  });

  it('receipt codes: 20 base32 characters in groups, case-insensitive, and nothing else parses', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 20, maxLength: 20 }), (values) => {
        const code = receiptCodeOf(values);
        expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
        expect(normaliseReceiptCode(` ${code.toLowerCase()} `)).toBe(code);
        expect([...code.replace(/-/g, '')].every((c) => RECEIPT_ALPHABET.includes(c))).toBe(true);
      }),
    );
    expect(normaliseReceiptCode('ABCD-EFGH-IJKL-MNOP-QRST')).toBeNull(); // I, L, O are not in the alphabet
    expect(() => receiptCodeOf([1, 2, 3])).toThrow(RangeError);
  });

  it('R16 a triage or conclusion without its yes or no is refused in Chinese', () => {
    const notBoolean = { reason: 'must be true or false', message: '须选择“是”或“否”' };
    expect(validateTriage({ accept: 'yes', reason: '属实' } as unknown as ComplaintTriage)).toEqual([
      { field: 'accept', ...notBoolean },
    ]);
    expect(validateConclusion({ outcome: '已核实', substantiated: null } as unknown as ComplaintConclusion)).toEqual([
      { field: 'substantiated', ...notBoolean },
    ]);
  });
});

describe('R17 disposal ladder', () => {
  it('climbs one measure at a time from a talk to a rectification order, and no further', () => {
    const climbed = [];
    for (let m: (typeof DISPOSAL_MEASURES)[number] | null = 'TALK'; m; m = nextMeasure(m)) climbed.push(m);
    expect(climbed).toEqual([...DISPOSAL_MEASURES]);
    expect(nextMeasure('RECTIFICATION_ORDER')).toBeNull();
  });

  it('gives 5 working days for the written analysis after a talk and a configurable rectification deadline', () => {
    expect(followUpDays().TALK).toBe(5);
    expect(followUpDays(12).RECTIFICATION_ORDER).toBe(12);
    expect(
      validateDisposalOpening({ problem: '', source: 'OTHER', firstMeasure: 'TALK', rectificationWorkingDays: 0 }).map(
        (e) => e.field,
      ),
    ).toEqual(['problem', 'rectificationWorkingDays']);
  });

  it('R17 a verification without its yes or no is refused in Chinese', () => {
    expect(
      validateDisposalVerification({ accepted: 1, outcome: '已整改' } as unknown as {
        accepted: boolean;
        outcome: string;
      }),
    ).toEqual([{ field: 'accepted', reason: 'must be true or false', message: '须选择“是”或“否”' }]);
  });
});

describe('R18 R19 evaluation scores', () => {
  const self = SELF_ASSESSMENT_ITEMS.map((item) => ({ item, score: 80, evidence: '台账' }));
  const rule = { version: 1, weights: { ...DEFAULT_EVALUATION_WEIGHTS } };

  it('weights self 20 / appraisal 40 / district 40, each round counting the same, and explains it', () => {
    const r = weightedScore(rule, {
      self,
      rounds: [
        { kind: 'EXTERNAL', scores: [90, 80] },
        { kind: 'INTERNAL', scores: [70] },
      ],
      district: 88,
    });
    expect(r.score).toBe(82.2);
    expect(r.components).toEqual({ SELF: 80, APPRAISAL: 77.5, DISTRICT: 88 });
    expect(r.explanation).toBe(
      '评价规则第 1 版：单位自评 80 × 20% + 内外部评议 77.5 × 40% + 区领导小组总体评价 88 × 40% = 82.2（评议：EXTERNAL 2 人均分 85，INTERNAL 1 人均分 70）',
    );
  });

  it('has no score while a weighted part is missing, and says which', () => {
    const r = weightedScore(rule, { self: null, rounds: [], district: 90 });
    expect(r.score).toBeNull();
    expect(r.missing).toEqual(['SELF', 'APPRAISAL']);
    expect(r.explanation).toContain('尚缺 单位自评、内外部评议');
  });

  it('stays within 0–100 for any scores and weights that add up to 100', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 100 }),
        (s, a, scores, d) => {
          const weights = { SELF: s, APPRAISAL: Math.min(a, 100 - s), DISTRICT: 100 - s - Math.min(a, 100 - s) };
          expect(validateEvaluationWeights(weights)).toEqual([]);
          const r = weightedScore(
            { version: 2, weights },
            { self, rounds: [{ kind: 'SERVICE_USER', scores }], district: d },
          );
          expect(r.score).not.toBeNull();
          expect(r.score!).toBeGreaterThanOrEqual(0);
          expect(r.score!).toBeLessThanOrEqual(100);
        },
      ),
    );
  });

  it('refuses weights that do not add up to 100 and a self-assessment missing a content, saying so in Chinese', () => {
    expect(validateEvaluationWeights({ SELF: 20, APPRAISAL: 40, DISTRICT: 30 })).toEqual([
      { field: 'weights', reason: 'must add up to 100, not 90', message: '各项权重之和须为 100，现为 90' },
    ]);
    expect(validateSelfAssessment(self.slice(1))).toEqual([
      {
        field: 'items',
        reason: 'must assess RISK_POINTS_FOUND (风险点查找) exactly once, not 0 times',
        message: '缺少“风险点查找”的自评',
      },
    ]);
    expect(validateSelfAssessment([...self, self[1]!])).toEqual([
      {
        field: 'items',
        reason: 'must assess MEASURES_CARRIED_OUT (防控措施落实) exactly once, not 2 times',
        message: '“防控措施落实”只能自评一次，现有 2 次',
      },
    ]);
  });

  it('R19 an invitation a round does not take names the evaluators it does take, in Chinese', () => {
    expect(wrongEvaluatorError('invitations[0].evaluatorKind', 'SERVICE_USER')).toEqual({
      field: 'invitations[0].evaluatorKind',
      reason: 'a SERVICE_USER round takes SERVICE_USER, PARENT',
      message: '这一轮评议只邀请服务对象、学生家长',
    });
  });
});
