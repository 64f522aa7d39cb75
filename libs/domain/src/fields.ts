import type { ErrorText, FieldError } from './errors';

/*
 * Reasons many validators give, each worded once in both languages so the Chinese never drifts from the English.
 * Use them as `{ field, ...REQUIRED }`.
 */
export const REQUIRED: ErrorText = { reason: 'is required', message: '必填' };
export const NOT_TEXT: ErrorText = { reason: 'must be text', message: '须为文字' };
export const NOT_A_DATE: ErrorText = { reason: 'must be a date YYYY-MM-DD', message: '须为“年-月-日”格式的日期' };
export const NOT_TRUE_OR_FALSE: ErrorText = { reason: 'must be true or false', message: '须选择“是”或“否”' };

export function tooLong(max: number): ErrorText {
  return { reason: `must be at most ${max} characters`, message: `不能超过 ${max} 个字` };
}

export function notAYear(min: number, max: number): ErrorText {
  return { reason: `must be a whole year from ${min} to ${max}`, message: `须为 ${min} 至 ${max} 年之间的年份` };
}

export function notWholeNumber(min: number, max: number): ErrorText {
  return { reason: `must be a whole number from ${min} to ${max}`, message: `须为 ${min} 到 ${max} 的整数` };
}

/** Field checks shared by every validator: each pushes at most one error naming the field. */
export function checkText(errors: FieldError[], field: string, value: unknown, max: number, required: boolean): void {
  if (value === undefined || value === null) {
    if (required) errors.push({ field, ...REQUIRED });
    return;
  }
  if (typeof value !== 'string') errors.push({ field, ...NOT_TEXT });
  else if (required && value.trim() === '') errors.push({ field, reason: 'must not be blank', message: '不能为空' });
  else if (value.length > max) errors.push({ field, ...tooLong(max) });
}

/** The longest a list's search text may be, in characters. */
export const MAX_SEARCH = 100;

/** A list's search box: trimmed, empty means no search; longer than MAX_SEARCH characters is refused. */
export function checkSearch(errors: FieldError[], raw: string | null | undefined): string | null {
  const search = raw?.trim() || null;
  if (search !== null && [...search].length > MAX_SEARCH) errors.push({ field: 'search', ...tooLong(MAX_SEARCH) });
  return search;
}

export function checkOneOf(
  errors: FieldError[],
  field: string,
  value: unknown,
  allowed: readonly string[],
  required: boolean,
): void {
  if (value === undefined || value === null) {
    if (required) errors.push({ field, ...REQUIRED });
  } else if (typeof value !== 'string' || !allowed.includes(value)) {
    errors.push({ field, reason: `must be one of ${allowed.join(', ')}`, message: '不是可选的值' });
  }
}

export function checkInteger(errors: FieldError[], field: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    errors.push({ field, ...notWholeNumber(min, max) });
  }
}
