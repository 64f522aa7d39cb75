import { DomainError } from '@pirm/domain';

/** A client's idempotency key: 1–100 letters, digits or _ . : - (it becomes part of a workflow's update id). */
const IDEMPOTENCY_KEY = /^[\w.:-]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be a record id; one that cannot is looked up as nothing (PostgreSQL would refuse it). */
export const isUuid = (value: string): boolean => UUID.test(value);

/** A field error naming `field` unless `value` can be a record id. */
export function checkUuid(field: string, value: string): void {
  if (!isUuid(value)) throw DomainError.validation([{ field, reason: 'is not an id', message: '不是有效的编号' }]);
}

/** A field error naming the key's field unless the key has the one idempotency-key format. */
export function checkIdempotencyKey(key: string, field = 'idempotencyKey'): void {
  if (!IDEMPOTENCY_KEY.test(key))
    throw DomainError.validation([
      {
        field,
        reason: 'must be 1–100 letters, digits or _ . : -',
        message: '请求编号须为 1 到 100 个字母、数字或 _ . : -',
      },
    ]);
}
