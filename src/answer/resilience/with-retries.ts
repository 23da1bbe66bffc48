import type { GenerateEvent, GenerateOptions, Generator, GroundedPrompt } from "../../core/answer.ts";
import { DocentError } from "../../core/errors.ts";
import { isProviderError, ProviderError } from "../providers/provider-error.ts";
import { type BackoffOptions, backoffDelay } from "./backoff-delay.ts";
import type { CircuitBreaker } from "./circuit-breaker.ts";

/** Settings of {@link withRetries}. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt. Default 2; 0 disables retries. */
  readonly maxRetries: number;
  /** Waits `milliseconds` or until `signal` aborts; real timers by default (inject for tests). */
  readonly sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  /** When given, every call asks it first and reports its outcome to it. */
  readonly breaker?: CircuitBreaker;
}

/** Waits `milliseconds`, or less if `signal` aborts first. */
export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Wraps a generator with Docent's retry policy: an attempt that fails with a retryable error
 * (`ProviderError.isRetryable`: HTTP 408/409/429/5xx, a dropped connection, a connect or
 * first-token timeout) *before any text was streamed* is retried up to `maxRetries` times, after
 * the server's `retry-after` or an exponential backoff with full jitter. Other 4xx, malformed
 * responses and failures after text are not retried (the user already saw the text). Each
 * retry is announced with a `provider-failed` event (`action: "retry"`, the delay).
 *
 * With a `breaker`, an open circuit fails at once with `PROVIDER_UNAVAILABLE` (not retryable,
 * so a fallback chain moves on), and each attempt's outcome is recorded.
 */
export function withRetries(generator: Generator, options: RetryOptions): Generator {
  const wait = options.sleep ?? sleep;
  const { breaker } = options;
  return {
    provider: generator.provider,
    modelId: generator.modelId,
    async *generate(prompt: GroundedPrompt, callOptions: GenerateOptions = {}) {
      for (let attempt = 0; ; attempt += 1) {
        if (breaker && !breaker.allow()) {
          yield {
            type: "error",
            error: new ProviderError(
              `${generator.provider} is paused after repeated failures (circuit open); it will be tried again in ${Math.ceil(breaker.retryInMs() / 1000)} s.`,
              { provider: generator.provider, code: "PROVIDER_UNAVAILABLE", isRetryable: false },
            ),
          } satisfies GenerateEvent;
          return;
        }
        let failure: Error | null = null;
        let sawText = false;
        for await (const event of generator.generate(prompt, callOptions)) {
          if (event.type === "error") {
            failure = event.error;
            break;
          }
          if (event.type === "text-delta") sawText = true;
          yield event;
        }
        if (failure === null) {
          breaker?.recordSuccess();
          return;
        }
        const aborted =
          callOptions.signal?.aborted === true ||
          (failure instanceof DocentError && failure.code === "ABORTED");
        // A bad request (400, 401, 404...) says nothing about the provider's health.
        if (!aborted && isProviderError(failure) && (failure.isRetryable || failure.afterText))
          breaker?.recordFailure();
        if (
          !isProviderError(failure) ||
          !failure.isRetryable ||
          sawText ||
          aborted ||
          attempt >= options.maxRetries
        ) {
          yield { type: "error", error: failure } satisfies GenerateEvent;
          return;
        }
        const delayMs = backoffDelay(attempt, options, failure.retryAfterMs);
        yield {
          type: "provider-failed",
          provider: generator.provider,
          modelId: generator.modelId,
          error: failure,
          action: "retry",
          delayMs,
        } satisfies GenerateEvent;
        await wait(delayMs, callOptions.signal);
      }
    },
  };
}
