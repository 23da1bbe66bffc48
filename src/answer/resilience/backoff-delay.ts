/** Settings of exponential backoff with jitter. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms, before jitter. Default 500; sensible 100-2000. */
  readonly baseDelayMs: number;
  /** Cap of any delay, in ms. Default 8000; sensible 1000-60 000. */
  readonly maxDelayMs: number;
  /** Random number in [0, 1); `Math.random` by default (inject for tests). */
  readonly random?: () => number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): "full jitter" exponential
 * backoff, a random delay in [0, min(maxDelayMs, baseDelayMs · 2^attempt)]. Full jitter spreads
 * clients that failed together so they do not retry together (AWS architecture blog, 2015).
 * When the server sent `retry-after`, that wins, capped at `maxDelayMs`.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  retryAfterMs: number | null = null,
): number {
  if (retryAfterMs !== null) return Math.min(options.maxDelayMs, Math.max(0, retryAfterMs));
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt));
  const random = options.random ?? Math.random;
  return Math.round(ceiling * random());
}
