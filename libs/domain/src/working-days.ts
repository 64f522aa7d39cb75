import { type FieldError } from './errors';
import { type IsoDate, CST_OFFSET_MS, addDays, dateOf, endOfDay, isIsoDate, startOfDay, weekday } from './dates';
import { NOT_A_DATE, notAYear } from './fields';

/**
 * Working days in China: Monday–Friday, minus statutory public holidays, plus 调休 make-up working days
 * (weekend days declared working days). The holidays and make-up days are DATA, published each year by the
 * State Council and configurable by the district; a year without data falls back to plain Monday–Friday.
 */
export interface HolidayYear {
  year: number;
  /** Every day off of each holiday period, weekend days inside the period included (as the notice lists them). */
  holidays: IsoDate[];
  /** Weekend days declared working days (调休上班). */
  makeUpWorkdays: IsoDate[];
}

/** Upper bound on `n` for every "n working days" computation: about fourteen years, far beyond any deadline. */
export const MAX_WORKING_DAYS = 3660;

export const MIN_HOLIDAY_YEAR = 2000;
export const MAX_HOLIDAY_YEAR = 2100;

const DAY_MS = 86_400_000;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const WEEKDAY_NAMES_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

/** Every date from `from` to `to`, both inclusive: holiday periods are published as ranges. */
function period(from: IsoDate, to: IsoDate): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** The shared default must not be mutated by a caller: freeze the lists too. */
function frozen(y: HolidayYear): HolidayYear {
  Object.freeze(y.holidays);
  Object.freeze(y.makeUpWorkdays);
  return Object.freeze(y);
}

/**
 * The State Council's published schedules (国务院办公厅关于部分节假日安排的通知), transcribed date by date.
 * Both were checked against the Xinhua text of the notices; each year has 13 statutory days off
 * (《全国年节及纪念日放假办法》 as revised in November 2024), hence 261 − 13 = 248 working days.
 */
export const CHINA_HOLIDAYS: readonly HolidayYear[] = Object.freeze([
  // 国办发明电〔2024〕12号, published 2024-11-12.
  frozen({
    year: 2025,
    holidays: [
      '2025-01-01', // 元旦 New Year's Day (Wed), one day, no make-up day
      ...period('2025-01-28', '2025-02-04'), // 春节 Spring Festival: 除夕 (Tue) to 正月初七 (Tue), 8 days
      ...period('2025-04-04', '2025-04-06'), // 清明节 Qingming (Fri–Sun)
      ...period('2025-05-01', '2025-05-05'), // 劳动节 Labour Day (Thu–Mon)
      ...period('2025-05-31', '2025-06-02'), // 端午节 Dragon Boat Festival (Sat–Mon)
      ...period('2025-10-01', '2025-10-08'), // 国庆节、中秋节 National Day with Mid-Autumn (Wed–Wed), 8 days
    ],
    makeUpWorkdays: [
      '2025-01-26', // Sun, for the Spring Festival
      '2025-02-08', // Sat, for the Spring Festival
      '2025-04-27', // Sun, for Labour Day
      '2025-09-28', // Sun, for National Day
      '2025-10-11', // Sat, for National Day
    ],
  }),
  // 国务院办公厅关于2026年部分节假日安排的通知, published 2025-11-04.
  frozen({
    year: 2026,
    holidays: [
      ...period('2026-01-01', '2026-01-03'), // 元旦 New Year's Day (Thu–Sat)
      ...period('2026-02-15', '2026-02-23'), // 春节 Spring Festival: 腊月二十八 (Sun) to 正月初七 (Mon), 9 days
      ...period('2026-04-04', '2026-04-06'), // 清明节 Qingming (Sat–Mon)
      ...period('2026-05-01', '2026-05-05'), // 劳动节 Labour Day (Fri–Tue)
      ...period('2026-06-19', '2026-06-21'), // 端午节 Dragon Boat Festival (Fri–Sun)
      ...period('2026-09-25', '2026-09-27'), // 中秋节 Mid-Autumn Festival (Fri–Sun)
      ...period('2026-10-01', '2026-10-07'), // 国庆节 National Day (Thu–Wed), 7 days
    ],
    makeUpWorkdays: [
      '2026-01-04', // Sun, for New Year's Day
      '2026-02-14', // Sat, for the Spring Festival
      '2026-02-28', // Sat, for the Spring Festival
      '2026-05-09', // Sat, for Labour Day
      '2026-09-20', // Sun, for National Day
      '2026-10-10', // Sat, for National Day
    ],
  }),
]);

/**
 * Checks one year's data: every entry a real date within that year, make-up days on a Saturday or Sunday,
 * no date listed twice and none both a holiday and a make-up day. Each problem names its field path.
 */
