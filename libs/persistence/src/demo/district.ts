/**
 * Generates realistic synthetic districts in the roster file format (the same rows a CSV would give),
 * for demos, tests and benchmarks. Deterministic for a given seed.
 */
export interface DistrictSpec {
  /** Units including the bureau (局机关); at least 2. */
  units: number;
  /** People across all units; at least 8 per unit. */
  people: number;
  seed?: number;
}

export const ROSTER_HEADERS = [
  '单位编码',
  '单位名称',
  '单位类型',
  '科室编码',
  '科室名称',
  '科室类型',
  '岗位编码',
  '岗位名称',
  '岗位类别',
  '填表类型',
  '岗位职责',
  '岗位权力',
  '工作流程',
  '工号',
  '姓名',
  '职务',
  '角色',
  '分管科室',
  '覆盖单位',
  '领导小组',
  '领导小组职务',
  '小组职务说明',
] as const;
type Header = (typeof ROSTER_HEADERS)[number];
type Row = Partial<Record<Header, string>>;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰建国志强海燕晓东文博思远雅婷子涵浩然欣怡宇航佳琪俊杰梓萱昊天雨桐';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PostSpec {
  code: string;
  name: string;
  type: string;
  form: 'LEADERSHIP' | 'MIDDLE_MANAGER' | 'GENERAL_STAFF';
  duties: string;
  powers: string;
  steps: string;
}

const SCHOOL_POSTS: Record<string, PostSpec> = {
  principal: {
    code: 'P-PRINCIPAL',
    name: '校长',
    type: '校长',
    form: 'LEADERSHIP',
    duties: '主持学校全面工作，负责学校重大事项决策',
    powers: '审批;处置',
    steps: '提出议题→班子会议研究→集体决策→组织实施',
  },
  vice: {
    code: 'P-VICE',
    name: '副校长',
    type: '副校长',
    form: 'LEADERSHIP',
    duties: '协助校长分管教学、德育或后勤工作',
    powers: '审批;检查',
    steps: '分管事项计划→审核→督促落实',
  },
  director: {
    code: 'P-DIRECTOR',
    name: '处室主任',
    type: '中层干部',
    form: 'MIDDLE_MANAGER',
    duties: '负责本处室日常管理和制度执行',
    powers: '检查',
    steps: '制定计划→组织实施→检查考核→总结',
  },
  gradeHead: {
    code: 'P-GRADE-HEAD',
    name: '年级组长',
    type: '年级组长',
    form: 'MIDDLE_MANAGER',
    duties: '负责年级教学管理和班主任工作协调',
    powers: '检查',
    steps: '年级计划→班级落实→检查评比',
  },
  accountant: {
    code: 'P-ACCOUNTANT',
    name: '会计',
    type: '财务',
    form: 'GENERAL_STAFF',
    duties: '负责学校财务核算、报销审核和票据管理',
    powers: '审批',
    steps: '票据审核→登记入账→报表编制',
  },
  classTeacher: {
    code: 'P-CLASS-TEACHER',
    name: '班主任',
    type: '班主任',
    form: 'GENERAL_STAFF',
    duties: '负责班级管理、学生教育和家校沟通',
    powers: '',
    steps: '班级计划→日常管理→评优评先→家校沟通',
  },
  teacher: {
    code: 'P-TEACHER',
    name: '教师',
    type: '教师',
    form: 'GENERAL_STAFF',
    duties: '承担学科教学、作业批改和学生辅导',
    powers: '',
    steps: '备课→上课→作业批改→考试评价',
  },
};

