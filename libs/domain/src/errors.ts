/**
 * The one coded error vocabulary of the service. Every layer throws `DomainError` with one of these
 * codes; the gateway maps them to GraphQL errors in exactly one place.
 */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED',
  UNAVAILABLE = 'UNAVAILABLE',
  INTERNAL = 'INTERNAL',
  /** Production: an anonymous caller sent a document of its own; it may send only a registered one's hash. */
  PERSISTED_QUERY_REQUIRED = 'PERSISTED_QUERY_REQUIRED',
  /** No registered document has this hash (the code and message automatic-persisted-query clients know). */
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  /** Production: the document asks for `__schema` or `__type`; clients load the committed schema.gql instead. */
  INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED',
}

/**
 * One rejected input field: `field` is a path such as `calendar[2].endsOn`; `reason` is for programs and logs
 * (English); `message` says the same to the person filling the form, in plain Chinese. `message` is required so
 * that no validator can leave a person with English only. (Boot configuration has its own `ConfigProblem`.)
 */
export interface FieldError {
  field: string;
  reason: string;
  message: string;
}

/** What is wrong, without where: the `reason` and `message` of a FieldError, for texts several validators share. */
export interface ErrorText {
  reason: string;
  message: string;
}

/**
 * A refusal said twice: `en` for developers, logs and API clients (the error's `message`), `zh` for the person in
 * the console, in plain Chinese. Both are required so that no refusal can leave a person with English only.
 */
export interface Bilingual {
  en: string;
  zh: string;
}

export class DomainError extends Error {
  /** The refusal for the person, in Chinese (the gateway sends it as `extensions.userMessage`). */
  readonly userMessage: string;

  constructor(
    readonly code: ErrorCode,
    message: Bilingual,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message.en);
    this.name = 'DomainError';
    this.userMessage = message.zh;
  }

  /** Rejected input; the Chinese lists the field errors' own Chinese, once each. `en` replaces the default summary. */
  static validation(fieldErrors: readonly FieldError[], en?: string): DomainError {
    const summary = fieldErrors.map((e) => `${e.field}: ${e.reason}`).join('; ');
    const zh = `填写有误：${[...new Set(fieldErrors.map((e) => e.message))].join('；')}`;
    return new DomainError(ErrorCode.VALIDATION_FAILED, { en: en ?? `Invalid input: ${summary}`, zh }, fieldErrors);
  }
}

/** Throws a VALIDATION_FAILED error when any field error was collected. */
export function assertValid(fieldErrors: readonly FieldError[]): void {
  if (fieldErrors.length > 0) throw DomainError.validation(fieldErrors);
}
