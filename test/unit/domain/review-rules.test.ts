import {
  Role,
  UNIT_RISK_LIST_COLUMNS,
  gradeOverrideNote,
  mayDecideStep,
  printedForm,
  riskListRow,
  submissionClosedReason,
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
    ).toBe(
      "Forms are submitted while unit s001's SCREENING (风险排查) phase is open: the unit is in MOBILISATION (动员学习); screening opens once its mobilisation is recorded, still missing: MOBILISATION_MEETING.",
    );
    expect(submissionClosedReason('s001', { phases: [], missingMobilisation: ['WORKING_BODY'] }, 'DRAFT')).toMatch(
      /has not started the campaign yet; .*WORKING_BODY/,
    );
    expect(
      submissionClosedReason('s001', { phases: phases('COMPLETE', 'COMPLETE'), missingMobilisation: [] }, 'DRAFT'),
    ).toMatch(/screening is COMPLETE: .*redo order or correction round/);
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
