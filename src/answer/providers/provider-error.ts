import { DocentError, type DocentErrorCode } from "../../core/errors.ts";

/** HTTP statuses worth retrying: the same request may succeed later. */
const RETRYABLE_STATUSES = new Set([408, 409, 429]);

/** True for 408, 409, 429 and every 5xx (including Anthropic's 529 "overloaded"). */
export function isRetryableStatus(statusCode: number): boolean {
  return RETRYABLE_STATUSES.has(statusCode) || (statusCode >= 500 && statusCode <= 599);
}

/**
 * A failed call to a model provider. `statusCode` is the HTTP status when there was one;
 * `isRetryable` says whether the same request may succeed later (408/409/429/5xx, a dropped
 * connection or a connect/first-token timeout); `retryAfterMs` is the server's `retry-after`.
 */
export class ProviderError extends DocentError {
  readonly provider: string;
  readonly statusCode: number | null;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | null;
  /** True when some answer text had already been streamed when it failed (nothing can be retried then). */
  readonly afterText: boolean;

  constructor(
    message: string,
    options: {
      provider: string;
      code?: DocentErrorCode;
      statusCode?: number | null;
      isRetryable: boolean;
      retryAfterMs?: number | null;
      afterText?: boolean;
      cause?: unknown;
    },
  ) {
    super(options.code ?? "PROVIDER_ERROR", message, {
      cause: options.cause,
      details: { provider: options.provider, statusCode: options.statusCode ?? null },
    });
    this.name = "ProviderError";
    this.provider = options.provider;
    this.statusCode = options.statusCode ?? null;
    this.isRetryable = options.isRetryable;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.afterText = options.afterText ?? false;
  }
}

/** True when `error` is a ProviderError. */
export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/**
 * Reads a `retry-after` (seconds or an HTTP date) or `retry-after-ms` header into milliseconds.
 * Returns null when absent or unreadable; never negative.
 *
 * @param headers - Response headers with lower-case names.
 * @param nowMs - Current time in epoch milliseconds, for the HTTP-date form.
 */
export function parseRetryAfter(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  nowMs: number = Date.now(),
): number | null {
  if (!headers) return null;
  const milliseconds = headers["retry-after-ms"];
  if (milliseconds !== undefined && milliseconds.trim() !== "" && Number.isFinite(Number(milliseconds))) {
    return Math.max(0, Number(milliseconds));
  }
  const value = headers["retry-after"];
  if (value === undefined || value.trim() === "") return null;
  if (/^\d+(?:\.\d+)?$/u.test(value.trim())) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
