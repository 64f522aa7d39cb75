import { Args, Int } from '@nestjs/graphql';
import type { PipeTransform } from '@nestjs/common';
import { DomainError } from '@pirm/domain';

/** The ceiling of every page size (`first`); each list may set a lower one. The cost limit assumes it for a variable `first`. */
export const PAGE_SIZE = { max: 500 };

class PageSizePipe implements PipeTransform<unknown, number> {
  constructor(private readonly max: number) {}

  transform(value: unknown): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > this.max) {
      throw DomainError.validation([{ field: 'first', reason: `must be a whole number from 1 to ${this.max}` }]);
    }
    return value;
  }
}

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
