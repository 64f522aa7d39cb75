import { DomainError } from '@pirm/domain';
import { checkIdempotencyKey, checkUuid, isUuid } from '../../../apps/gateway/src/graphql/formats';

const fieldErrorsOf = (check: () => void): unknown => {
  try {
    check();
    return 'ACCEPTED';
  } catch (err) {
    return err instanceof DomainError ? err.fieldErrors.map((e) => e.field) : err;
  }
};

describe('input formats are checked in one place (issue 17)', () => {
  it('issue 17: an idempotency key is 1–100 of letters, digits, _ . : -; a bad one is a field error naming the field', () => {
    expect(
      ['matrix-decide', 'a.b:c_d', 'x'.repeat(100)].map((k) => fieldErrorsOf(() => checkIdempotencyKey(k))),
    ).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    expect(['', 'bad key!', 'x'.repeat(101), '钥匙'].map((k) => fieldErrorsOf(() => checkIdempotencyKey(k)))).toEqual([
      ['idempotencyKey'],
      ['idempotencyKey'],
      ['idempotencyKey'],
      ['idempotencyKey'],
    ]);
    expect(fieldErrorsOf(() => checkIdempotencyKey('bad key!', 'input.idempotencyKey'))).toEqual([
      'input.idempotencyKey',
    ]);
  });

  it('issue 17: an id is a UUID in its 8-4-4-4-12 form, not any 36 hex digits and dashes', () => {
    expect(isUuid('0f8c7be0-1234-4abc-8def-0123456789ab')).toBe(true);
    expect(
      ['------------------------------------', '0f8c7be01234-4abc-8def-0123456789ab-', 'nope'].map(isUuid),
    ).toEqual([false, false, false]);
    expect(fieldErrorsOf(() => checkUuid('caseId', 'nope'))).toEqual(['caseId']);
  });

  it('issue 17: the format errors are said in Chinese too', () => {
    const messages = (check: () => void): unknown[] => {
      try {
        check();
        return [];
      } catch (err) {
        return (err as DomainError).fieldErrors.map((e) => e.message);
      }
    };
    expect(messages(() => checkUuid('caseId', 'nope'))).toEqual(['不是有效的编号']);
    expect(messages(() => checkIdempotencyKey('bad key!'))).toEqual(['请求编号须为 1 到 100 个字母、数字或 _ . : -']);
  });
});
