/** Settings of a circuit breaker. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 3; sensible 2-10. */
  readonly failureThreshold: number;
  /** How long an open circuit refuses calls before letting one trial call through, in ms. Default 30 000. */
  readonly cooldownMs: number;
  /** Milliseconds clock; `Date.now` by default (inject for tests). */
  readonly now?: () => number;
}

/** The state of a breaker: `closed` calls freely, `open` refuses, `half-open` lets one trial through. */
export type CircuitState = "closed" | "open" | "half-open";

/** Stops calling a failing provider for a cool-down period. */
export interface CircuitBreaker {
  state(): CircuitState;
  /** True when a call may go ahead now (in `half-open`, only the first caller gets true). */
  allow(): boolean;
  /** Milliseconds until an open circuit lets a trial call through (0 when not open). */
  retryInMs(): number;
  recordSuccess(): void;
  recordFailure(): void;
}

/**
 * A consecutive-failure circuit breaker: after `failureThreshold` failures in a row it opens and
 * refuses calls for `cooldownMs`; then one trial call is let through (half-open): success closes
 * it, failure opens it again for another cool-down.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  let failures = 0;
  let openedAt: number | null = null;
  let trialInFlight = false;
  const state = (): CircuitState => {
    if (openedAt === null) return "closed";
    return now() - openedAt >= options.cooldownMs ? "half-open" : "open";
  };
  return {
    state,
    allow() {
      const current = state();
      if (current === "closed") return true;
      if (current === "open" || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    retryInMs() {
      return openedAt === null ? 0 : Math.max(0, openedAt + options.cooldownMs - now());
    },
    recordSuccess() {
      failures = 0;
      openedAt = null;
      trialInFlight = false;
    },
    recordFailure() {
      failures += 1;
      if (trialInFlight || failures >= options.failureThreshold) openedAt = now();
      trialInFlight = false;
    },
  };
}
