import {
  CHINA_HOLIDAYS,
  MAX_WORKING_DAYS,
  WorkingDayCalendar,
  isIsoDate,
  startOfDay,
  validateHolidayYear,
  validateHolidayYears,
  type HolidayYear,
} from '@pirm/domain';

const iso = (instant: number): string => new Date(instant).toISOString();

describe('working-day calendar (R09 review deadlines, escalation in working days)', () => {
  const cal = new WorkingDayCalendar();

  describe('the published State Council schedules', () => {
    it('holds 2025 and 2026 with the exact make-up working days', () => {
      expect(CHINA_HOLIDAYS.map((y) => y.year)).toEqual([2025, 2026]);
      expect(CHINA_HOLIDAYS[0]!.makeUpWorkdays).toEqual([
        '2025-01-26',
        '2025-02-08',
        '2025-04-27',
        '2025-09-28',
        '2025-10-11',
      ]);
      expect(CHINA_HOLIDAYS[1]!.makeUpWorkdays).toEqual([
        '2026-01-04',
        '2026-02-14',
        '2026-02-28',
        '2026-05-09',
        '2026-09-20',
        '2026-10-10',
      ]);
      // Days off as announced: 2025 = 1 + 8 + 3 + 5 + 3 + 8; 2026 = 3 + 9 + 3 + 5 + 3 + 3 + 7.
      expect(CHINA_HOLIDAYS[0]!.holidays).toHaveLength(28);
      expect(CHINA_HOLIDAYS[1]!.holidays).toHaveLength(33);
      expect(CHINA_HOLIDAYS[1]!.holidays.slice(3, 12)).toEqual([
        '2026-02-15',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-02-21',
        '2026-02-22',
        '2026-02-23',
      ]);
      expect(validateHolidayYears(CHINA_HOLIDAYS)).toEqual([]);
    });

    it('gives each year 248 working days (261 weekdays less the 13 statutory days off)', () => {
      expect(cal.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
      expect(cal.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
    });

    it('cannot be altered by a caller', () => {
      expect(Object.isFrozen(CHINA_HOLIDAYS)).toBe(true);
      expect(Object.isFrozen(CHINA_HOLIDAYS[1]!.holidays)).toBe(true);
    });
  });

  describe('isWorkingDay and addWorkingDays', () => {
    it('counts plain weeks Monday to Friday', () => {
      expect(cal.isWorkingDay('2026-03-11')).toBe(true); // Wednesday
      expect(cal.isWorkingDay('2026-03-14')).toBe(false); // Saturday
      expect(cal.isWorkingDay('2026-03-15')).toBe(false); // Sunday
      expect(cal.addWorkingDays('2026-03-09', 1)).toBe('2026-03-10');
      expect(cal.addWorkingDays('2026-03-09', 5)).toBe('2026-03-16');
      expect(cal.addWorkingDays('2026-03-09', 10)).toBe('2026-03-23');
    });

    it('moves Friday + 1 to Monday', () => {
      expect(cal.addWorkingDays('2026-03-13', 1)).toBe('2026-03-16');
      expect(cal.addWorkingDays('2026-03-14', 1)).toBe('2026-03-16'); // from a Saturday too
    });

    it('skips the National Day 2026 holidays', () => {
      expect(cal.isWorkingDay('2026-10-01')).toBe(false); // Thursday
      expect(cal.isWorkingDay('2026-10-05')).toBe(false); // Monday
      expect(cal.isWorkingDay('2026-10-07')).toBe(false); // Wednesday
      expect(cal.isWorkingDay('2026-10-08')).toBe(true);
      expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
      // Mid-Autumn Friday 2026-09-25 is off as well.
      expect(cal.addWorkingDays('2026-09-24', 1)).toBe('2026-09-28');
    });

    it('counts a make-up Saturday or Sunday as a working day', () => {
      expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday
      expect(cal.isWorkingDay('2026-09-20')).toBe(true); // Sunday
      expect(cal.isWorkingDay('2025-01-26')).toBe(true); // Sunday
      expect(cal.isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
      expect(cal.addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
      expect(cal.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
      expect(cal.addWorkingDays('2026-09-30', 4)).toBe('2026-10-12');
    });

    it('carries across New Year, between years with and without data', () => {
      // 2026-01-01..03 off, Sunday 2026-01-04 a make-up day.
      expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
      expect(cal.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
      // 2024 has no data, 2025-01-01 (Wednesday) is off.
      expect(cal.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
      // 2026 into 2027 (no data): Thursday 2026-12-31 + 1 = Friday 2027-01-01.
      expect(cal.addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
    });

    it('with n = 0 keeps a working day and moves a weekend or holiday to the next working day', () => {
      expect(cal.addWorkingDays('2026-03-11', 0)).toBe('2026-03-11');
      expect(cal.addWorkingDays('2026-03-14', 0)).toBe('2026-03-16');
      expect(cal.addWorkingDays('2026-10-03', 0)).toBe('2026-10-08');
      expect(cal.addWorkingDays('2026-02-14', 0)).toBe('2026-02-14'); // make-up Saturday
    });

    it('falls back to Monday–Friday in a year with no data', () => {
      expect(cal.isWorkingDay('2030-01-01')).toBe(true); // Tuesday: New Year, but no schedule loaded
      expect(cal.isWorkingDay('2030-10-01')).toBe(true);
      expect(cal.isWorkingDay('2030-01-05')).toBe(false); // Saturday
      expect(cal.workingDaysBetween('2026-12-31', '2027-12-31')).toBe(261);
      const plain = new WorkingDayCalendar([]);
      expect(plain.isWorkingDay('2026-10-01')).toBe(true);
      expect(plain.isWorkingDay('2026-10-10')).toBe(false);
      expect(plain.addWorkingDays('2026-09-30', 1)).toBe('2026-10-01');
    });

    it('uses a district’s own data and ignores later changes to the arrays passed in', () => {
      const district: HolidayYear = { year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: ['2027-01-09'] };
      const own = new WorkingDayCalendar([district]);
      expect(own.isWorkingDay('2027-01-01')).toBe(false);
      expect(own.isWorkingDay('2027-01-09')).toBe(true);
      expect(own.isWorkingDay('2026-10-01')).toBe(true); // 2026 not given: Mon–Fri
      district.holidays.push('2027-01-04');
      expect(own.isWorkingDay('2027-01-04')).toBe(true);
    });
  });

  describe('workingDaysBetween (half-open range (from, to])', () => {
    it('counts Friday → Monday as 1 and is negative backwards', () => {
      expect(cal.workingDaysBetween('2026-03-13', '2026-03-16')).toBe(1);
      expect(cal.workingDaysBetween('2026-03-16', '2026-03-13')).toBe(-1);
      expect(cal.workingDaysBetween('2026-03-13', '2026-03-13')).toBe(0);
      expect(cal.workingDaysBetween('2026-03-09', '2026-03-23')).toBe(10);
    });

    it('counts only 2026-10-08, 09 and the make-up 10 across National Day, in both directions', () => {
      expect(cal.workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
      expect(cal.workingDaysBetween('2026-10-10', '2026-09-30')).toBe(-3);
      expect(cal.workingDaysBetween('2025-12-31', '2026-01-05')).toBe(2);
      expect(cal.workingDaysBetween('2026-01-05', '2025-12-31')).toBe(-2);
    });

    it('agrees with addWorkingDays', () => {
      for (const [from, n] of [
        ['2026-02-13', 7],
        ['2025-09-26', 12],
        ['2026-12-25', 30],
      ] as const) {
        expect(cal.workingDaysBetween(from, cal.addWorkingDays(from, n))).toBe(n);
      }
    });
  });

  describe('deadline instants (China Standard Time, UTC+8)', () => {
    it('ends the n-th working day after the CST day of the instant', () => {
      const tenAmSep30 = Date.parse('2026-09-30T02:00:00.000Z'); // 10:00 CST
      expect(iso(cal.deadlineAfter(tenAmSep30, 2))).toBe('2026-10-09T16:00:00.000Z');
      expect(iso(cal.deadlineAfter(tenAmSep30, 3))).toBe('2026-10-10T16:00:00.000Z');
      expect(iso(cal.deadlineAfter(tenAmSep30, 0))).toBe('2026-09-30T16:00:00.000Z');
    });

    it('uses the CST day, not the UTC day', () => {
      // 2026-09-29T16:00Z is 00:00 on 30 September in CST; one millisecond earlier is still 29 September.
      expect(iso(cal.deadlineAfter(Date.parse('2026-09-29T16:00:00.000Z'), 1))).toBe('2026-10-08T16:00:00.000Z');
      expect(iso(cal.deadlineAfter(Date.parse('2026-09-29T15:59:59.999Z'), 1))).toBe('2026-09-30T16:00:00.000Z');
    });

    it('finds the start of the day n working days before the deadline’s last day', () => {
      const endOfOct12 = Date.parse('2026-10-12T16:00:00.000Z'); // deadline at the end of Monday 12 October
      expect(iso(cal.workingDaysBefore(endOfOct12, 0))).toBe('2026-10-11T16:00:00.000Z');
      expect(iso(cal.workingDaysBefore(endOfOct12, 1))).toBe('2026-10-09T16:00:00.000Z'); // make-up Saturday 10th
      expect(iso(cal.workingDaysBefore(endOfOct12, 2))).toBe('2026-10-08T16:00:00.000Z'); // 2026-10-09 00:00 CST
      expect(iso(cal.workingDaysBefore(endOfOct12, 3))).toBe('2026-10-07T16:00:00.000Z');
      expect(iso(cal.workingDaysBefore(endOfOct12, 4))).toBe('2026-09-29T16:00:00.000Z'); // over the holiday
      // A deadline at the end of an ordinary Sunday: n = 0 falls back to the Saturday make-up day.
      expect(iso(cal.workingDaysBefore(Date.parse('2026-10-11T16:00:00.000Z'), 0))).toBe('2026-10-09T16:00:00.000Z');
      // Across New Year backwards from the end of Monday 2026-01-05: the make-up Sunday 4th, then 2025-12-31, 30.
      const endOfJan5 = Date.parse('2026-01-05T16:00:00.000Z');
      expect(cal.workingDaysBefore(endOfJan5, 1)).toBe(startOfDay('2026-01-04'));
      expect(cal.workingDaysBefore(endOfJan5, 2)).toBe(startOfDay('2025-12-31'));
      expect(iso(cal.workingDaysBefore(endOfJan5, 3))).toBe('2025-12-29T16:00:00.000Z');
    });
  });

  describe('validation', () => {
    it('names each problem in a year’s data with its field path', () => {
      const bad: HolidayYear = {
        year: 2026,
        holidays: ['2026-10-01', '2026-02-30', '2025-12-31', '2026-10-01'],
        makeUpWorkdays: ['2026-10-10', '2026-10-12', '2026-10-01'],
      };
      expect(validateHolidayYear(bad)).toEqual([
        { field: 'holidays.holidays[1]', reason: 'must be a date YYYY-MM-DD', message: '须为“年-月-日”格式的日期' },
        { field: 'holidays.holidays[2]', reason: 'must fall within 2026', message: '须在 2026 年内' },
        { field: 'holidays.holidays[3]', reason: 'duplicates holidays[0]', message: '2026-10-01 重复列出' },
        {
          field: 'holidays.makeUpWorkdays[1]',
          reason: 'must fall on a Saturday or Sunday (2026-10-12 is a Monday)',
          message: '调休上班日须为周六或周日（2026-10-12 是周一）',
        },
        {
          field: 'holidays.makeUpWorkdays[2]',
          reason: 'must fall on a Saturday or Sunday (2026-10-01 is a Thursday)',
          message: '调休上班日须为周六或周日（2026-10-01 是周四）',
        },
        {
          field: 'holidays.makeUpWorkdays[2]',
          reason: 'must not also be a holiday (holidays[0])',
          message: '2026-10-01 已列为放假日期，不能又是调休上班日',
        },
      ]);
    });

    it('rejects a bad year and a repeated make-up day, under the given path', () => {
      expect(
        validateHolidayYear(
          { year: 1999.5, holidays: [], makeUpWorkdays: ['2026-10-10', '2026-10-10'] },
          'district.years[2]',
        ),
      ).toEqual([
        {
          field: 'district.years[2].year',
          reason: 'must be a whole year from 2000 to 2100',
          message: '须为 2000 至 2100 年之间的年份',
        },
        {
          field: 'district.years[2].makeUpWorkdays[1]',
          reason: 'duplicates makeUpWorkdays[0]',
          message: '2026-10-10 重复列出',
        },
      ]);
    });

    it('makes the constructor throw a RangeError naming the problems', () => {
      const saturdayOff: HolidayYear = { year: 2027, holidays: [], makeUpWorkdays: ['2027-01-04'] };
      expect(() => new WorkingDayCalendar([saturdayOff])).toThrow(
        new RangeError(
          'invalid holiday data: years[0].makeUpWorkdays[0]: must fall on a Saturday or Sunday (2027-01-04 is a Monday)',
        ),
      );
      const twice: HolidayYear[] = [
        { year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: [] },
        { year: 2027, holidays: [], makeUpWorkdays: [] },
      ];
      expect(() => new WorkingDayCalendar(twice)).toThrow(
        new RangeError('invalid holiday data: years[1].year: duplicates years[0]'),
      );
    });
  });

  describe('bounds', () => {
    it.each([-1, 1.5, MAX_WORKING_DAYS + 1, Number.NaN, Number.POSITIVE_INFINITY])('rejects n = %p', (n) => {
      const message = `n must be a whole number of working days from 0 to 3660, got ${n}`;
      expect(() => cal.addWorkingDays('2026-03-09', n)).toThrow(new RangeError(message));
      expect(() => cal.deadlineAfter(startOfDay('2026-03-09'), n)).toThrow(new RangeError(message));
      expect(() => cal.workingDaysBefore(startOfDay('2026-03-09'), n)).toThrow(new RangeError(message));
    });

    it('accepts n up to 3660 and rejects bad dates and instants', () => {
      expect(MAX_WORKING_DAYS).toBe(3660);
      const far = cal.addWorkingDays('2026-01-01', MAX_WORKING_DAYS);
      expect(isIsoDate(far)).toBe(true);
      expect(cal.workingDaysBetween('2026-01-01', far)).toBe(MAX_WORKING_DAYS);
      expect(() => cal.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
      expect(() => cal.isWorkingDay('2026-1-5')).toThrow(RangeError);
      expect(() => cal.deadlineAfter(Number.NaN, 1)).toThrow(
        new RangeError('instant must be a finite instant in epoch ms, got NaN'),
      );
    });
  });
});
