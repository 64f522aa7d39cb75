import {
  DISTRICT_SUMMARY_COLUMNS,
  OPINION_LABELS,
  Role,
  districtSummaryRow,
  printedForm,
  type PrintInput,
} from '@pirm/domain';

const base: PrintInput = {
  formType: 'MIDDLE_MANAGER',
  unitName: '淄川一中',
  fields: {
    name: '王五',
    position: '教务处主任',
    departmentName: '教务处',
    postDuties: '教学管理',
    workflowDescription: '排课 → 考试',
    personInCharge: '王五',
    controlMeasures: '制度公开',
  },
  postGrade: 'B',
  gradeNote: null,
  riskPoints: [
    {
      description: '违规征订教辅',
      category: 'POST_DUTY',
      level: 'LEVEL_1',
      controlMeasures: '征订公示',
      majorMatter: null,
    },
  ],
  chain: [Role.SUPERVISING_LEADER, Role.UNIT_LEADING_GROUP, Role.DISCIPLINE_TEAM],
  decisions: [],
};

describe('R23 the printed form in the layout of its attachment', () => {
  it('has the attachment-3 fields in order, the risk table and one opinion box per level of the chain', () => {
    const f = printedForm(base);
    expect(f.title).toBe('局机关(学校、单位)中层领导廉政风险识别和防控表');
    expect(f.sealLabel).toBe('单位(盖章)：');
    expect(f.fields.map((x) => x.label)).toEqual(['科室', '负责人', '岗位职责', '工作流程']);
    expect(f.riskTable.columns).toEqual(['序号', '风险点', '风险类型', '风险级别', '自我防控措施']);
    expect(f.riskTable.rows).toEqual([['1', '违规征订教辅', '岗位职责', '一级', '征订公示']]);
    expect(f.opinions.map((o) => o.label)).toEqual([
      OPINION_LABELS.SUPERVISING_LEADER,
      '单位领导小组审查意见',
      '所在派驻纪检组、监察室审核意见',
    ]);
    expect(f.note).toBe('注：本表一式三份');
    expect(f.copyLabels).toEqual(['第一份', '第二份', '第三份']);
  });

  it('dates each decided level in China time with its reviewer, the latest decision of a step winning; undecided levels stay blank', () => {
    const f = printedForm({
      ...base,
      decisions: [
        { step: 0, opinion: '退回修改', reviewerName: '赵六', decidedAt: Date.parse('2026-05-10T02:00:00Z') },
        { step: 0, opinion: '同意', reviewerName: '赵六', decidedAt: Date.parse('2026-05-20T17:30:00Z') },
      ],
    });
    expect(f.opinions[0]).toEqual({
      label: '单位主管领导审查意见',
      opinion: '同意',
      reviewer: '赵六',
      date: '2026年5月21日',
    });
    expect(f.opinions[1]).toMatchObject({ opinion: '', reviewer: '', date: '年    月    日' });
  });

  it('prints 三重一大 for each risk point of a leadership form', () => {
    const f = printedForm({
      ...base,
      formType: 'LEADERSHIP',
      riskPoints: [{ ...base.riskPoints[0]!, majorMatter: 'LARGE_FUNDS' }],
      chain: [Role.UNIT_LEADING_GROUP, Role.DISCIPLINE_TEAM],
    });
    expect(f.fields.map((x) => x.label)).toEqual(['姓名', '职务', '岗位职责']);
    expect(f.riskTable.rows[0]!.slice(0, 3)).toEqual(['1', '大额度资金使用', '违规征订教辅']);
  });
});

describe('R21 the district summary row', () => {
  it('fills every column, zero where a unit has nothing of a kind', () => {
    const row = districtSummaryRow({
      unitId: 's001',
      unitName: '一中',
      people: 4,
      forms: 3,
      submitted: 2,
      approved: 1,
      byLevel: { LEVEL_1: 2 },
      byCategory: { POST_DUTY: 2 },
      byGrade: { A: 1 },
    });
    expect(row).toHaveLength(DISTRICT_SUMMARY_COLUMNS.length);
    expect(row).toEqual(['s001', '一中', 4, 3, 2, 1, '25%', 2, 0, 0, 0, 2, 0, 0, 1, 0, 0]);
  });
});
