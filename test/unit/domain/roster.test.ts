import {
  MAX_ROSTER_ROWS,
  ROSTER_COLUMNS,
  Role,
  parseRoster as parseRosterWithMessages,
  rosterAccess,
  rosterReadScope,
  type Roster,
} from '@pirm/domain';

type Cells = Partial<Record<(typeof ROSTER_COLUMNS)[number]['alias'], string>>;

const HEADERS = ROSTER_COLUMNS.map((c) => c.header);
const line = (cells: Cells): string[] => ROSTER_COLUMNS.map((c) => cells[c.alias] ?? '');
const file = (...rows: Cells[]): string[][] => [HEADERS, ...rows.map(line)];

const JTJ: Cells = { unitCode: 'JTJ', unitName: '区教体局', unitKind: '局机关' };
const S1: Cells = { unitCode: 'school-1', unitName: '第一中学', unitKind: '学校' };
const S2: Cells = { unitCode: 'school-2', unitName: '第二小学', unitKind: 'school' };
/** A valid 班主任 row of school-1; tests add the person and what they are about. */
const base: Cells = { ...S1, postCode: 'BZR', postName: '班主任', postType: '班主任', formType: '一般工作人员' };
const person = (code: string, more: Cells = {}): Cells => ({ ...base, personCode: code, name: `名${code}`, ...more });

/**
 * The cases below compare the English `reason` (what scripts read); the Chinese `message` beside it is checked once,
 * in "names every problem in Chinese for the office".
 */
function parseRoster(rows: string[][]): ReturnType<typeof parseRosterWithMessages> {
  const parsed = parseRosterWithMessages(rows);
  return { ...parsed, errors: parsed.errors.map(({ message: _message, ...e }) => e) as typeof parsed.errors };
}

const CODE_REASON = 'must start with a letter or digit and contain only letters, digits, _ . -';

/** Rows 2–13 of a district roster: the bureau with its leading group and office, two schools; row 10 is blank. */
const DISTRICT: string[][] = [
  HEADERS,
  line({
    ...JTJ,
    postCode: 'JZ',
    postName: '局长',
    postType: '局长',
    formType: '领导班子成员',
    postDuties: '主持全面工作',
    postPowers: '检查、审批',
    processSteps: '受理→审核→决定',
    personCode: 'P001',
    name: '张三',
    position: '局长',
    roles: '单位主要负责人',
    leadingGroup: '全区',
    leadingGroupRole: '组长',
    leadingGroupTitle: '区教体局局长、党委书记',
  }),
  line({
    ...JTJ,
    departmentCode: 'CW',
    departmentName: '财务科',
    departmentKind: '科室',
    postCode: 'CW01',
    postName: '会计',
    postType: '财务',
    formType: '一般工作人员',
    postPowers: '其他',
    personCode: 'P002',
    name: '李四',
    roles: '科室（年级组）负责人',
  }),
  line({
    ...JTJ,
    departmentCode: 'BGS',
    departmentName: '办公室',
    postCode: 'BGS01',
    postName: '办公室主任',
    postType: '综合',
    formType: '中层领导',
    personCode: 'P003',
    name: '王五',
    position: '办公室主任',
    roles: '领导小组办公室、科室(年级组)负责人',
    leadingGroup: '全区',
    leadingGroupRole: '办公室主任',
    leadingGroupTitle: '局办公室主任',
  }),
  line({
    ...JTJ,
    postCode: 'FJZ',
    postName: '副局长',
    postType: '副局长',
    formType: 'LEADERSHIP',
    personCode: 'P004',
    name: '赵六',
    position: '副局长',
    roles: '分管领导',
    supervisedDepartments: 'CW，BGS',
    leadingGroup: 'DISTRICT',
    leadingGroupRole: 'deputy',
    leadingGroupTitle: '区教体局副局长',
  }),
  line({
    ...JTJ,
    departmentCode: 'JJZ',
    departmentName: '派驻纪检组',
    postCode: 'JJ01',
    postName: '纪检员',
    postType: '纪检',
    formType: '一般工作人员',
    personCode: 'P005',
    name: '钱七',
    roles: '派驻纪检组、监察室',
    coveredUnits: 'school-2、school-1',
    leadingGroup: '全区',
    leadingGroupRole: '成员',
  }),
  line({
    ...S1,
    departmentCode: 'G7',
    departmentName: '七年级组',
    departmentKind: '年级组',
    postCode: 'BZR',
    postName: '班主任',
    postType: '班主任',
    formType: '一般工作人员',
    postDuties: '班级管理',
    postPowers: '处置|检查',
    processSteps: '家访；评优',
    personCode: 'P102',
    name: '周八',
    roles: 'DEPARTMENT_HEAD',
  }),
  // Same department and post: empty optional cells inherit.
  line({
    ...S1,
    departmentCode: 'G7',
    departmentName: '七年级组',
    postCode: 'BZR',
    postName: '班主任',
    postType: '班主任',
    formType: '一般工作人员',
    personCode: 'P101',
    name: '吴九',
  }),
  ['', '  ', '', '\t'],
  line({
    ...S1,
    postCode: 'XZ',
    postName: '校长',
    postType: '校长',
    formType: '领导班子成员',
    personCode: 'P100',
    name: '郑十',
    position: '校长',
    roles: '单位主要负责人|单位领导小组',
    leadingGroup: '本单位',
    leadingGroupRole: '组长',
  }),
  line({
    ...S2,
    postCode: 'JJY',
    postName: '纪检委员',
    postType: '纪检',
    formType: 'general_staff',
    personCode: 'P200',
    name: '冯十一',
    roles: 'DISCIPLINE_TEAM',
    leadingGroup: 'UNIT',
    leadingGroupRole: 'member',
  }),
  line({
    ...JTJ,
    departmentCode: 'BGS',
    departmentName: '办公室',
    postCode: 'BGS02',
    postName: '文员',
    postType: '综合',
    formType: '一般工作人员',
    personCode: 'P006',
    name: '孙十二',
    roles: 'OFFICE_ADMIN',
    leadingGroup: '全区',
    leadingGroupRole: '办公室成员',
  }),
];

