import {
  CHINA_HOLIDAYS,
  WorkingDayCalendar,
  missingHolidayYears,
  validateNoticeWorkingDays,
  withHolidayYear,
} from '@pirm/domain';

describe('issue 12.11 issue 12.8 published holiday years and the notice setting (R13)', () => {
  const y2027 = { year: 2027, holidays: ['2027-05-03', '2027-05-04', '2027-05-05'], makeUpWorkdays: [] };

  it('a campaign year without data is named; publishing it clears it', () => {
    expect(missingHolidayYears('2027-04-15', '2027-11-30', CHINA_HOLIDAYS)).toEqual([2027]);
    expect(missingHolidayYears('2026-04-15', '2027-01-31', CHINA_HOLIDAYS)).toEqual([2027]);
    expect(missingHolidayYears('2027-04-15', '2027-11-30', withHolidayYear(CHINA_HOLIDAYS, y2027))).toEqual([]);
  });

  it('a published year replaces that year only, and deadlines computed with it skip its holidays', () => {
    const replaced = withHolidayYear(withHolidayYear(CHINA_HOLIDAYS, y2027), { ...y2027, holidays: ['2027-05-03'] });
    expect(replaced.map((y) => y.year)).toEqual([2025, 2026, 2027]);
    expect(replaced[2]!.holidays).toEqual(['2027-05-03']);
    // Thu 29 April + 2 working days: Mon 3 May without the data, Thu 6 May with 3–5 May off.
    expect(new WorkingDayCalendar(CHINA_HOLIDAYS).addWorkingDays('2027-04-29', 2)).toBe('2027-05-03');
    expect(new WorkingDayCalendar(withHolidayYear(CHINA_HOLIDAYS, y2027)).addWorkingDays('2027-04-29', 2)).toBe(
      '2027-05-06',
    );
  });

  it('the notice lasts at least one working day', () => {
    expect(validateNoticeWorkingDays(5)).toEqual([]);
    expect(validateNoticeWorkingDays(1)).toEqual([]);
    for (const n of [0, -1, 1.5, 61])
      expect(validateNoticeWorkingDays(n)).toEqual([
        {
          field: 'noticeWorkingDays',
          reason: 'must be a whole number of working days from 1 to 60',
          message: '须为 1 到 60 个工作日',
        },
      ]);
  });
});
