/** A request count in a fixed window. */
export interface RateLimitCount {
  /** Requests counted for the key in the current window, this one included. */
  readonly count: number;
  /** Milliseconds until the window ends and the count starts again from 0. */
  readonly resetInMs: number;
}

/**
 * Where the server's rate-limit counters live. The default keeps them in the process's memory,
 * so each instance counts on its own (N instances behind a balancer allow N x the limit). Several
 * instances share one limit by sharing one store: a Redis one is a single round trip per request
 * (`INCR key` then `PEXPIRE key windowMs NX`, and `PTTL key` for `resetInMs`, in one `MULTI`),
 * written against this interface without touching the routes.
 */
export interface RateLimitStore {
  /** e.g. `memory`, `redis`. */
  readonly kind: string;
  /** Counts one request for `key` in its window of `windowMs` (the window starts at the key's first request). */
  increment(key: string, windowMs: number): Promise<RateLimitCount>;
}

/** Settings of {@link createMemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /** Most keys remembered; the least recently seen is forgotten first. Default 10 000. */
  readonly maxKeys?: number;
  /** Epoch-ms clock; `Date.now` by default (injectable for tests). */
  readonly now?: () => number;
}

/** Counters in this process's memory: fixed windows per key, bounded by `maxKeys` (least recently seen evicted). */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { count: number; startedAt: number }>();
  return {
    kind: "memory",
    async increment(key, windowMs) {
      const at = now();
      let window = windows.get(key);
      if (window === undefined || at - window.startedAt >= windowMs) window = { count: 0, startedAt: at };
      window.count += 1;
      // Re-insert so Map order is least- to most-recently seen.
      windows.delete(key);
      windows.set(key, window);
      if (windows.size > maxKeys) {
        const oldest = windows.keys().next().value;
        if (oldest !== undefined) windows.delete(oldest);
      }
      return { count: window.count, resetInMs: window.startedAt + windowMs - at };
    },
  };
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * Wraps a {@link RateLimitStore} as the store class `@fastify/rate-limit` expects (`incr` with a
 * callback, `child` per route). Every route shares the one store.
 */
export function toFastifyRateLimitStore(store: RateLimitStore) {
  return class DocentRateLimitStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      store.increment(key, timeWindow).then(
        (result) => callback(null, { current: result.count, ttl: result.resetInMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }
    child(): DocentRateLimitStore {
      return this;
    }
  };
}