const EXPECTED_DISTRICT: Roster = {
  units: [
    { code: 'JTJ', name: '区教体局', kind: 'BUREAU' },
    { code: 'school-1', name: '第一中学', kind: 'SCHOOL' },
    { code: 'school-2', name: '第二小学', kind: 'SCHOOL' },
  ],
  departments: [
    { unitCode: 'JTJ', code: 'BGS', name: '办公室', kind: 'DEPARTMENT', headPersonCode: 'P003' },
    { unitCode: 'JTJ', code: 'CW', name: '财务科', kind: 'DEPARTMENT', headPersonCode: 'P002' },
    { unitCode: 'JTJ', code: 'JJZ', name: '派驻纪检组', kind: 'DEPARTMENT', headPersonCode: null },
    { unitCode: 'school-1', code: 'G7', name: '七年级组', kind: 'GRADE_GROUP', headPersonCode: 'P102' },
  ],
  posts: [
    {
      unitCode: 'JTJ',
      code: 'BGS01',
      name: '办公室主任',
      postType: '综合',
      formType: 'MIDDLE_MANAGER',
      duties: '',
      powers: [],
      processSteps: [],
      departmentCode: 'BGS',
    },
    {
      unitCode: 'JTJ',
      code: 'BGS02',
      name: '文员',
      postType: '综合',
      formType: 'GENERAL_STAFF',
      duties: '',
      powers: [],
      processSteps: [],
      departmentCode: 'BGS',
    },
    {
      unitCode: 'JTJ',
      code: 'CW01',
      name: '会计',
      postType: '财务',
      formType: 'GENERAL_STAFF',
      duties: '',
      powers: ['OTHER'],
      processSteps: [],
      departmentCode: 'CW',
    },
    {
      unitCode: 'JTJ',
      code: 'FJZ',
      name: '副局长',
      postType: '副局长',
      formType: 'LEADERSHIP',
      duties: '',
      powers: [],
      processSteps: [],
      departmentCode: null,
    },
    {
      unitCode: 'JTJ',
      code: 'JJ01',
      name: '纪检员',
      postType: '纪检',
      formType: 'GENERAL_STAFF',
      duties: '',
      powers: [],
      processSteps: [],
      departmentCode: 'JJZ',
    },
    {
      unitCode: 'JTJ',
      code: 'JZ',
      name: '局长',
      postType: '局长',
      formType: 'LEADERSHIP',
      duties: '主持全面工作',
      powers: ['APPROVAL', 'INSPECTION'],
      processSteps: ['受理', '审核', '决定'],
      departmentCode: null,
    },
    {
      unitCode: 'school-1',
      code: 'BZR',
      name: '班主任',
      postType: '班主任',
      formType: 'GENERAL_STAFF',
      duties: '班级管理',
      powers: ['INSPECTION', 'DISPOSAL'],
      processSteps: ['家访', '评优'],
      departmentCode: 'G7',
    },
    {
      unitCode: 'school-1',
      code: 'XZ',
      name: '校长',
      postType: '校长',
      formType: 'LEADERSHIP',
      duties: '',
      powers: [],
      processSteps: [],
      departmentCode: null,
    },
    {
      unitCode: 'school-2',
      code: 'JJY',
      name: '纪检委员',
      postType: '纪检',
      formType: 'GENERAL_STAFF',
      duties: '',
      powers: [],
      processSteps: [],
      departmentCode: null,
    },
  ],
  people: [
    {
      code: 'P001',
      name: '张三',
      position: '局长',
      unitCode: 'JTJ',
      departmentCode: null,
      postCode: 'JZ',
      roles: [{ role: Role.UNIT_PRINCIPAL, unitCode: 'JTJ', departmentCode: null }],
    },
    {
      code: 'P002',
      name: '李四',
      position: '',
      unitCode: 'JTJ',
      departmentCode: 'CW',
      postCode: 'CW01',
      roles: [{ role: Role.DEPARTMENT_HEAD, unitCode: 'JTJ', departmentCode: 'CW' }],
    },
    {
      code: 'P003',
      name: '王五',
      position: '办公室主任',
      unitCode: 'JTJ',
      departmentCode: 'BGS',
      postCode: 'BGS01',
      roles: [
        { role: Role.OFFICE_ADMIN, unitCode: null, departmentCode: null },
        { role: Role.DEPARTMENT_HEAD, unitCode: 'JTJ', departmentCode: 'BGS' },
      ],
    },
    {
      code: 'P004',
      name: '赵六',
      position: '副局长',
      unitCode: 'JTJ',
      departmentCode: null,
      postCode: 'FJZ',
      roles: [
        { role: Role.SUPERVISING_LEADER, unitCode: 'JTJ', departmentCode: 'BGS' },
        { role: Role.SUPERVISING_LEADER, unitCode: 'JTJ', departmentCode: 'CW' },
      ],
    },
    {
      code: 'P005',
      name: '钱七',
      position: '',
      unitCode: 'JTJ',
      departmentCode: 'JJZ',
      postCode: 'JJ01',
      roles: [
        { role: Role.DISCIPLINE_TEAM, unitCode: 'school-1', departmentCode: null },
        { role: Role.DISCIPLINE_TEAM, unitCode: 'school-2', departmentCode: null },
      ],
    },
    {
      code: 'P006',
      name: '孙十二',
      position: '',
      unitCode: 'JTJ',
      departmentCode: 'BGS',
      postCode: 'BGS02',
      roles: [{ role: Role.OFFICE_ADMIN, unitCode: null, departmentCode: null }],
    },
    {
      code: 'P100',
      name: '郑十',
      position: '校长',
      unitCode: 'school-1',
      departmentCode: null,
      postCode: 'XZ',
      roles: [
        { role: Role.UNIT_LEADING_GROUP, unitCode: 'school-1', departmentCode: null },
        { role: Role.UNIT_PRINCIPAL, unitCode: 'school-1', departmentCode: null },
      ],
    },
    {
      code: 'P101',
      name: '吴九',
      position: '',
      unitCode: 'school-1',
      departmentCode: 'G7',
      postCode: 'BZR',
      roles: [],
    },
    {
      code: 'P102',
      name: '周八',
      position: '',
      unitCode: 'school-1',
      departmentCode: 'G7',
      postCode: 'BZR',
      roles: [{ role: Role.DEPARTMENT_HEAD, unitCode: 'school-1', departmentCode: 'G7' }],
    },
    {
      code: 'P200',
      name: '冯十一',
      position: '',
      unitCode: 'school-2',
      departmentCode: null,
      postCode: 'JJY',
      roles: [{ role: Role.DISCIPLINE_TEAM, unitCode: 'school-2', departmentCode: null }],
    },
  ],
  leadingGroupMembers: [
    { scope: 'DISTRICT', personCode: 'P001', role: 'LEADER', title: '区教体局局长、党委书记' },
    { scope: 'DISTRICT', personCode: 'P004', role: 'DEPUTY', title: '区教体局副局长' },
    { scope: 'DISTRICT', personCode: 'P005', role: 'MEMBER', title: '' },
    { scope: 'DISTRICT', personCode: 'P003', role: 'OFFICE_DIRECTOR', title: '局办公室主任' },
    { scope: 'DISTRICT', personCode: 'P006', role: 'OFFICE_MEMBER', title: '' },
    { scope: { unitCode: 'school-1' }, personCode: 'P100', role: 'LEADER', title: '' },
    { scope: { unitCode: 'school-2' }, personCode: 'P200', role: 'MEMBER', title: '' },
  ],
};

