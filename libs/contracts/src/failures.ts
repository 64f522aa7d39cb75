import { ApplicationFailure } from '@temporalio/common';
import { DomainError, ErrorCode, type FieldError } from '@pirm/domain';

/**
 * Workflow validators and handlers reject with an ApplicationFailure whose `type` is an ErrorCode and whose
 * details carry the field errors; the gateway turns it back into the same DomainError.
 */
export function rejection(code: ErrorCode, message: string, fieldErrors: readonly FieldError[] = []): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, details: [fieldErrors], nonRetryable: true });
}

/** The DomainError an ApplicationFailure from `rejection` stands for, or undefined for any other error. */
export function domainErrorFromFailure(err: unknown): DomainError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ApplicationFailure && e.type && (Object.values(ErrorCode) as string[]).includes(e.type)) {
      const fieldErrors = (e.details?.[0] as FieldError[] | undefined) ?? [];
      return new DomainError(e.type as ErrorCode, e.message, fieldErrors);
    }
  }
  return undefined;
}