const BUREAU_POSTS: Record<string, PostSpec> = {
  director: {
    code: 'B-DIRECTOR',
    name: '局长',
    type: '局领导',
    form: 'LEADERSHIP',
    duties: '主持局全面工作',
    powers: '审批;处置',
    steps: '提出议题→党委会研究→集体决策→组织实施',
  },
  deputy: {
    code: 'B-DEPUTY',
    name: '副局长',
    type: '局领导',
    form: 'LEADERSHIP',
    duties: '分管有关科室和学校工作',
    powers: '审批;检查',
    steps: '分管事项审核→报局长→督促落实',
  },
  sectionChief: {
    code: 'B-SECTION-CHIEF',
    name: '科长',
    type: '中层干部',
    form: 'MIDDLE_MANAGER',
    duties: '负责本科室业务管理',
    powers: '审批;检查',
    steps: '受理→审核→报批→办结',
  },
  officer: {
    code: 'B-OFFICER',
    name: '科员',
    type: '机关工作人员',
    form: 'GENERAL_STAFF',
    duties: '承办科室具体业务',
    powers: '',
    steps: '受理→初审→呈报→归档',
  },
  discipline: {
    code: 'B-DISCIPLINE',
    name: '纪检监察员',
    type: '纪检监察',
    form: 'GENERAL_STAFF',
    duties: '派驻纪检组、监察室监督检查',
    powers: '检查;处置',
    steps: '线索受理→初核→处置→反馈',
  },
};

const BUREAU_SECTIONS = [
  ['OFFICE', '办公室'],
  ['HR', '人事科'],
  ['FINANCE', '计财科'],
  ['BASIC-EDU', '基础教育科'],
  ['SAFETY', '安全科'],
] as const;
const SCHOOL_SECTIONS = [
  ['ACADEMIC', '教务处', '科室'],
  ['GENERAL', '总务处', '科室'],
  ['MORAL', '政教处', '科室'],
  ['G1', '一年级组', '年级组'],
  ['G2', '二年级组', '年级组'],
  ['G3', '三年级组', '年级组'],
] as const;

function postCells(p: PostSpec): Row {
  return {
    岗位编码: p.code,
    岗位名称: p.name,
    岗位类别: p.type,
    填表类型: p.form,
    岗位职责: p.duties,
    岗位权力: p.powers,
    工作流程: p.steps,
  };
}

