import { DISPOSAL_MEASURE_LABELS, type DisposalMeasure } from './disposal';
import { APPRAISAL_GRADE_LABELS, approvalShare, type AppraisalGrade, type AppraisalVotes } from './execution';
import type { SheetColumn } from './print';

/**
 * 年度考核 (R21): what the campaign's records say about each person, department and unit, as the sheets of the
 * year-end assessment export. Departments are totals of their people's rows, so both sheets always agree.
 */

export interface PersonAssessment {
  unitName: string;
  departmentName: string;
  code: string;
  name: string;
  position: string;
  postName: string;
  postGrade: string | null;
  commitments: number;
  /** Where the commitments were published, without repeats. */
  commitmentPlaces: string[];
  dutyReported: boolean;
  votes: AppraisalVotes | null;
  rating: AppraisalGrade | null;
  disposalCases: number;
  openCases: number;
  /** The measure in force of the latest open case, if any. */
  openMeasure: DisposalMeasure | null;
}

export interface UnitAssessment {
  unitId: string;
  unitName: string;
  archiveVersion: number | null;
  archivedPoints: number;
  measuresInPlace: number;
  activities: number;
  inspections: number;
  disposalCases: number;
  openCases: number;
  /** The weighted evaluation score (R19), when the unit's evaluation has one. */
  evaluationScore: number | null;
}

const percent = (share: number | null): string => (share === null ? '' : `${Math.round(share * 1000) / 10}%`);

export const YEAR_END_PERSON_COLUMNS: readonly SheetColumn[] = [
  { header: '单位', width: 22 },
  { header: '科室', width: 14 },
  { header: '工号', width: 12 },
  { header: '姓名', width: 10 },
  { header: '职务', width: 12 },
  { header: '岗位', width: 14 },
  { header: '岗位风险等级', width: 12 },
  { header: '公开承诺(条)', width: 12 },
  { header: '承诺公开方式', width: 24 },
  { header: '述职述廉', width: 10 },
  { header: '民主测评(好/较好/一般/差)', width: 24 },
  { header: '测评等次', width: 10 },
  { header: '好评率', width: 10 },
  { header: '处置问题(件)', width: 12 },
  { header: '整改情况', width: 20 },
];

/** 整改情况: the measure still running, everything closed, or nothing to rectify. */
function rectification(p: Pick<PersonAssessment, 'disposalCases' | 'openCases' | 'openMeasure'>): string {
  if (p.openCases) return `整改中（${p.openMeasure ? DISPOSAL_MEASURE_LABELS[p.openMeasure] : ''}）`;
  return p.disposalCases ? '已整改' : '无';
}

export function personAssessmentRow(p: PersonAssessment): (string | number)[] {
  return [
    p.unitName,
    p.departmentName,
    p.code,
    p.name,
    p.position,
    p.postName,
    p.postGrade ?? '',
    p.commitments,
    p.commitmentPlaces.join('、'),
    p.dutyReported ? '已述职' : '未述职',
    p.votes ? `${p.votes.GOOD}/${p.votes.FAIRLY_GOOD}/${p.votes.AVERAGE}/${p.votes.POOR}` : '',
    p.rating ? APPRAISAL_GRADE_LABELS[p.rating] : '',
    percent(p.votes && approvalShare(p.votes)),
    p.disposalCases,
    rectification(p),
  ];
}

export const YEAR_END_DEPARTMENT_COLUMNS: readonly SheetColumn[] = [
  { header: '单位', width: 22 },
  { header: '科室', width: 14 },
  { header: '人数', width: 8 },
  { header: '已公开承诺(人)', width: 14 },
  { header: '承诺率', width: 10 },
  { header: '已述职述廉(人)', width: 14 },
  { header: '民主测评好评率', width: 14 },
  { header: '处置问题(件)', width: 12 },
  { header: '整改中(件)', width: 12 },
];

export interface DepartmentAssessment {
  unitName: string;
  departmentName: string;
  people: number;
  committed: number;
  reported: number;
  votes: AppraisalVotes | null;
  disposalCases: number;
  openCases: number;
}

/** Each department's totals, in the order its people come (people are listed by unit and department). */
export function departmentAssessments(people: readonly PersonAssessment[]): DepartmentAssessment[] {
  const byKey = new Map<string, DepartmentAssessment>();
  for (const p of people) {
    const key = `${p.unitName}\u0000${p.departmentName}`;
    const d = byKey.get(key) ?? {
      unitName: p.unitName,
      departmentName: p.departmentName,
      people: 0,
      committed: 0,
      reported: 0,
      votes: null,
      disposalCases: 0,
      openCases: 0,
    };
    d.people += 1;
    if (p.commitments) d.committed += 1;
    if (p.dutyReported) d.reported += 1;
    if (p.votes) {
      const v = d.votes ?? { GOOD: 0, FAIRLY_GOOD: 0, AVERAGE: 0, POOR: 0 };
      d.votes = {
        GOOD: v.GOOD + p.votes.GOOD,
        FAIRLY_GOOD: v.FAIRLY_GOOD + p.votes.FAIRLY_GOOD,
        AVERAGE: v.AVERAGE + p.votes.AVERAGE,
        POOR: v.POOR + p.votes.POOR,
      };
    }
    d.disposalCases += p.disposalCases;
    d.openCases += p.openCases;
    byKey.set(key, d);
  }
  return [...byKey.values()];
}

export function departmentAssessmentRow(d: DepartmentAssessment): (string | number)[] {
  return [
    d.unitName,
    d.departmentName,
    d.people,
    d.committed,
    percent(d.people ? d.committed / d.people : null),
    d.reported,
    percent(d.votes && approvalShare(d.votes)),
    d.disposalCases,
    d.openCases,
  ];
}

export const YEAR_END_UNIT_COLUMNS: readonly SheetColumn[] = [
  { header: '单位编码', width: 10 },
  { header: '单位名称', width: 22 },
  { header: '风险档案版本', width: 12 },
  { header: '档案风险点', width: 10 },
  { header: '措施已落实', width: 10 },
  { header: '措施落实率', width: 10 },
  { header: '廉政活动(次)', width: 12 },
  { header: '不定期检查(次)', width: 14 },
  { header: '处置问题(件)', width: 12 },
  { header: '整改中(件)', width: 12 },
  { header: '评估加权得分', width: 12 },
];

export function unitAssessmentRow(u: UnitAssessment): (string | number)[] {
  return [
    u.unitId,
    u.unitName,
    u.archiveVersion === null ? '未建档' : `第${u.archiveVersion}版`,
    u.archivedPoints,
    u.measuresInPlace,
    percent(u.archivedPoints ? u.measuresInPlace / u.archivedPoints : null),
    u.activities,
    u.inspections,
    u.disposalCases,
    u.openCases,
    u.evaluationScore ?? '',
  ];
}
