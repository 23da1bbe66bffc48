/** @module server: the HTTP API (JSON and server-sent events), health, metrics, OpenAPI and the web UI. */
export { apiKeyOf, hashApiKey, matchesApiKey, parseApiKeyHashes } from "./api-keys.ts";
export { buildAnswerRecord } from "./build-answer-record.ts";
export { type CreateServerOptions, createServer, type DocentServer } from "./create-server.ts";
export type { ServerContext, ServerSettings } from "./server-context.ts";
