import {
  departmentAssessmentRow,
  departmentAssessments,
  personAssessmentRow,
  unitAssessmentRow,
  type PersonAssessment,
} from '@pirm/domain';

const person = (over: Partial<PersonAssessment> = {}): PersonAssessment => ({
  unitName: '第一小学',
  departmentName: '教务处',
  code: 's001-0011',
  name: '王老师',
  position: '教师',
  postName: '语文教师',
  postGrade: 'C',
  commitments: 0,
  commitmentPlaces: [],
  dutyReported: false,
  votes: null,
  rating: null,
  disposalCases: 0,
  openCases: 0,
  openMeasure: null,
  ...over,
});

describe('R21 year-end assessment rows', () => {
  it('a person’s row: commitments, duty report, appraisal with its approval share, and rectification', () => {
    const row = personAssessmentRow(
      person({
        commitments: 2,
        commitmentPlaces: ['家长会', '校务公开栏'],
        dutyReported: true,
        votes: { GOOD: 30, FAIRLY_GOOD: 6, AVERAGE: 3, POOR: 1 },
        disposalCases: 2,
        openCases: 1,
        openMeasure: 'ADMONITION',
      }),
    );
    expect(row.slice(7)).toEqual([2, '家长会、校务公开栏', '已述职', '30/6/3/1', '', '90%', 2, '整改中（告诫劝勉）']);
    expect(personAssessmentRow(person({ disposalCases: 1 })).at(-1)).toBe('已整改');
    expect(personAssessmentRow(person({ rating: 'AVERAGE' })).slice(9, 13)).toEqual(['未述职', '', '一般', '']);
  });

  it('departments total their people: commitment rate, reports, pooled approval share, cases', () => {
    const people = [
      person({ commitments: 1, dutyReported: true, votes: { GOOD: 8, FAIRLY_GOOD: 0, AVERAGE: 2, POOR: 0 } }),
      person({
        code: 'b',
        commitments: 0,
        votes: { GOOD: 0, FAIRLY_GOOD: 0, AVERAGE: 0, POOR: 10 },
        disposalCases: 1,
        openCases: 1,
      }),
      person({ code: 'c', departmentName: '总务处' }),
    ];
    const [academic, general] = departmentAssessments(people);
    expect(departmentAssessmentRow(academic!)).toEqual(['第一小学', '教务处', 2, 1, '50%', 1, '40%', 1, 1]);
    expect(departmentAssessmentRow(general!)).toEqual(['第一小学', '总务处', 1, 0, '0%', 0, '', 0, 0]);
  });

  it('a unit’s integrity assessment: archive version, measures in place ratio, evaluation score', () => {
    const unit = {
      unitId: 's001',
      unitName: '第一小学',
      archiveVersion: 2,
      archivedPoints: 8,
      measuresInPlace: 6,
      activities: 7,
      inspections: 1,
      disposalCases: 1,
      openCases: 0,
      evaluationScore: 86.5,
    };
    expect(unitAssessmentRow(unit)).toEqual(['s001', '第一小学', '第2版', 8, 6, '75%', 7, 1, 1, 0, 86.5]);
    expect(
      unitAssessmentRow({
        ...unit,
        archiveVersion: null,
        archivedPoints: 0,
        measuresInPlace: 0,
        evaluationScore: null,
      }).slice(2, 6),
    ).toEqual(['未建档', 0, 0, '']);
  });
});
