import { Args, Int } from '@nestjs/graphql';
import type { PipeTransform } from '@nestjs/common';
import { DomainError, notWholeNumber, type FieldError } from '@pirm/domain';

/** The ceiling of every page size (`first`); each list may set a lower one. The cost limit assumes it for a variable `first`. */
export const PAGE_SIZE = { max: 500 };

class PageSizePipe implements PipeTransform<unknown, number> {
  constructor(private readonly max: number) {}

  transform(value: unknown): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > this.max) {
      throw DomainError.validation([{ field: 'first', ...notWholeNumber(1, this.max) }]);
    }
    return value;
  }
}

/** A page size (`first`) a list that checks its own bound refuses. */
export function pageSizeError(max: number): FieldError {
  return { field: 'first', reason: `must be 1 to ${max}`, message: `每页条数须为 1 到 ${max}` };
}

/** An `after` cursor a list did not hand out (or one from an older version of the list). */
export const NOT_A_CURSOR: FieldError = {
  field: 'after',
  reason: 'is not a cursor from this list',
  message: '翻页位置已失效，请从第一页重新加载',
};

/**
 * The one page-size argument of every list: `first`, 1 to `max` (at most PAGE_SIZE.max), documented in the
 * schema; anything else is a field error naming `first`, never a clamp or a silent default.
 */
export function PageSizeArg(defaultValue: number, max: number = PAGE_SIZE.max): ParameterDecorator {
  const bound = Math.min(max, PAGE_SIZE.max);
  return Args(
    'first',
    { type: () => Int, defaultValue, description: `Page size: 1 to ${bound} (default ${defaultValue}).` },
    new PageSizePipe(bound),
  );
}
