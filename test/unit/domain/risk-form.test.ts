import {
  Role,
  canViewForm,
  submissionProblems,
  validateRiskFormDraft,
  validateRiskPoint,
  type FormScope,
  type RiskFormFields,
  type RiskPointInput,
  diffSnapshots,
  snapshotOf,
} from '@pirm/domain';

const point = (over: Partial<RiskPointInput> = {}): RiskPointInput => ({
  description: '报销票据审核不严',
  category: 'BUSINESS_PROCESS',
  causes: ['BUSINESS_PROCESS'],
  likelihood: 2,
  harm: 3,
  findingMethod: 'SELF',
  direction: 'FORWARD',
  controlMeasures: '票据三审',
  ...over,
});

const fields: RiskFormFields = {
  position: '会计',
  departmentName: '总务处',
  postDuties: '财务核算',
  workflowDescription: '审核→入账',
  personInCharge: '张主任',
  controlMeasures: '严格执行财务制度',
};

describe('R07 R08 R11 risk point validation names each field', () => {
  it('accepts a complete point', () => {
    expect(validateRiskPoint(point(), 'GENERAL_STAFF', 'riskPoints[0]')).toEqual([]);
  });

  it('R11 backward analysis needs its source; forward analysis has none', () => {
    expect(validateRiskPoint(point({ direction: 'BACKWARD' }), 'GENERAL_STAFF', 'p')).toEqual([
      { field: 'p.backwardSource', reason: 'is required', message: '必填' },
    ]);
    expect(
      validateRiskPoint(point({ direction: 'BACKWARD', backwardSource: 'FINANCIAL_AUDIT' }), 'GENERAL_STAFF', 'p'),
    ).toEqual([]);
    expect(validateRiskPoint(point({ backwardSource: 'FINANCIAL_AUDIT' }), 'GENERAL_STAFF', 'p')).toEqual([
      { field: 'p.backwardSource', reason: 'only goes with BACKWARD analysis', message: '只有逆向查找时才填写来源' },
    ]);
  });

  it('R07 R08 rejects an unknown finding method and category, and causes without the category', () => {
    const bad = point({ findingMethod: 'RUMOUR' as never, category: 'OTHER' as never, causes: [] });
    expect(validateRiskPoint(bad, 'GENERAL_STAFF', 'p')).toEqual([
      {
        field: 'p.category',
        reason: 'must be one of IDEOLOGICAL_MORAL, POST_DUTY, BUSINESS_PROCESS, INSTITUTIONAL',
        message: '不是可选的值',
      },
      { field: 'p.causes', reason: 'must name at least one cause', message: '至少选择一项成因' },
      {
        field: 'p.findingMethod',
        reason: 'must be one of SELF, PUBLIC, MUTUAL, LEADER, ORGANISATION',
        message: '不是可选的值',
      },
    ]);
    expect(validateRiskPoint(point({ causes: ['POST_DUTY'] }), 'GENERAL_STAFF', 'p')).toEqual([
      {
        field: 'p.causes',
        reason: "must include the risk's own category BUSINESS_PROCESS",
        message: '成因须包含风险本身的类别（业务流程）',
      },
    ]);
  });

  it('R12 a proposed level needs a reason, and a reason needs a proposed level', () => {
    expect(validateRiskPoint(point({ proposedLevel: 'LEVEL_3' }), 'GENERAL_STAFF', 'p')).toEqual([
      { field: 'p.proposedLevelReason', reason: 'is required', message: '必填' },
    ]);
    expect(validateRiskPoint(point({ proposedLevelReason: '影响小' }), 'GENERAL_STAFF', 'p')).toEqual([
      {
        field: 'p.proposedLevelReason',
        reason: 'only goes with a proposedLevel',
        message: '只有建议调整等级时才填写理由',
      },
    ]);
  });

  it('rejects blank and oversize text', () => {
    expect(
      validateRiskPoint(point({ description: '  ', controlMeasures: 'x'.repeat(2001) }), 'GENERAL_STAFF', 'p'),
    ).toEqual([
      { field: 'p.description', reason: 'must not be blank', message: '不能为空' },
      { field: 'p.controlMeasures', reason: 'must be at most 2000 characters', message: '不能超过 2000 个字' },
    ]);
  });
});