/** Rows of a roster file (header first) for a district of the given size. */
export function generateDistrictRows(spec: DistrictSpec): string[][] {
  if (spec.units < 2 || spec.people < spec.units * 8)
    throw new RangeError('a district needs at least 2 units and 8 people per unit');
  const rand = prng(spec.seed ?? 20260415);
  const used = new Set<string>();
  const name = (): string => {
    for (;;) {
      const n =
        SURNAMES[Math.floor(rand() * SURNAMES.length)]! +
        GIVEN[Math.floor(rand() * GIVEN.length)]! +
        (rand() < 0.6 ? GIVEN[Math.floor(rand() * GIVEN.length)]! : '');
      if (!used.has(n) || used.size > 20_000) {
        used.add(n);
        return n;
      }
    }
  };
  const rows: Row[] = [];
  const schools = spec.units - 1;
  const bureau = { 单位编码: 'bureau', 单位名称: '区教体局机关', 单位类型: '局机关' };
  const section = (code: string) => {
    const s = BUREAU_SECTIONS.find(([c]) => c === code)!;
    return { 科室编码: s[0], 科室名称: s[1], 科室类型: '科室' };
  };
  // Fixed, documented people first: they are who the README's token commands name.
  rows.push({
    ...bureau,
    ...section('OFFICE'),
    ...postCells(BUREAU_POSTS.deputy!),
    工号: 'office-admin',
    姓名: '侯玉梅',
    职务: '副局长、办公室主任',
    角色: '领导小组办公室',
    领导小组: '全区',
    领导小组职务: '办公室主任',
    小组职务说明: '区教体局党委委员、副局长',
  });
  rows.push({
    ...bureau,
    ...section('OFFICE'),
    ...postCells(BUREAU_POSTS.director!),
    工号: 'bureau-director',
    姓名: '牛少健',
    职务: '局长',
    角色: '单位主要负责人;单位领导小组',
    领导小组: '全区',
    领导小组职务: '组长',
    小组职务说明: '区教体局局长、党委副书记',
  });
  rows.push({
    ...bureau,
    ...section('OFFICE'),
    ...postCells(BUREAU_POSTS.discipline!),
    工号: 'discipline-1',
    姓名: '杨德标',
    职务: '派驻纪检组组长',
    角色: '派驻纪检组、监察室',
    覆盖单位: '全区',
    领导小组: '全区',
    领导小组职务: '成员',
  });
  let bureauPeople = 3;
  for (const [code] of BUREAU_SECTIONS) {
    rows.push({
      ...bureau,
      ...section(code),
      ...postCells(BUREAU_POSTS.sectionChief!),
      工号: `bureau-${code.toLowerCase()}-chief`,
      姓名: name(),
      职务: '科长',
      角色: '科室(年级组)负责人',
    });
    rows.push({
      ...bureau,
      ...section(code),
      ...postCells(BUREAU_POSTS.officer!),
      工号: `bureau-${code.toLowerCase()}-1`,
      姓名: name(),
      职务: '科员',
    });
    bureauPeople += 2;
  }
  rows.push({
    ...bureau,
    ...section('HR'),
    ...postCells(BUREAU_POSTS.deputy!),
    工号: 'bureau-deputy-1',
    姓名: '王传军',
    职务: '副局长',
    角色: '分管领导;单位领导小组',
    分管科室: 'HR;FINANCE',
    领导小组: '全区',
    领导小组职务: '副组长',
    小组职务说明: '区教体局党委委员、副局长',
  });
  bureauPeople += 1;

  const perSchool = Math.floor((spec.people - bureauPeople) / schools);
  let extra = spec.people - bureauPeople - perSchool * schools;
  for (let s = 1; s <= schools; s++) {
    const code = `s${String(s).padStart(3, '0')}`;
    const isOther = s % 10 === 0;
    const unit = {
      单位编码: code,
      单位名称: isOther ? `区直属单位${s}` : `第${s}中学`,
      单位类型: isOther ? '直属单位' : '学校',
    };
    const dept = (i: number) => {
      const d = SCHOOL_SECTIONS[i % SCHOOL_SECTIONS.length]!;
      return { 科室编码: d[0], 科室名称: d[1], 科室类型: d[2] };
    };
    const size = perSchool + (extra-- > 0 ? 1 : 0);
    const person = (n: number): string => `${code}-${String(n).padStart(4, '0')}`;
    rows.push({
      ...unit,
      ...dept(0),
      ...postCells(SCHOOL_POSTS.principal!),
      工号: person(1),
      姓名: name(),
      职务: '校长',
      角色: '单位主要负责人;单位领导小组',
      领导小组: '本单位',
      领导小组职务: '组长',
    });
    rows.push({
      ...unit,
      ...dept(0),
      ...postCells(SCHOOL_POSTS.vice!),
      工号: person(2),
      姓名: name(),
      职务: '副校长',
      角色: '分管领导;单位领导小组',
      分管科室: 'ACADEMIC;MORAL;G1;G2;G3',
      领导小组: '本单位',
      领导小组职务: '副组长',
    });
    rows.push({
      ...unit,
      ...dept(1),
      ...postCells(SCHOOL_POSTS.vice!),
      工号: person(3),
      姓名: name(),
      职务: '副校长',
      角色: '分管领导;单位领导小组',
      分管科室: 'GENERAL',
      领导小组: '本单位',
      领导小组职务: '成员',
    });
    for (let i = 0; i < SCHOOL_SECTIONS.length && 3 + i < size; i++) {
      const post = i < 3 ? SCHOOL_POSTS.director! : SCHOOL_POSTS.gradeHead!;
      rows.push({
        ...unit,
        ...dept(i),
        ...postCells(post),
        工号: person(4 + i),
        姓名: name(),
        职务: post.name,
        角色: '科室(年级组)负责人',
      });
    }
    let n = 4 + SCHOOL_SECTIONS.length;
    if (n <= size)
      rows.push({
        ...unit,
        ...dept(1),
        ...postCells(SCHOOL_POSTS.accountant!),
        工号: person(n++),
        姓名: name(),
        职务: '会计',
      });
    for (; n <= size; n++) {
      const post = rand() < 0.3 ? SCHOOL_POSTS.classTeacher! : SCHOOL_POSTS.teacher!;
      rows.push({
        ...unit,
        ...dept(3 + ((n * 7) % 3)),
        ...postCells(post),
        工号: person(n),
        姓名: name(),
        职务: post.name,
      });
    }
  }
  return [[...ROSTER_HEADERS], ...rows.map((r) => ROSTER_HEADERS.map((h) => r[h] ?? ''))];
}

/** RFC 4180 CSV text of rows (quotes only where needed). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
