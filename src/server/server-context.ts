import type { Logger } from "pino";
import type { Config } from "../config/schema.ts";
import type { Generator } from "../core/answer.ts";
import type { Redactor } from "../guard/redact/create-redactor.ts";
import type { DocentMetrics } from "../observe/create-metrics.ts";
import type { QualityLog } from "../observe/quality-log.ts";
import type { Store } from "../store/store.ts";
import type { ProviderReadiness } from "./provider-readiness.ts";
import type { RateLimitStore } from "./rate-limit-store.ts";

/** Settings of the HTTP server (the `server` section of the configuration plus secrets from the environment). */
export interface ServerSettings {
  /** Largest request body in bytes; larger gets 413. */
  readonly bodyLimitBytes: number;
  /** Requests per window per API key (or per IP without a key); more gets 429 with `retry-after`. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** Origins allowed by CORS; empty means same-origin only. `*` allows any. */
  readonly corsOrigins: readonly string[];
  /** When true, `/api/ask`, `/api/search` and `/api/feedback` need an API key too. */
  readonly requireKey: boolean;
  /** How long shutdown waits for in-flight answers before closing anyway. */
  readonly shutdownTimeoutMs: number;
  /** When true the raw question text is written to the structured log (off by default). */
  readonly logQuestions: boolean;
  /** Quality-log rows older than this many days are deleted (at start and daily). 0 keeps all. */
  readonly retentionDays: number;
  /** sha256 hashes of admin keys (`DOCENT_ADMIN_KEYS`). */
  readonly adminKeyHashes: readonly string[];
  /** sha256 hashes of client keys (`DOCENT_API_KEYS`); admin keys are accepted for client routes too. */
  readonly apiKeyHashes: readonly string[];
  /** Salt for hashing user ids (`DOCENT_LOG_SALT`); a random one per process when absent. */
  readonly userIdSalt: string;
}

/** Everything the routes share. */
export interface ServerContext {
  readonly store: Store;
  readonly generator: Generator;
  readonly config: Config;
  readonly settings: ServerSettings;
  readonly qualityLog: QualityLog;
  /** Probe of the configured LLM provider for `/readyz`; null for the extractive answerer. */
  readonly providerReadiness: ProviderReadiness | null;
  /** Where rate-limit counters live (in memory by default; shared, e.g. Redis, across instances). */
  readonly rateLimitStore: RateLimitStore;
  readonly redactor: Redactor;
  readonly metrics: DocentMetrics;
  readonly logger: Logger;
  /** Wall clock for record times (injectable for tests). */
  readonly now: () => Date;
  /** In-flight answers and the draining flag, for graceful shutdown. */
  readonly lifecycle: { inflight: number; draining: boolean; readonly idle: Set<() => void> };
}
