import {
  Role,
  approvalShare,
  canReadUnitExecution,
  canRecordUnitExecution,
  validateCommitment,
  validateDutyReport,
  validateMeasureImplementation,
  validateUnitActivity,
  type UnitActivityInput,
} from '@pirm/domain';

const TODAY = '2027-06-20';

describe('R14 measures in place: the evidence is required', () => {
  it('names the field', () => {
    expect(validateMeasureImplementation({ inPlace: true, evidence: '制度上墙，台账齐全' })).toEqual([]);
    expect(validateMeasureImplementation({ inPlace: false, evidence: ' ' })).toEqual([
      { field: 'evidence', reason: 'must not be blank', message: '不能为空' },
    ]);
  });
});

describe('R15 public commitments: text, where, audiences and a date not in the future', () => {
  const ok = {
    text: '不收受家长礼品礼金',
    publishedWhere: '家长会',
    audiences: ['PARENTS', 'STUDENTS'],
    publishedOn: '2027-06-01',
  };

  it('accepts a complete commitment', () => {
    expect(validateCommitment(ok, TODAY)).toEqual([]);
  });

  it('names every bad field', () => {
    expect(
      validateCommitment(
        {
          text: '',
          publishedWhere: 'x'.repeat(201),
          audiences: ['PARENTS', 'ALIENS', 'PARENTS'],
          publishedOn: '2027-07-01',
        },
        TODAY,
      ),
    ).toEqual([
      { field: 'text', reason: 'must not be blank', message: '不能为空' },
      { field: 'publishedWhere', reason: 'must be at most 200 characters', message: '不能超过 200 个字' },
      { field: 'audiences[1]', reason: 'must be one of STUDENTS, PARENTS, STAFF, PUBLIC', message: '不是可选的值' },
      { field: 'audiences', reason: 'names an audience twice', message: '承诺对象不能重复' },
      { field: 'publishedOn', reason: `must not be after today (${TODAY})`, message: `不能晚于今天（${TODAY}）` },
    ]);
    expect(validateCommitment({ ...ok, audiences: [], publishedOn: '2027-02-30' }, TODAY)).toEqual([
      { field: 'audiences', reason: 'name at least one audience', message: '至少选择一个承诺对象' },
      { field: 'publishedOn', reason: 'must be a date YYYY-MM-DD', message: '须为“年-月-日”格式的日期' },
    ]);
  });
});

describe('R15 R16 unit activities: an inspection carries its circular, nothing else does', () => {
  const talk: UnitActivityInput = {
    kind: 'TALK',
    heldOn: '2027-06-10',
    summary: '校长与新任中层谈心谈话',
    participants: 6,
    evidence: '谈话记录',
  };

  it('accepts each kind', () => {
    expect(validateUnitActivity(talk, TODAY)).toEqual([]);
    expect(
      validateUnitActivity({ ...talk, kind: 'INSPECTION', circular: '关于教辅征订检查情况的通报' }, TODAY),
    ).toEqual([]);
  });

  it('R16 an inspection without its circular, or a circular on a talk, is refused by field', () => {
    expect(validateUnitActivity({ ...talk, kind: 'INSPECTION' }, TODAY)).toEqual([
      { field: 'circular', reason: 'is required', message: '必填' },
    ]);
    expect(validateUnitActivity({ ...talk, circular: '通报' }, TODAY)).toEqual([
      {
        field: 'circular',
        reason: 'only an inspection (INSPECTION) issues a circular',
        message: '只有不定期检查才填写通报',
      },
    ]);
  });

  it('names kind, date and participants', () => {
    expect(validateUnitActivity({ ...talk, kind: 'PARTY', heldOn: '2027-06-21', participants: 0 }, TODAY)).toEqual([
      {
        field: 'kind',
        reason:
          'must be one of INTEGRITY_EDUCATION, TALK, HEARING, AFFAIRS_OPENNESS, INTERNAL_CHECK, SELF_CHECK, PUBLIC_APPRAISAL, INSPECTION',
        message: '不是可选的值',
      },
      { field: 'heldOn', reason: `must not be after today (${TODAY})`, message: `不能晚于今天（${TODAY}）` },
      { field: 'participants', reason: 'must be a whole number from 1 to 100000', message: '须为 1 到 100000 的整数' },
    ]);
  });
});

describe('R15 duty reports: the appraisal is vote counts or a rating', () => {
  it('accepts votes, a rating, or both', () => {
    expect(validateDutyReport({ reportSummary: '述职述廉', votes: { GOOD: 30, FAIRLY_GOOD: 5 } })).toEqual([]);
    expect(validateDutyReport({ reportSummary: '述职述廉', rating: 'GOOD' })).toEqual([]);
  });

  it('names bad counts and ratings, and asks for one of the two', () => {
    expect(
      validateDutyReport({ reportSummary: '述职述廉', votes: { GOOD: -1, FAIRLY_GOOD: 1.5 }, rating: 'EXCELLENT' }),
    ).toEqual([
      { field: 'votes.good', reason: 'must be a whole number from 0 to 100000', message: '须为 0 到 100000 的整数' },
      {
        field: 'votes.fairlyGood',
        reason: 'must be a whole number from 0 to 100000',
        message: '须为 0 到 100000 的整数',
      },
      { field: 'rating', reason: 'must be one of GOOD, FAIRLY_GOOD, AVERAGE, POOR', message: '不是可选的值' },
    ]);
    expect(validateDutyReport({ reportSummary: '' })).toEqual([
      { field: 'reportSummary', reason: 'must not be blank', message: '不能为空' },
      {
        field: 'votes',
        reason: 'give the appraisal’s vote counts or its rating',
        message: '请填写民主测评的票数或测评结果',
      },
    ]);
    expect(validateDutyReport({ reportSummary: 'x', votes: { GOOD: 0 } })).toEqual([
      { field: 'votes', reason: 'at least one vote must be counted', message: '至少填写一项票数' },
    ]);
  });

  it('the approval share counts 好 and 较好', () => {
    expect(approvalShare({ GOOD: 30, FAIRLY_GOOD: 6, AVERAGE: 3, POOR: 1 })).toBe(0.9);
    expect(approvalShare({ GOOD: 0, FAIRLY_GOOD: 0, AVERAGE: 0, POOR: 0 })).toBeNull();
  });
});

describe('R14 R15 who records and reads a unit’s execution', () => {
  it('unit leaders and the office record; the discipline team reads; others neither', () => {
    expect(canRecordUnitExecution([{ role: Role.UNIT_PRINCIPAL, unitId: 's001' }], 's001')).toBe(true);
    expect(canRecordUnitExecution([{ role: Role.UNIT_LEADING_GROUP, unitId: 's002' }], 's001')).toBe(false);
    expect(canRecordUnitExecution([{ role: Role.OFFICE_ADMIN, unitId: null }], 's001')).toBe(true);
    expect(canRecordUnitExecution([{ role: Role.DISCIPLINE_TEAM, unitId: null }], 's001')).toBe(false);
    expect(canReadUnitExecution([{ role: Role.DISCIPLINE_TEAM, unitId: null }], 's001')).toBe(true);
    expect(canReadUnitExecution([{ role: Role.DEPARTMENT_HEAD, unitId: 's001' }], 's001')).toBe(false);
  });
});
