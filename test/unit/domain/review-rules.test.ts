import {
  ROLE_LABELS,
  Role,
  UNIT_RISK_LIST_COLUMNS,
  assignmentReasonText,
  gradeOverrideNote,
  mayDecideStep,
  printedForm,
  riskListRow,
  submissionClosedReason,
  validateDecision,
  validateReviewChain,
  type DecisionInput,
  type PrintInput,
  type ReviewerRole,
  type RiskListEntry,
} from '@pirm/domain';

const form = { unitId: 's001', departmentId: 'd-1' };

describe('R09 issue 12.4: a decision is checked against the roster as it is now', () => {
  it('lets the step’s role, a role above it in the chain or the office decide, in the form’s scope only', () => {
    const chain: ReviewerRole[] = [Role.DEPARTMENT_HEAD, Role.UNIT_LEADING_GROUP, Role.DISCIPLINE_TEAM];
    expect(mayDecideStep([{ role: Role.DEPARTMENT_HEAD, unitId: 's001', departmentId: 'd-1' }], chain, form)).toBe(
      true,
    );
    expect(mayDecideStep([{ role: Role.DEPARTMENT_HEAD, unitId: 's001', departmentId: 'd-2' }], chain, form)).toBe(
      false,
    );
    expect(mayDecideStep([{ role: Role.UNIT_LEADING_GROUP, unitId: 's001' }], chain, form)).toBe(true);
    expect(mayDecideStep([{ role: Role.UNIT_LEADING_GROUP, unitId: 's002' }], chain, form)).toBe(false);
    expect(mayDecideStep([{ role: Role.DISCIPLINE_TEAM, unitId: null }], chain, form)).toBe(true);
    expect(mayDecideStep([{ role: Role.OFFICE_ADMIN, unitId: null }], chain, form)).toBe(true);
    // A head whose role a re-import removed keeps only what everybody has.
    expect(mayDecideStep([], chain, form)).toBe(false);
    expect(mayDecideStep([{ role: Role.UNIT_PRINCIPAL, unitId: 's001' }], chain, form)).toBe(false);
    // Above the step only: a department head does not decide the leading group's step.
    expect(
      mayDecideStep([{ role: Role.DEPARTMENT_HEAD, unitId: 's001', departmentId: 'd-1' }], chain.slice(1), form),
    ).toBe(false);
  });
});

describe('R13 R22 issue 12.5: forms go into review only while the unit’s screening is open', () => {
  const phases = (m: string, s: string) => [
    { phase: 'MOBILISATION' as const, status: m },
    { phase: 'SCREENING' as const, status: s },
  ];
  it('says which phase is open and what is missing', () => {
    expect(
      submissionClosedReason(
        's001',
        { phases: phases('IN_PROGRESS', 'NOT_STARTED'), missingMobilisation: ['MOBILISATION_MEETING'] },
        'DRAFT',
      ),
    ).toEqual({
      en: "Forms are submitted while unit s001's SCREENING (风险排查) phase is open: the unit is in MOBILISATION (动员学习); screening opens once its mobilisation is recorded, still missing: MOBILISATION_MEETING.",
      zh: '表单只能在风险排查阶段提交：该单位正处于动员学习阶段；动员部署记录齐全后才开始风险排查，还缺 1 项',
    });
    expect(submissionClosedReason('s001', { phases: [], missingMobilisation: ['WORKING_BODY'] }, 'DRAFT')?.en).toMatch(
      /has not started the campaign yet; .*WORKING_BODY/,
    );
    expect(
      submissionClosedReason('s001', { phases: phases('COMPLETE', 'COMPLETE'), missingMobilisation: [] }, 'DRAFT'),
    ).toMatchObject({
      en: expect.stringMatching(/screening is COMPLETE: .*redo order or correction round/),
      zh: expect.stringMatching(/风险排查已经结束，只有责令重新查找或修正时/),
    });
  });
  it('opens with screening, and for a returned form (a return, a redo order, a correction round) at any time', () => {
    expect(
      submissionClosedReason('s001', { phases: phases('COMPLETE', 'IN_PROGRESS'), missingMobilisation: [] }, 'DRAFT'),
    ).toBeNull();
    expect(
      submissionClosedReason('s001', { phases: phases('COMPLETE', 'COMPLETE'), missingMobilisation: [] }, 'RETURNED'),
    ).toBeNull();
  });
});

