/**
 * What the printed forms (R23, attachments 2–4 of the plan) and the XLSX exports contain: titles, labels and
 * column order, in Chinese as the bureau prints them. Pure: the gateway renders these models to PDF and XLSX.
 */
import { dateOf } from './dates';
import { FORM_STATUS_LABELS, type FormStatus } from './form-lifecycle';
import type { ReviewerRole } from './review';
import { Role } from './roles';
import { ROSTER_FORM_TYPE_LABELS } from './roster';
import {
  FORM_TYPE_LABELS,
  MAJOR_MATTER_LABELS,
  RISK_CATEGORIES,
  RISK_CATEGORY_LABELS,
  RISK_LEVELS,
  RISK_LEVEL_LABELS,
  POST_RISK_GRADES,
  type FormType,
  type MajorMatter,
  type PostRiskGrade,
  type RiskCategory,
  type RiskLevel,
} from './risk';
import type { RiskFormFields } from './risk-form';

/** R23: each form is kept in three copies, printed into one file. */
export const PRINT_COPIES = 3;
export const PRINT_NOTE = '注：本表一式三份';
export const SEAL_LABEL = '单位(盖章)：';
const BLANK_DATE = '年    月    日';
const COPY_NUMERALS = ['一', '二', '三'];

type HeaderField = keyof RiskFormFields | 'name';

interface FormLayout {
  header: { label: string; field: HeaderField }[];
  /** LEADERSHIP forms analyse 三重一大, so each risk point names the matter it concerns. */
  majorMatterColumn: boolean;
}

/** The fields above the risk table, in the order each attachment lists them. */
const LAYOUTS: Readonly<Record<FormType, FormLayout>> = {
  LEADERSHIP: {
    header: [
      { label: '姓名', field: 'name' },
      { label: '职务', field: 'position' },
      { label: '岗位职责', field: 'postDuties' },
    ],
    majorMatterColumn: true,
  },
  MIDDLE_MANAGER: {
    header: [
      { label: '科室', field: 'departmentName' },
      { label: '负责人', field: 'personInCharge' },
      { label: '岗位职责', field: 'postDuties' },
      { label: '工作流程', field: 'workflowDescription' },
    ],
    majorMatterColumn: false,
  },
  GENERAL_STAFF: {
    header: [
      { label: '姓名', field: 'name' },
      { label: '职务', field: 'position' },
      { label: '岗位职责', field: 'postDuties' },
      { label: '工作流程', field: 'workflowDescription' },
    ],
    majorMatterColumn: false,
  },
};

/**
 * The opinion box of each review level. The attachments print the supervising leader's box as 单位主管领导;
 * where a chain has the department or grade-group head instead (R09, staff forms), the box names them.
 */
export const OPINION_LABELS: Readonly<Record<ReviewerRole, string>> = {
  [Role.DEPARTMENT_HEAD]: '科室(年级组)负责人审查意见',
  [Role.SUPERVISING_LEADER]: '单位主管领导审查意见',
  [Role.UNIT_LEADING_GROUP]: '单位领导小组审查意见',
  [Role.DISCIPLINE_TEAM]: '所在派驻纪检组、监察室审核意见',
};

export interface PrintRiskPoint {
  description: string;
  category: RiskCategory;
  level: RiskLevel;
  controlMeasures: string;
  majorMatter: MajorMatter | null;
}

export interface PrintDecision {
  step: number;
  opinion: string;
  reviewerName: string;
  /** Epoch ms. */
  decidedAt: number;
}

export interface PrintInput {
  formType: FormType;
  unitName: string;
  fields: RiskFormFields & { name: string };
  postGrade: PostRiskGrade | null;
  /** Who overrode the computed grade and why (审核调整), printed beside it; null when the computed grade stands. */
  gradeNote: string | null;
  riskPoints: readonly PrintRiskPoint[];
  /** The review chain the form went through, step by step. */
  chain: readonly ReviewerRole[];
  /** The decisions of the form's current review round. */
  decisions: readonly PrintDecision[];
}

export interface PrintedOpinion {
  label: string;
  opinion: string;
  reviewer: string;
  /** 2026年12月2日, or blank lines for a level not decided yet. */
  date: string;
}

export interface PrintedForm {
  title: string;
  sealLabel: string;
  unitName: string;
  fields: { label: string; value: string }[];
  riskTable: { columns: string[]; rows: string[][] };
  postGrade: { label: string; value: string };
  controlMeasures: { label: string; value: string };
  opinions: PrintedOpinion[];
  note: string;
  /** 第一份 … 第三份: every copy carries its number. */
  copyLabels: string[];
}