/** The file has the contact columns (issue 18) with empty cells: every person's contacts are null (none). */
const withEmptyContacts = (r: typeof EXPECTED_DISTRICT) => ({
  ...r,
  people: r.people.map((p) => ({ ...p, email: null, mobile: null })),
});

describe('R01 roster import: every unit, department, post and person of the district', () => {
  it('normalises a valid multi-unit roster: units, departments with heads, posts, people with role grants', () => {
    const { roster, errors } = parseRoster(DISTRICT);
    expect(errors).toEqual([]);
    expect(roster).toEqual(withEmptyContacts(EXPECTED_DISTRICT));
  });

  it('is deterministic: the same rows in another order give identical data', () => {
    const [header, ...data] = DISTRICT;
    const again = parseRoster([header!, ...[...data].reverse()]);
    expect(again.errors).toEqual([]);
    expect(JSON.stringify(again.roster)).toBe(JSON.stringify(parseRoster(DISTRICT).roster));
  });

  it('accepts the English aliases in any case and any column order', () => {
    const order = [...ROSTER_COLUMNS.keys()].reverse();
    const english = DISTRICT.map((row, r) =>
      order.map((i) =>
        r === 0 ? (i % 2 === 0 ? ROSTER_COLUMNS[i]!.alias.toUpperCase() : ROSTER_COLUMNS[i]!.alias) : (row[i] ?? ''),
      ),
    );
    expect(english[0]!.slice(0, 3)).toEqual(['mobile', 'EMAIL', 'leadingGroupTitle']);
    expect(parseRoster(english)).toEqual({ roster: withEmptyContacts(EXPECTED_DISTRICT), errors: [] });
  });

  it('needs only the required columns; a trailing * on a header is allowed', () => {
    const required = ROSTER_COLUMNS.filter((c) => c.required);
    const rows = [
      required.map((c, i) => (i < 2 ? `${c.header}*` : c.header)),
      required.map((c) => person('P1')[c.alias] ?? ''),
    ];
    expect(parseRoster(rows)).toEqual({
      roster: {
        units: [{ code: 'school-1', name: '第一中学', kind: 'SCHOOL' }],
        departments: [],
        posts: [
          {
            unitCode: 'school-1',
            code: 'BZR',
            name: '班主任',
            postType: '班主任',
            formType: 'GENERAL_STAFF',
            duties: '',
            powers: [],
            processSteps: [],
            departmentCode: null,
          },
        ],
        people: [
          {
            code: 'P1',
            name: '名P1',
            position: '',
            unitCode: 'school-1',
            departmentCode: null,
            postCode: 'BZR',
            roles: [],
          },
        ],
        leadingGroupMembers: [],
      },
      errors: [],
    });
  });

  it('grants OFFICE_ADMIN per covered unit, DISCIPLINE_TEAM district-wide for 全区 or *, and drops repeated roles', () => {
    const { roster, errors } = parseRoster(
      file(
        person('P1', { roles: 'OFFICE_ADMIN', coveredUnits: 'school-2；school-1' }),
        person('P2', { roles: 'DISCIPLINE_TEAM', coveredUnits: '*' }),
        person('P3', { ...S2, roles: '派驻纪检组、监察室, 领导小组办公室', coveredUnits: '全区' }),
        person('P4', { ...S2, roles: '单位领导小组，unit_leading_group' }),
      ),
    );
    expect(errors).toEqual([]);
    expect(roster.people.map((p) => [p.code, p.roles])).toEqual([
      [
        'P1',
        [
          { role: Role.OFFICE_ADMIN, unitCode: 'school-1', departmentCode: null },
          { role: Role.OFFICE_ADMIN, unitCode: 'school-2', departmentCode: null },
        ],
      ],
      ['P2', [{ role: Role.DISCIPLINE_TEAM, unitCode: null, departmentCode: null }]],
      [
        'P3',
        [
          { role: Role.OFFICE_ADMIN, unitCode: null, departmentCode: null },
          { role: Role.DISCIPLINE_TEAM, unitCode: null, departmentCode: null },
        ],
      ],
      ['P4', [{ role: Role.UNIT_LEADING_GROUP, unitCode: 'school-2', departmentCode: null }]],
    ]);
  });

  it('skips blank rows but keeps the file’s row numbers', () => {
    const rows = [HEADERS, [], line(person('P1')), ['', ' ', '\t'], line(person('P2', { name: '' }))];
    const { roster, errors } = parseRoster(rows);
    expect(errors).toEqual([{ row: 5, column: '姓名', reason: 'is required' }]);
    expect(roster.people.map((p) => p.code)).toEqual(['P1', 'P2']);
  });

  it('R01 R02 names every problem in Chinese for the office', () => {
    const messages = (rows: string[][]) =>
      parseRosterWithMessages(rows).errors.map((e) => `${e.row} ${e.column}：${e.message}`);
    expect(
      messages(
        file(
          person('P1', { unitKind: '大学', name: '' }),
          person('P1', { unitName: '第一小学', roles: '科室(年级组)负责人', supervisedDepartments: 'G7' }),
        ),
      ),
    ).toEqual([
      '2 单位类型：须为以下之一：局机关、学校、直属单位',
      '2 姓名：必填',
      '3 单位名称：单位 school-1 与第 2 行的填写不一致',
      '3 工号：工号 P1 已在第 2 行出现',
      '3 角色：科室(年级组)负责人须填写所在科室（科室编码）',
      '3 分管科室：仅角色为分管领导时填写',
    ]);
    expect(messages([])).toEqual(['1 ：文件没有表头行']);
    // Whatever the problem, the office reads it in Chinese.
    const all = parseRosterWithMessages(
      file(person('bad code!', { postPowers: '收费', leadingGroupRole: '组长', coveredUnits: 'nowhere', email: 'x' }), {
        departmentName: '七年级组',
      }),
    ).errors;
    expect(all.length).toBeGreaterThan(5);
    for (const e of all) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('requires the required cells', () => {
    expect(
      parseRoster(file({ ...base, unitName: '', postType: '', formType: '', personCode: '', name: '吴九' })).errors,
    ).toEqual([
      { row: 2, column: '单位名称', reason: 'is required' },
      { row: 2, column: '岗位类别', reason: 'is required' },
      { row: 2, column: '填表类型', reason: 'is required' },
      { row: 2, column: '工号', reason: 'is required' },
    ]);
  });

  it('rejects values outside the enumerations, listing the allowed ones', () => {
    const row = person('P1', {
      unitKind: '大学',
      departmentCode: 'G7',
      departmentName: '七年级组',
      departmentKind: '教研组',
      formType: '校级领导',
      postPowers: '审批、收费、罚款',
      roles: '校长, OFFICE_ADMIN',
      leadingGroup: '全市',
      leadingGroupRole: '秘书',
    });
    expect(parseRoster(file(row)).errors).toEqual([
      { row: 2, column: '单位类型', reason: 'must be one of 局机关, 学校, 直属单位 (or BUREAU, SCHOOL, OTHER)' },
      { row: 2, column: '科室类型', reason: 'must be one of 科室, 年级组 (or DEPARTMENT, GRADE_GROUP)' },
      {
        row: 2,
        column: '填表类型',
        reason: 'must be one of 领导班子成员, 中层领导, 一般工作人员 (or LEADERSHIP, MIDDLE_MANAGER, GENERAL_STAFF)',
      },
      {
        row: 2,
        column: '岗位权力',
        reason: "'收费' is not one of 审批, 检查, 处置, 其他 (or APPROVAL, INSPECTION, DISPOSAL, OTHER)",
      },
      {
        row: 2,
        column: '岗位权力',
        reason: "'罚款' is not one of 审批, 检查, 处置, 其他 (or APPROVAL, INSPECTION, DISPOSAL, OTHER)",
      },
      {
        row: 2,
        column: '角色',
        reason:
          "'校长' is not one of 领导小组办公室, 科室(年级组)负责人, 分管领导, 单位领导小组, 派驻纪检组、监察室, 单位主要负责人 " +
          '(or OFFICE_ADMIN, DEPARTMENT_HEAD, SUPERVISING_LEADER, UNIT_LEADING_GROUP, DISCIPLINE_TEAM, UNIT_PRINCIPAL)',
      },
      { row: 2, column: '领导小组', reason: 'must be one of 全区, 本单位 (or DISTRICT, UNIT)' },
      {
        row: 2,
        column: '领导小组职务',
        reason:
          "'秘书' is not one of 组长, 副组长, 成员, 办公室主任, 办公室成员 (or LEADER, DEPUTY, MEMBER, OFFICE_DIRECTOR, OFFICE_MEMBER)",
      },
    ]);
  });

  it('limits lengths (codes 64, names 100, free text 2000) and the code format', () => {
    const bad = person('工01', {
      unitCode: 'school 1',
      departmentCode: 'D'.repeat(65),
      departmentName: '组',
      postCode: '-x',
      postDuties: '职'.repeat(2001),
      name: '名'.repeat(101),
    });
    const longest = person('P'.repeat(64), {
      name: '名'.repeat(100),
      postDuties: '职'.repeat(2000),
      departmentCode: 'a.b_c-1',
      departmentName: '组',
    });
    expect(parseRoster(file(bad, longest)).errors).toEqual([
      { row: 2, column: '单位编码', reason: CODE_REASON },
      { row: 2, column: '科室编码', reason: 'must be at most 64 characters' },
      { row: 2, column: '岗位编码', reason: CODE_REASON },
      { row: 2, column: '岗位职责', reason: 'must be at most 2000 characters' },
      { row: 2, column: '工号', reason: CODE_REASON },
      { row: 2, column: '姓名', reason: 'must be at most 100 characters' },
    ]);
  });

  it('allows a person code only once', () => {
    const { roster, errors } = parseRoster(file(person('P1'), person('P2'), person('P1', { name: '又一个' })));
    expect(errors).toEqual([{ row: 4, column: '工号', reason: '工号 P1 already appears in row 2' }]);
    expect(roster.people.map((p) => [p.code, p.name])).toEqual([
      ['P1', '名P1'],
      ['P2', '名P2'],
    ]);
  });

  it('rejects a unit, department or post defined differently on a later row; empty optional post cells inherit', () => {
    const g7: Cells = { departmentCode: 'G7', departmentName: '七年级组' };
    const { roster, errors } = parseRoster(
      file(
        person('P1', {
          ...g7,
          departmentKind: '年级组',
          postDuties: '班级管理',
          postPowers: '检查',
          processSteps: '家访',
        }),
        person('P2', { ...g7, unitName: '一中', departmentName: '七年级' }),
        person('P3', {
          ...g7,
          unitKind: '直属单位',
          departmentKind: '科室',
          postName: '班主任（兼）',
          formType: '中层领导',
          postPowers: '审批',
          processSteps: '家访→评优',
        }),
        person('P4', { ...S2, postName: '班主任2' }),
      ),
    );
    const post = '岗位 BZR of unit school-1 was defined differently in row 2';
    expect(errors).toEqual([
      { row: 3, column: '单位名称', reason: '单位 school-1 was defined differently in row 2' },
      { row: 3, column: '科室名称', reason: '科室 G7 of unit school-1 was defined differently in row 2' },
      { row: 4, column: '单位类型', reason: '单位 school-1 was defined differently in row 2' },
      { row: 4, column: '科室类型', reason: '科室 G7 of unit school-1 was defined differently in row 2' },
      { row: 4, column: '岗位名称', reason: post },
      { row: 4, column: '填表类型', reason: post },
      { row: 4, column: '岗位权力', reason: post },
      { row: 4, column: '工作流程', reason: post },
    ]);
    expect(roster.posts.find((p) => p.unitCode === 'school-1')).toEqual({
      unitCode: 'school-1',
      code: 'BZR',
      name: '班主任',
      postType: '班主任',
      formType: 'GENERAL_STAFF',
      duties: '班级管理',
      powers: ['INSPECTION'],
      processSteps: ['家访'],
      departmentCode: 'G7',
    });
  });

  it('needs 科室名称 with 科室编码 and 科室编码 with 科室名称 or 科室类型', () => {
    expect(
      parseRoster(
        file(
          person('P1', { departmentCode: 'G7' }),
          person('P2', { departmentName: '七年级组' }),
          person('P3', { departmentKind: '年级组' }),
        ),
      ).errors,
    ).toEqual([
      { row: 2, column: '科室名称', reason: 'is required when 科室编码 is given' },
      { row: 3, column: '科室编码', reason: 'is required when 科室名称 is given' },
      { row: 4, column: '科室编码', reason: 'is required when 科室类型 is given' },
    ]);
  });

  it('gives DEPARTMENT_HEAD only to a row with a department, at most one per department', () => {
    const g7: Cells = { departmentCode: 'G7', departmentName: '七年级组' };
    const { roster, errors } = parseRoster(
      file(
        person('P1', { roles: '科室(年级组)负责人' }),
        person('P2', { ...g7, roles: 'DEPARTMENT_HEAD' }),
        person('P3', { ...g7, roles: 'department_head' }),
        person('P4', { ...S2, ...g7, roles: 'DEPARTMENT_HEAD' }),
      ),
    );
    expect(errors).toEqual([
      { row: 2, column: '角色', reason: 'DEPARTMENT_HEAD requires the row to have a department (科室编码)' },
      { row: 4, column: '角色', reason: '科室 G7 of unit school-1 already has a head in row 3' },
    ]);
    expect(roster.departments.map((d) => [d.unitCode, d.code, d.headPersonCode])).toEqual([
      ['school-1', 'G7', 'P2'],
      ['school-2', 'G7', 'P4'],
    ]);
  });

  it('requires 分管科室 for SUPERVISING_LEADER, listing departments of the same unit anywhere in the file, and only for that role', () => {
    const { errors } = parseRoster(
      file(
        person('P1', { departmentCode: 'G7', departmentName: '七年级组' }),
        person('P2', { roles: '分管领导' }),
        person('P3', { roles: '分管领导', supervisedDepartments: 'G7, G8, G9' }),
        person('P4', { supervisedDepartments: 'G7' }),
        person('P5', { departmentCode: 'G8', departmentName: '八年级组' }),
        person('P6', { ...S2, departmentCode: 'G9', departmentName: '九年级组' }),
        person('P7', { roles: '分管领导', supervisedDepartments: 'G7、七年级' }),
      ),
    );
    expect(errors).toEqual([
      { row: 3, column: '分管科室', reason: 'is required for the role SUPERVISING_LEADER' },
      { row: 4, column: '分管科室', reason: '科室 G9 of unit school-1 is not in the file' },
      { row: 5, column: '分管科室', reason: 'is allowed only with the role SUPERVISING_LEADER' },
      { row: 8, column: '分管科室', reason: `'七年级' ${CODE_REASON}` },
    ]);
  });

  it('allows 覆盖单位 only with DISCIPLINE_TEAM or OFFICE_ADMIN, naming units of the file', () => {
    expect(
      parseRoster(
        file(
          person('P1', { coveredUnits: 'school-1' }),
          person('P2', { roles: '派驻纪检组、监察室', coveredUnits: 'school-1, school-3, school-2' }),
          person('P3', { roles: 'OFFICE_ADMIN', coveredUnits: '全区、school-1' }),
          person('P4', S2),
        ),
      ).errors,
    ).toEqual([
      { row: 2, column: '覆盖单位', reason: 'is allowed only with the role DISCIPLINE_TEAM or OFFICE_ADMIN' },
      { row: 3, column: '覆盖单位', reason: '单位 school-3 is not in the file' },
      { row: 4, column: '覆盖单位', reason: '全区 (or *) cannot be combined with unit codes' },
    ]);
  });

  it('reports every error of every row together, ordered by row and column', () => {
    const { errors } = parseRoster(
      file(
        person('P1', { name: '', roles: '分管领导' }),
        person('P1', { unitKind: 'SCHOOL', coveredUnits: 'x' }),
        person('P3', { postName: '老师', leadingGroup: '本单位' }),
      ),
    );
    expect(errors).toEqual([
      { row: 2, column: '姓名', reason: 'is required' },
      { row: 2, column: '分管科室', reason: 'is required for the role SUPERVISING_LEADER' },
      { row: 3, column: '工号', reason: '工号 P1 already appears in row 2' },
      { row: 3, column: '覆盖单位', reason: 'is allowed only with the role DISCIPLINE_TEAM or OFFICE_ADMIN' },
      { row: 3, column: '覆盖单位', reason: '单位 x is not in the file' },
      { row: 4, column: '岗位名称', reason: '岗位 BZR of unit school-1 was defined differently in row 2' },
      { row: 4, column: '领导小组职务', reason: 'is required when 领导小组 is given' },
    ]);
  });

  it('reports a value in a column without a header', () => {
    expect(parseRoster([HEADERS, [...line(person('P1')), '', '多余']]).errors).toEqual([
      { row: 2, column: `第${HEADERS.length + 2}列`, reason: 'has a value but no column header' },
    ]);
  });

  it('names unknown, repeated and missing headers on row 1 and parses nothing', () => {
    const rows = [[...HEADERS, '备注'], line(person('P1'))];
    expect(parseRoster(rows)).toEqual({
      roster: { units: [], departments: [], posts: [], people: [], leadingGroupMembers: [] },
      errors: [{ row: 1, column: '备注', reason: 'unknown column' }],
    });
    expect(parseRoster([[...HEADERS, 'NAME'], line(person('P1'))]).errors).toEqual([
      { row: 1, column: '姓名', reason: `column appears more than once (columns 15 and ${HEADERS.length + 1})` },
    ]);
    const withoutPerson = HEADERS.filter((h) => h !== '工号' && h !== '姓名');
    expect(parseRoster([withoutPerson]).errors).toEqual([
      { row: 1, column: '工号', reason: 'required column is missing' },
      { row: 1, column: '姓名', reason: 'required column is missing' },
    ]);
  });

  it('rejects a file without a header row or without data rows', () => {
    expect(parseRoster([]).errors).toEqual([{ row: 1, column: '', reason: 'the file has no header row' }]);
    expect(parseRoster([HEADERS, ['', '']]).errors).toEqual([
      { row: 1, column: '', reason: 'the file has no data rows' },
    ]);
  });

  it(`accepts at most ${MAX_ROSTER_ROWS} data rows (blank rows not counted)`, () => {
    const rows = file(...Array.from({ length: MAX_ROSTER_ROWS }, (_, i) => person(`P${i}`)));
    rows.push([]);
    const ok = parseRoster(rows);
    expect(ok.errors).toEqual([]);
    expect(ok.roster.people).toHaveLength(MAX_ROSTER_ROWS);
    rows.push(line(person('P-last')));
    expect(parseRoster(rows)).toEqual({
      roster: { units: [], departments: [], posts: [], people: [], leadingGroupMembers: [] },
      errors: [{ row: 1, column: '', reason: 'the file has 50001 data rows; at most 50000 are allowed' }],
    });
  });
});

describe('R02 leading group (全区 and 本单位) and its office', () => {
  it('lists the district group as 组长, 副组长, 成员, 办公室主任, 办公室成员, then each unit’s group', () => {
    expect(parseRoster(DISTRICT).roster.leadingGroupMembers).toEqual(EXPECTED_DISTRICT.leadingGroupMembers);
  });

  it('needs 领导小组 and 领导小组职务 together; 小组职务说明 needs them', () => {
    const { roster, errors } = parseRoster(
      file(
        person('P1', { leadingGroup: '全区' }),
        person('P2', { leadingGroupRole: '成员' }),
        person('P3', { leadingGroupTitle: '校长' }),
        person('P4', { leadingGroup: '本单位', leadingGroupRole: '副组长', leadingGroupTitle: '副校长' }),
      ),
    );
    expect(errors).toEqual([
      { row: 2, column: '领导小组职务', reason: 'is required when 领导小组 is given' },
      { row: 3, column: '领导小组', reason: 'is required when 领导小组职务 is given' },
      { row: 4, column: '小组职务说明', reason: 'requires 领导小组 and 领导小组职务' },
    ]);
    expect(roster.leadingGroupMembers).toEqual([
      { scope: { unitCode: 'school-1' }, personCode: 'P4', role: 'DEPUTY', title: '副校长' },
    ]);
  });
});

describe('R02 leading group: one person may hold two posts in the group', () => {
  it('reads a list in 领导小组职务 (副组长 and 办公室主任, as in attachment 1)', () => {
    const rows = [
      [
        '单位编码',
        '单位名称',
        '单位类型',
        '岗位编码',
        '岗位名称',
        '岗位类别',
        '填表类型',
        '工号',
        '姓名',
        '领导小组',
        '领导小组职务',
        '小组职务说明',
      ],
      [
        'bureau',
        '区教体局机关',
        '局机关',
        'B-DEPUTY',
        '副局长',
        '局领导',
        '领导班子成员',
        'hou-yumei',
        '侯玉梅',
        '全区',
        '副组长;办公室主任',
        '区教体局党委委员、副局长',
      ],
    ];
    const { roster, errors } = parseRoster(rows);
    expect(errors).toEqual([]);
    expect(roster.leadingGroupMembers).toEqual([
      { scope: 'DISTRICT', personCode: 'hou-yumei', role: 'DEPUTY', title: '区教体局党委委员、副局长' },
      { scope: 'DISTRICT', personCode: 'hou-yumei', role: 'OFFICE_DIRECTOR', title: '区教体局党委委员、副局长' },
    ]);
  });
});

describe('R01 issue 12.9 who reads what of the roster', () => {
  const read = (grants: { role: Role; unitId: string | null }[], own: string | null) => rosterReadScope(grants, own);

  it('the office and the discipline team read every unit in full when district-wide, their covered units otherwise', () => {
    expect(read([{ role: Role.OFFICE_ADMIN, unitId: null }], 'bureau')).toEqual({ full: 'ALL', directory: [] });
    expect(read([{ role: Role.DISCIPLINE_TEAM, unitId: null }], 'bureau')).toEqual({ full: 'ALL', directory: [] });
    const team = read(
      [
        { role: Role.DISCIPLINE_TEAM, unitId: 's002' },
        { role: Role.DISCIPLINE_TEAM, unitId: 's001' },
      ],
      'bureau',
    );
    expect(team).toEqual({ full: ['s001', 's002'], directory: ['bureau'] });
    expect(rosterAccess(team, 's002')).toBe('FULL');
    expect(rosterAccess(team, 'bureau')).toBe('DIRECTORY');
    expect(rosterAccess(team, null)).toBeNull();
  });

  it('a unit’s principal and leading group read their unit in full; department heads and staff its directory', () => {
    const principal = read([{ role: Role.UNIT_PRINCIPAL, unitId: 's001' }], 's001');
    expect(principal).toEqual({ full: ['s001'], directory: [] });
    expect(rosterAccess(principal, 's002')).toBeNull();
    expect(read([{ role: Role.UNIT_LEADING_GROUP, unitId: 's001' }], 's001').full).toEqual(['s001']);
    const head = read(
      [
        { role: Role.DEPARTMENT_HEAD, unitId: 's001' },
        { role: Role.SUPERVISING_LEADER, unitId: 's001' },
      ],
      's001',
    );
    expect(head).toEqual({ full: [], directory: ['s001'] });
    expect(rosterAccess(read([], 's001'), 's001')).toBe('DIRECTORY');
    expect(rosterAccess(read([], 's001'), 's002')).toBeNull();
    expect(read([], null)).toEqual({ full: [], directory: [] });
  });
});
