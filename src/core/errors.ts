/** Machine-readable error codes. A code never changes meaning once released. */
export type DocentErrorCode =
  | "CONFIG_INVALID"
  | "CONFIG_FILE_UNREADABLE"
  | "INDEX_MISSING"
  | "INDEX_EMPTY"
  | "INDEX_INCOMPATIBLE"
  | "INPUT_INVALID"
  | "SOURCE_NOT_FOUND"
  | "SOURCE_BLOCKED"
  | "SOURCE_UNREACHABLE"
  | "SYNC_REFUSED"
  | "DATASET_INVALID"
  | "PROVIDER_ERROR"
  | "EVAL_FAILED"
  | "PROVIDER_TIMEOUT"
  | "PROVIDER_UNAVAILABLE"
  | "BUDGET_EXHAUSTED"
  | "ABORTED"
  | "INTERNAL";

/**
 * The one base error of Docent. `message` says what went wrong and how to fix it;
 * `details` carries structured fields (the option, the value, the path) for logs and APIs.
 */
export class DocentError extends Error {
  readonly code: DocentErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: DocentErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "DocentError";
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a DocentError, optionally of the given code. */
export function isDocentError(error: unknown, code?: DocentErrorCode): error is DocentError {
  return error instanceof DocentError && (code === undefined || error.code === code);
}

/** Turns anything thrown into a one-line message fit for a user. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
