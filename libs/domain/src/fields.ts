import type { FieldError } from './errors';

/** Field checks shared by every validator: each pushes at most one error naming the field. */
export function checkText(errors: FieldError[], field: string, value: unknown, max: number, required: boolean): void {
  if (value === undefined || value === null) {
    if (required) errors.push({ field, reason: 'is required', message: '必填' });
    return;
  }
  if (typeof value !== 'string') errors.push({ field, reason: 'must be text', message: '须为文字' });
  else if (required && value.trim() === '') errors.push({ field, reason: 'must not be blank', message: '不能为空' });
  else if (value.length > max)
    errors.push({ field, reason: `must be at most ${max} characters`, message: `不能超过 ${max} 个字` });
}

export function checkOneOf(
  errors: FieldError[],
  field: string,
  value: unknown,
  allowed: readonly string[],
  required: boolean,
): void {
  if (value === undefined || value === null) {
    if (required) errors.push({ field, reason: 'is required', message: '必填' });
  } else if (typeof value !== 'string' || !allowed.includes(value)) {
    errors.push({ field, reason: `must be one of ${allowed.join(', ')}`, message: '不是可选的值' });
  }
}

export function checkInteger(errors: FieldError[], field: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    errors.push({
      field,
      reason: `must be a whole number from ${min} to ${max}`,
      message: `须为 ${min} 到 ${max} 的整数`,
    });
  }
}
