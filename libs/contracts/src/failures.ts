import { ApplicationFailure, type RetryPolicy } from '@temporalio/common';
import { type Bilingual, DomainError, ErrorCode, type FieldError } from '@pirm/domain';

/**
 * Workflow validators and handlers reject with an ApplicationFailure whose `type` is an ErrorCode and whose
 * details carry the field errors and the Chinese message; the gateway turns it back into the same DomainError.
 */
export function rejectionOf(error: DomainError): ApplicationFailure {
  return ApplicationFailure.create({
    type: error.code,
    message: error.message,
    details: [error.fieldErrors, error.userMessage],
    nonRetryable: true,
  });
}

/** The rejection of a refusal without field errors (for rejected input, `rejectionOf(DomainError.validation(…))`). */
export function rejection(code: ErrorCode, message: Bilingual): ApplicationFailure {
  return rejectionOf(new DomainError(code, message));
}

/** Said to the person when a failure recorded before the Chinese message travelled in its details is read back. */
const UNTRANSLATED = '操作未能完成，请刷新后重试';

/** The DomainError an ApplicationFailure from `rejectionOf` stands for, or undefined for any other error. */
export function domainErrorFromFailure(err: unknown): DomainError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ApplicationFailure && e.type && (Object.values(ErrorCode) as string[]).includes(e.type)) {
      const fieldErrors = (e.details?.[0] as FieldError[] | undefined) ?? [];
      const zh = (e.details?.[1] as string | undefined) ?? UNTRANSLATED;
      return new DomainError(e.type as ErrorCode, { en: e.message, zh }, fieldErrors);
    }
  }
  return undefined;
}

/** The type of an activity failure caused by data the database refuses (SQLSTATE class 22): retrying cannot cure it. */
export const INVALID_DATA = 'INVALID_DATA';

/**
 * The retry policy of every activity: a database that is away (a restart, a failover) is waited for, about two
 * hours at most, and bad input fails at once, so no activity retries forever.
 */
export const ACTIVITY_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  maximumInterval: '1 minute',
  maximumAttempts: 120,
  nonRetryableErrorTypes: [ErrorCode.VALIDATION_FAILED, INVALID_DATA],
};

/**
 * The failure an activity reports for `err`: a domain validation error or a database data error become
 * non-retryable ApplicationFailures (the gateway still reads the validation's code and field errors); anything
 * else is returned as it is, to be retried.
 */
export function activityFailure(err: unknown): unknown {
  if (err instanceof DomainError && err.code === ErrorCode.VALIDATION_FAILED) return rejectionOf(err);
  const sqlState =
    (err as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ??
    (err as { code?: unknown } | null)?.code;
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    return ApplicationFailure.create({
      type: INVALID_DATA,
      message: `the database refused the data (SQLSTATE ${sqlState})`,
      nonRetryable: true,
    });
  }
  return err;
}