export function validateHolidayYear(y: HolidayYear, path = 'holidays'): FieldError[] {
  const errors: FieldError[] = [];
  const yearOk = Number.isInteger(y.year) && y.year >= MIN_HOLIDAY_YEAR && y.year <= MAX_HOLIDAY_YEAR;
  if (!yearOk) {
    errors.push({ field: `${path}.year`, ...notAYear(MIN_HOLIDAY_YEAR, MAX_HOLIDAY_YEAR) });
  }
  // Where each date was first listed, so a repeat can point at it.
  const firstListed = new Map<IsoDate, string>();
  for (const key of ['holidays', 'makeUpWorkdays'] as const) {
    // The data comes from district configuration (JSON), so do not trust the static type.
    const list: unknown = y[key];
    if (!Array.isArray(list)) {
      errors.push({
        field: `${path}.${key}`,
        reason: 'must be a list of dates YYYY-MM-DD',
        message: '须为日期列表，每个日期为“年-月-日”格式',
      });
      continue;
    }
    list.forEach((d: unknown, i) => {
      const field = `${path}.${key}[${i}]`;
      if (typeof d !== 'string' || !isIsoDate(d)) {
        errors.push({ field, ...NOT_A_DATE });
        return;
      }
      if (yearOk && Number(d.slice(0, 4)) !== y.year)
        errors.push({ field, reason: `must fall within ${y.year}`, message: `须在 ${y.year} 年内` });
      if (key === 'makeUpWorkdays') {
        const wd = weekday(d);
        if (wd !== 0 && wd !== 6) {
          errors.push({
            field,
            reason: `must fall on a Saturday or Sunday (${d} is a ${WEEKDAY_NAMES[wd]})`,
            message: `调休上班日须为周六或周日（${d} 是${WEEKDAY_NAMES_ZH[wd]}）`,
          });
        }
      }
      const first = firstListed.get(d);
      if (first === undefined) firstListed.set(d, `${key}[${i}]`);
      else if (key === 'makeUpWorkdays' && first.startsWith('holidays')) {
        errors.push({
          field,
          reason: `must not also be a holiday (${first})`,
          message: `${d} 已列为放假日期，不能又是调休上班日`,
        });
      } else errors.push({ field, reason: `duplicates ${first}`, message: `${d} 重复列出` });
    });
  }
  return errors;
}

/** Checks a whole data set: each year valid, and no year given twice (which one would win would be arbitrary). */
export function validateHolidayYears(years: readonly HolidayYear[], path = 'years'): FieldError[] {
  const errors: FieldError[] = [];
  const firstIndex = new Map<number, number>();
  years.forEach((y, i) => {
    errors.push(...validateHolidayYear(y, `${path}[${i}]`));
    const first = firstIndex.get(y.year);
    if (first === undefined) firstIndex.set(y.year, i);
    else
      errors.push({
        field: `${path}[${i}].year`,
        reason: `duplicates ${path}[${first}]`,
        message: `${y.year} 年重复列出`,
      });
  });
  return errors;
}

/** Replaces (or adds) one year's data in a set: a newly published year supersedes what was there. */
export function withHolidayYear(years: readonly HolidayYear[], y: HolidayYear): HolidayYear[] {
  return [...years.filter((x) => x.year !== y.year), y].sort((a, b) => a.year - b.year);
}

/**
 * Years from `firstDay` to `lastDay` (a campaign's calendar) that have no holiday data: their "N working days"
 * would count plain Monday–Friday, so the office is told.
 */
export function missingHolidayYears(firstDay: IsoDate, lastDay: IsoDate, years: readonly HolidayYear[]): number[] {
  const have = new Set(years.map((y) => y.year));
  const missing: number[] = [];
  for (let year = Number(firstDay.slice(0, 4)); year <= Number(lastDay.slice(0, 4)); year++)
    if (!have.has(year)) missing.push(year);
  return missing;
}

/** How long a unit's risk points stay on public notice (R13), in working days, unless the campaign sets it. */
export const DEFAULT_NOTICE_WORKING_DAYS = 5;
export const MAX_NOTICE_WORKING_DAYS = 60;

export function validateNoticeWorkingDays(n: number, field = 'noticeWorkingDays'): FieldError[] {
  return Number.isInteger(n) && n >= 1 && n <= MAX_NOTICE_WORKING_DAYS
    ? []
    : [
        {
          field,
          reason: `must be a whole number of working days from 1 to ${MAX_NOTICE_WORKING_DAYS}`,
          message: `须为 1 到 ${MAX_NOTICE_WORKING_DAYS} 个工作日`,
        },
      ];
}

// Days are handled internally as whole numbers (days since 1970-01-01 in CST) so loops do no string work.
function dayIndex(date: IsoDate): number {
  return (startOfDay(date) + CST_OFFSET_MS) / DAY_MS;
}