describe('R12 R23 issue 12.2: the grade override is printed beside the grade, with who set it and why', () => {
  const override = {
    grade: 'A' as const,
    reason: '负责招生录取',
    role: Role.DEPARTMENT_HEAD as ReviewerRole,
    setByName: '王五',
  };
  it('on the printed form and in the risk list', () => {
    const input: PrintInput = {
      formType: 'GENERAL_STAFF',
      unitName: '淄川一中',
      fields: {
        name: '张三',
        position: '教师',
        departmentName: '教务处',
        postDuties: '教学',
        workflowDescription: '备课',
        personInCharge: '张三',
        controlMeasures: '公开',
      },
      postGrade: 'A',
      gradeNote: gradeOverrideNote(override),
      riskPoints: [],
      chain: [Role.DEPARTMENT_HEAD],
      decisions: [],
    };
    expect(printedForm(input).postGrade.value).toBe('A（科室(年级组)负责人 王五 审核调整为 A：负责招生录取）');
    const entry: RiskListEntry = {
      departmentName: '教务处',
      postName: '教师',
      personName: '张三',
      position: '教师',
      formType: 'GENERAL_STAFF',
      majorMatter: null,
      description: '收礼',
      category: 'POST_DUTY',
      level: 'LEVEL_2',
      controlMeasures: '公开',
      responsiblePostName: null,
      postGrade: 'A',
      gradeNote: gradeOverrideNote(override),
      formStatus: 'APPROVED',
    };
    const row = riskListRow(1, entry);
    expect(row).toHaveLength(UNIT_RISK_LIST_COLUMNS.length);
    expect(row[UNIT_RISK_LIST_COLUMNS.findIndex((c) => c.header === '等级调整')]).toBe(
      '科室(年级组)负责人 王五 审核调整为 A：负责招生录取',
    );
  });
});

const CHINESE = /[\u4e00-\u9fff]/;

describe('R09 a review chain the office sets is refused in Chinese, problem by problem', () => {
  it('accepts one to five distinct reviewer roles', () => {
    expect(validateReviewChain([Role.DEPARTMENT_HEAD, Role.DISCIPLINE_TEAM])).toEqual([]);
  });

  it('says a chain of no steps or of more than five needs 1 to 5 levels', () => {
    const tooLong = [
      Role.DEPARTMENT_HEAD,
      Role.SUPERVISING_LEADER,
      Role.UNIT_LEADING_GROUP,
      Role.DISCIPLINE_TEAM,
      'X',
      'Y',
    ];
    for (const steps of [[], tooLong])
      expect(validateReviewChain(steps)[0]).toEqual({
        field: 'steps',
        reason: 'must have 1 to 5 steps',
        message: '须有 1 至 5 级',
      });
  });

  it('says a role that cannot review is not a reviewer role, and a repeated role repeats, naming it', () => {
    const errors = validateReviewChain([Role.DEPARTMENT_HEAD, Role.OFFICE_ADMIN, Role.DEPARTMENT_HEAD], 'chain');
    expect(errors).toEqual([
      {
        field: 'chain[1]',
        reason: 'must be one of DEPARTMENT_HEAD, SUPERVISING_LEADER, UNIT_LEADING_GROUP, DISCIPLINE_TEAM',
        message: '不是可选的审核角色',
      },
      {
        field: 'chain[2]',
        reason: 'repeats DEPARTMENT_HEAD',
        message: `与前面的步骤重复（${ROLE_LABELS[Role.DEPARTMENT_HEAD]}）`,
      },
    ]);
    for (const e of errors) expect(e.message).toMatch(CHINESE);
  });
});