/** 2026年12月2日 in China Standard Time. */
export function chineseDate(instant: number): string {
  const [y, m, d] = dateOf(instant).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The content of a printed form in the layout of its attachment (R23). */
export function printedForm(input: PrintInput): PrintedForm {
  const layout = LAYOUTS[input.formType];
  const columns = [
    '序号',
    ...(layout.majorMatterColumn ? ['三重一大'] : []),
    '风险点',
    '风险类型',
    '风险级别',
    '自我防控措施',
  ];
  const rows = input.riskPoints.map((p, i) => [
    String(i + 1),
    ...(layout.majorMatterColumn ? [p.majorMatter ? MAJOR_MATTER_LABELS[p.majorMatter] : ''] : []),
    p.description,
    RISK_CATEGORY_LABELS[p.category],
    RISK_LEVEL_LABELS[p.level],
    p.controlMeasures,
  ]);
  const opinions = input.chain.map((role, step) => {
    const d = input.decisions.filter((x) => x.step === step).sort((a, b) => b.decidedAt - a.decidedAt)[0];
    return {
      label: OPINION_LABELS[role],
      opinion: d?.opinion ?? '',
      reviewer: d?.reviewerName ?? '',
      date: d ? chineseDate(d.decidedAt) : BLANK_DATE,
    };
  });
  return {
    title: FORM_TYPE_LABELS[input.formType],
    sealLabel: SEAL_LABEL,
    unitName: input.unitName,
    fields: layout.header.map(({ label, field }) => ({ label, value: input.fields[field] })),
    riskTable: { columns, rows },
    postGrade: {
      label: '岗位风险等级',
      value: input.gradeNote ? `${input.postGrade ?? ''}（${input.gradeNote}）` : (input.postGrade ?? ''),
    },
    controlMeasures: { label: '自我防控措施', value: input.fields.controlMeasures },
    opinions,
    note: PRINT_NOTE,
    copyLabels: COPY_NUMERALS.slice(0, PRINT_COPIES).map((n) => `第${n}份`),
  };
}

/** A column of an XLSX export: its Chinese header and width in characters. */
export interface SheetColumn {
  header: string;
  width: number;
}

/** 风险点登记表: a unit's risk points, one row each (the fields of attachments 2–4 plus who and where). */
export const UNIT_RISK_LIST_COLUMNS: readonly SheetColumn[] = [
  { header: '序号', width: 6 },
  { header: '科室', width: 14 },
  { header: '岗位', width: 14 },
  { header: '姓名', width: 10 },
  { header: '职务', width: 12 },
  { header: '填表类型', width: 14 },
  { header: '三重一大', width: 14 },
  { header: '风险点', width: 40 },
  { header: '风险类型', width: 10 },
  { header: '风险级别', width: 10 },
  { header: '自我防控措施', width: 40 },
  { header: '责任岗位', width: 14 },
  { header: '岗位风险等级', width: 12 },
  { header: '等级调整', width: 30 },
  { header: '审核状态', width: 10 },
];

export interface RiskListEntry {
  departmentName: string;
  postName: string;
  personName: string;
  position: string;
  formType: FormType;
  majorMatter: MajorMatter | null;
  description: string;
  category: RiskCategory;
  level: RiskLevel;
  controlMeasures: string;
  responsiblePostName: string | null;
  postGrade: PostRiskGrade | null;
  /** Who overrode the computed grade and why; null when the computed grade stands. */
  gradeNote: string | null;
  formStatus: FormStatus;
}

export function riskListRow(n: number, e: RiskListEntry): (string | number)[] {
  return [
    n,
    e.departmentName,
    e.postName,
    e.personName,
    e.position,
    ROSTER_FORM_TYPE_LABELS[e.formType], // 填表类型 as the roster spells it
    e.majorMatter ? MAJOR_MATTER_LABELS[e.majorMatter] : '',
    e.description,
    RISK_CATEGORY_LABELS[e.category],
    RISK_LEVEL_LABELS[e.level],
    e.controlMeasures,
    e.responsiblePostName ?? e.postName,
    e.postGrade ?? '',
    e.gradeNote ?? '',
    FORM_STATUS_LABELS[e.formStatus],
  ];
}

/** 全区汇总表: per unit, forms, risk points by level and category, posts by grade, progress. */
export const DISTRICT_SUMMARY_COLUMNS: readonly SheetColumn[] = [
  { header: '单位编码', width: 10 },
  { header: '单位名称', width: 22 },
  { header: '应填表人数', width: 10 },
  { header: '已建表', width: 8 },
  { header: '已提交', width: 8 },
  { header: '已通过', width: 8 },
  { header: '完成率', width: 8 },
  ...RISK_LEVELS.map((l) => ({ header: `${RISK_LEVEL_LABELS[l]}风险点`, width: 10 })),
  ...RISK_CATEGORIES.map((c) => ({ header: `${RISK_CATEGORY_LABELS[c]}类`, width: 10 })),
  ...POST_RISK_GRADES.map((g) => ({ header: `${g}级岗位`, width: 8 })),
];

export interface UnitSummary {
  unitId: string;
  unitName: string;
  people: number;
  forms: number;
  submitted: number;
  approved: number;
  byLevel: Partial<Record<RiskLevel, number>>;
  byCategory: Partial<Record<RiskCategory, number>>;
  byGrade: Partial<Record<PostRiskGrade, number>>;
}

export function districtSummaryRow(s: UnitSummary): (string | number)[] {
  return [
    s.unitId,
    s.unitName,
    s.people,
    s.forms,
    s.submitted,
    s.approved,
    s.people ? `${Math.round((s.approved / s.people) * 100)}%` : '',
    ...RISK_LEVELS.map((l) => s.byLevel[l] ?? 0),
    ...RISK_CATEGORIES.map((c) => s.byCategory[c] ?? 0),
    ...POST_RISK_GRADES.map((g) => s.byGrade[g] ?? 0),
  ];
}