function dateAt(index: number): IsoDate {
  const date = dateOf(index * DAY_MS - CST_OFFSET_MS);
  if (!isIsoDate(date)) throw new RangeError(`working-day arithmetic left the supported dates (day ${index})`);
  return date;
}

/** Position in the week with Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
function mondayBased(index: number): number {
  return (((index + 3) % 7) + 7) % 7;
}

/** Mondays–Fridays from a fixed origin up to and including day `index`; only differences are meaningful. */
function weekdaysThrough(index: number): number {
  const k = index + 3; // 0 = Monday 1969-12-29
  return 5 * Math.floor(k / 7) + Math.min(mondayBased(index), 4) + 1;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new RangeError(`n must be a whole number of working days from 0 to ${MAX_WORKING_DAYS}, got ${n}`);
  }
}

function checkInstant(name: string, instant: number): void {
  if (!Number.isFinite(instant)) throw new RangeError(`${name} must be a finite instant in epoch ms, got ${instant}`);
}

export class WorkingDayCalendar {
  private readonly holidays = new Set<number>();
  private readonly makeUps = new Set<number>();
  /** Holidays that fall Monday–Friday: the only ones that remove a working day. */
  private readonly weekdayHolidays: number[] = [];

  /** Copies the data, so later changes to the caller's arrays cannot move deadlines already computed. */
  constructor(years: readonly HolidayYear[] = CHINA_HOLIDAYS) {
    const errors = validateHolidayYears(years);
    if (errors.length > 0) {
      throw new RangeError(`invalid holiday data: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`);
    }
    for (const y of years) {
      for (const d of y.holidays) {
        const i = dayIndex(d);
        this.holidays.add(i);
        if (mondayBased(i) < 5) this.weekdayHolidays.push(i);
      }
      for (const d of y.makeUpWorkdays) this.makeUps.add(dayIndex(d));
    }
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.isWorkingIndex(dayIndex(date));
  }

  /** The date that is the n-th working day after `date` (n ≥ 0; n = 0 → `date` itself if it is a working day, else the next working day). */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    checkCount(n);
    return dateAt(this.step(dayIndex(date), n, 1));
  }

  /** Working days in the half-open range (from, to]: e.g. Fri→Mon = 1. Negative when to < from. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const a = dayIndex(from);
    const b = dayIndex(to);
    // Counted arithmetically over the finite data, so any span costs the same and no loop runs over days.
    return b >= a ? this.countIn(a, b) : -this.countIn(b, a);
  }

  /** Deadline instant (epoch ms) for "within n working days" of `instant`: the end of the n-th working day after the CST day containing `instant`. */
  deadlineAfter(instant: number, n: number): number {
    checkInstant('instant', instant);
    checkCount(n);
    return endOfDay(dateAt(this.step(dayIndex(dateOf(instant)), n, 1)));
  }

  /** Instant (epoch ms) of the start (00:00 CST) of the day n working days BEFORE the CST day of `deadline - 1` — used for "remind 3 working days before". */
  workingDaysBefore(deadline: number, n: number): number {
    checkInstant('deadline', deadline);
    checkCount(n);
    // `deadline` is the end of its last day (exclusive), so the day it belongs to is that of `deadline - 1`.
    return startOfDay(dateAt(this.step(dayIndex(dateOf(deadline - 1)), n, -1)));
  }

  private isWorkingIndex(index: number): boolean {
    if (this.makeUps.has(index)) return true;
    if (this.holidays.has(index)) return false;
    return mondayBased(index) < 5;
  }

  /** Working days in (a, b], a ≤ b: Mondays–Fridays, minus weekday holidays, plus make-up days. */
  private countIn(a: number, b: number): number {
    const within = (i: number): boolean => i > a && i <= b;
    let count = weekdaysThrough(b) - weekdaysThrough(a);
    for (const i of this.weekdayHolidays) if (within(i)) count -= 1;
    for (const i of this.makeUps) if (within(i)) count += 1;
    return count;
  }

  /**
   * The n-th working day from `start` in `direction` (n = 0: `start` if working, else the nearest working day
   * that way). Bounded: any D consecutive days hold at least 5(D − 6)/7 weekdays, of which at most the number
   * of holidays are days off, so the answer lies within 2(n + 1 + holidays) + 7 days.
   */
  private step(start: number, n: number, direction: 1 | -1): number {
    const limit = 2 * (n + 1 + this.holidays.size) + 7;
    let index = start;
    let remaining = n;
    for (let scanned = 0; scanned <= limit; scanned++) {
      if (remaining === 0 && this.isWorkingIndex(index)) return index;
      index += direction;
      if (remaining > 0 && this.isWorkingIndex(index)) {
        remaining -= 1;
        if (remaining === 0) return index;
      }
    }
    throw new RangeError(`no working day found within ${limit} days of ${dateAt(start)}`);
  }
}
