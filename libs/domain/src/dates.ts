/**
 * Calendar dates as `YYYY-MM-DD` strings, interpreted in China Standard Time (UTC+8, no daylight saving),
 * the time zone of every unit this service serves. Instants are epoch milliseconds; callers pass "now" in.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** UTC+8 */
export const CST_OFFSET_MS = 8 * 3_600_000;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Midnight at the start of `date` in China Standard Time, as epoch ms. */
export function startOfDay(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m || !isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - CST_OFFSET_MS;
}

/** Midnight at the end of `date` (the first instant after it) in China Standard Time. */
export function endOfDay(date: IsoDate): number {
  return startOfDay(date) + DAY_MS;
}

/** The China Standard Time calendar date of an instant. */
export function dateOf(instant: number): IsoDate {
  return new Date(instant + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return dateOf(startOfDay(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, for the date in China Standard Time. */
export function weekday(date: IsoDate): number {
  return new Date(startOfDay(date) + CST_OFFSET_MS).getUTCDay();
}