describe('R09 a draft may be partial; fields follow the form type (attachments 2–4)', () => {
  it('refuses a field the form type does not have', () => {
    expect(validateRiskFormDraft('LEADERSHIP', { workflowDescription: 'x' })).toEqual([
      {
        field: 'workflowDescription',
        reason: 'is not a field of the 领导班子成员廉政风险识别防控表',
        message: '不是领导班子成员廉政风险识别防控表的栏目',
      },
    ]);
    expect(validateRiskFormDraft('MIDDLE_MANAGER', { workflowDescription: 'x', personInCharge: '' })).toEqual([]);
  });

  it('caps the number of risk points', () => {
    expect(
      validateRiskFormDraft(
        'GENERAL_STAFF',
        {},
        Array.from({ length: 51 }, () => point()),
      ),
    ).toEqual([{ field: 'riskPoints', reason: 'must have at most 50 risk points', message: '风险点不能超过 50 个' }]);
  });

  it('R14 submission needs the type’s fields, a risk point, and a measure for every point', () => {
    expect(
      submissionProblems('MIDDLE_MANAGER', { ...fields, personInCharge: ' ' }, [point({ controlMeasures: '' })]),
    ).toEqual([
      { field: 'personInCharge', reason: '负责人 must be filled in', message: '尚未填写' },
      {
        field: 'riskPoints[0].controlMeasures',
        reason: 'every risk point needs a prevention measure',
        message: '每个风险点都须有防控措施',
      },
    ]);
    expect(submissionProblems('GENERAL_STAFF', fields, [])).toEqual([
      { field: 'riskPoints', reason: 'at least one risk point is required', message: '至少填写一个风险点' },
    ]);
    expect(submissionProblems('GENERAL_STAFF', fields, [point()])).toEqual([]);
  });

  it('R09 leadership forms must cover all of 三重一大', () => {
    const covered = (['MAJOR_DECISIONS', 'IMPORTANT_APPOINTMENTS', 'MAJOR_PROJECTS'] as const).map((m) =>
      point({ majorMatter: m }),
    );
    expect(submissionProblems('LEADERSHIP', fields, covered)).toEqual([
      {
        field: 'riskPoints',
        reason: 'must cover 三重一大: 大额度资金使用',
        message: '须覆盖“三重一大”：大额度资金使用',
      },
    ]);
    expect(submissionProblems('LEADERSHIP', fields, [...covered, point({ majorMatter: 'LARGE_FUNDS' })])).toEqual([]);
    expect(validateRiskPoint(point({ majorMatter: 'LARGE_FUNDS' }), 'GENERAL_STAFF', 'p')).toEqual([
      {
        field: 'p.majorMatter',
        reason: '三重一大 applies to LEADERSHIP forms only',
        message: '“三重一大”仅适用于领导班子成员的表',
      },
    ]);
  });
});

describe('R09 who may see a form: its owner and its review chain', () => {
  const form: FormScope = { ownerPersonId: 'owner', unitId: 'u1', departmentId: 'd1', formType: 'GENERAL_STAFF' };
  const can = (grants: Parameters<typeof canViewForm>[1], f = form) => canViewForm('someone', grants, f);

  it('lets the owner, the office, the unit leading group, the principal and the discipline team of the unit see it', () => {
    expect(canViewForm('owner', [], form)).toBe(true);
    expect(can([{ role: Role.OFFICE_ADMIN, unitId: null }])).toBe(true);
    expect(can([{ role: Role.UNIT_LEADING_GROUP, unitId: 'u1' }])).toBe(true);
    expect(can([{ role: Role.UNIT_PRINCIPAL, unitId: 'u1' }])).toBe(true);
    expect(can([{ role: Role.DISCIPLINE_TEAM, unitId: 'u1' }])).toBe(true);
    expect(can([{ role: Role.DISCIPLINE_TEAM, unitId: null }])).toBe(true);
  });

  it('scopes department roles to the department and the form type of their chain step', () => {
    expect(can([{ role: Role.DEPARTMENT_HEAD, unitId: 'u1', departmentId: 'd1' }])).toBe(true);
    expect(can([{ role: Role.DEPARTMENT_HEAD, unitId: 'u1', departmentId: 'd2' }])).toBe(false);
    expect(can([{ role: Role.SUPERVISING_LEADER, unitId: 'u1', departmentId: 'd1' }])).toBe(false);
    expect(
      can([{ role: Role.SUPERVISING_LEADER, unitId: 'u1', departmentId: 'd1' }], {
        ...form,
        formType: 'MIDDLE_MANAGER',
      }),
    ).toBe(true);
    expect(
      can([{ role: Role.DEPARTMENT_HEAD, unitId: 'u1', departmentId: 'd1' }], { ...form, formType: 'MIDDLE_MANAGER' }),
    ).toBe(false);
  });

  it('denies everyone else, including the same roles in another unit', () => {
    expect(can([])).toBe(false);
    expect(can([{ role: Role.UNIT_LEADING_GROUP, unitId: 'u2' }])).toBe(false);
    expect(can([{ role: Role.DISCIPLINE_TEAM, unitId: 'u2' }])).toBe(false);
    expect(can([{ role: Role.OFFICE_ADMIN, unitId: 'u2' }])).toBe(false);
  });
});

describe('R09 what changed between submission rounds', () => {
  const fields = {
    position: '会计',
    departmentName: '财务室',
    postDuties: '核算',
    workflowDescription: '审核 → 入账',
    personInCharge: '',
    controlMeasures: '自查',
  };
  const p = point({});

  it('a snapshot keeps the compared fields only (no ids, ordinals or computed levels)', () => {
    const snap = snapshotOf({
      ...fields,
      id: 'f1',
      riskPoints: [{ ...p, id: 'x', ordinal: 1, level: 'LEVEL_1' } as never],
    } as never);
    expect(Object.keys(snap.fields).sort()).toEqual(Object.keys(fields).sort());
    expect(Object.keys(snap.riskPoints[0]!).sort()).toEqual(
      [
        'description',
        'category',
        'causes',
        'likelihood',
        'harm',
        'findingMethod',
        'direction',
        'controlMeasures',
        'majorMatter',
      ].sort(),
    );
  });

  it('names each changed field and each added or removed point', () => {
    const before = snapshotOf({ ...fields, riskPoints: [p] });
    const after = snapshotOf({
      ...fields,
      controlMeasures: '自查，互查',
      riskPoints: [{ ...p, harm: 1 }, point({ description: '新增' })],
    });
    expect(diffSnapshots(before, after)).toEqual([
      { field: 'controlMeasures', before: '自查', after: '自查，互查' },
      { field: 'riskPoints[0].harm', before: '3', after: '1' },
      { field: 'riskPoints[1]', before: null, after: '新增' },
    ]);
    expect(diffSnapshots(after, after)).toEqual([]);
  });
});
