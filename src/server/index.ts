/** @module server: the HTTP API (JSON and server-sent events), health, metrics, OpenAPI and the web UI. */
export { apiKeyOf, hashApiKey, matchesApiKey, parseApiKeyHashes } from "./api-keys.ts";
export { buildAnswerRecord } from "./build-answer-record.ts";
export { type CreateServerOptions, createServer, type DocentServer } from "./create-server.ts";
export {
  createProviderReadiness,
  createProviderReadinessFromConfig,
  type ProviderReadiness,
  type ProviderReadinessReport,
} from "./provider-readiness.ts";
export {
  createMemoryRateLimitStore,
  type RateLimitCount,
  type RateLimitStore,
  toFastifyRateLimitStore,
} from "./rate-limit-store.ts";
export type { ServerContext, ServerSettings } from "./server-context.ts";