describe('R09 R12 a reviewer’s decision is refused in Chinese, problem by problem', () => {
  const approve: DecisionInput = {
    decision: 'APPROVE',
    opinion: '同意',
    returnTo: null,
    levelChanges: [],
    gradeChange: null,
  };

  it('accepts an approval and a return with its opinion', () => {
    expect(validateDecision(approve, 1, 2)).toEqual([]);
    expect(validateDecision({ ...approve, decision: 'RETURN', opinion: '措施不具体', returnTo: 0 }, 1, 2)).toEqual([]);
  });

  it('gives each bad part of a decision its own Chinese message', () => {
    const errors = validateDecision(
      {
        decision: 'RETURN',
        opinion: ' ',
        returnTo: 3,
        levelChanges: [
          { ordinal: 1, level: 'LEVEL_1', reason: '影响大' },
          { ordinal: 1, level: 'LEVEL_9' as 'LEVEL_1', reason: '' },
          { ordinal: 7, level: 'LEVEL_2', reason: '可能性低' },
        ],
        gradeChange: { grade: 'D' as 'A', reason: '' },
      },
      2,
      2,
    );
    expect(errors).toEqual([
      { field: 'opinion', reason: 'is required when returning a form', message: '退回时须填写意见' },
      {
        field: 'returnTo',
        reason: 'must be a step before this one (0 to 1) or null for the submitter',
        message: '只能退回给填表人或此前的某一级审核',
      },
      {
        field: 'levelChanges[1].ordinal',
        reason: 'repeats risk point 1',
        message: '与前面的调整重复（第 1 个风险点）',
      },
      {
        field: 'levelChanges[1].level',
        reason: 'must be one of LEVEL_1, LEVEL_2, LEVEL_3',
        message: '须为一级、二级、三级之一',
      },
      { field: 'levelChanges[1].reason', reason: 'is required', message: '必填' },
      {
        field: 'levelChanges[2].ordinal',
        reason: 'must be a risk point of the form (1 to 2)',
        message: '须为本表的风险点（第 1 至 2 个）',
      },
      { field: 'gradeChange.grade', reason: 'must be A, B or C', message: '须为 A、B 或 C' },
      { field: 'gradeChange.reason', reason: 'is required', message: '必填' },
    ]);
  });

  it('tells the first step it can return only to the submitter, and an approval it returns to nobody', () => {
    expect(validateDecision({ ...approve, decision: 'RETURN', opinion: '不全', returnTo: 0 }, 0, 1)).toEqual([
      {
        field: 'returnTo',
        reason: 'the first step can only return to the submitter',
        message: '第一级审核只能退回给填表人',
      },
    ]);
    expect(validateDecision({ ...approve, returnTo: 0 }, 1, 1)).toEqual([
      { field: 'returnTo', reason: 'only goes with RETURN', message: '只有退回时才选择退回到哪一级' },
    ]);
    expect(validateDecision({ ...approve, decision: 'MAYBE' as 'APPROVE' }, 1, 1)).toEqual([
      { field: 'decision', reason: 'must be APPROVE or RETURN', message: '请选择通过或退回' },
    ]);
  });
});

describe('R09 why a task is the reviewer’s, in Chinese on the task', () => {
  it('names the step’s role in the unit', () => {
    expect(assignmentReasonText({ kind: 'STEP_ROLE', role: Role.DEPARTMENT_HEAD, unitId: 's001' })).toBe(
      '单位 s001 的科室(年级组)负责人',
    );
  });

  it('says who was left out and which level the step was passed up to', () => {
    const up = { kind: 'PASSED_UP', role: Role.DEPARTMENT_HEAD, to: Role.UNIT_LEADING_GROUP } as const;
    expect(assignmentReasonText({ ...up, earlierDecidersExcluded: false })).toBe(
      '除填表人外没有科室(年级组)负责人，已上交单位领导小组',
    );
    expect(assignmentReasonText({ ...up, earlierDecidersExcluded: true })).toBe(
      '除填表人及前序审核人外没有科室(年级组)负责人，已上交单位领导小组',
    );
  });

  it('names the office when no level had anyone, and marks a reassignment after a roster change', () => {
    const reason = { kind: 'TO_OFFICE', role: Role.UNIT_PRINCIPAL } as const;
    expect(assignmentReasonText(reason)).toBe(
      `没有其他人担任${ROLE_LABELS[Role.UNIT_PRINCIPAL]}，已转交${ROLE_LABELS[Role.OFFICE_ADMIN]}`,
    );
    expect(assignmentReasonText(reason, true)).toMatch(/，已转交.+（名册变更后重新分派）$/);
  });
});
