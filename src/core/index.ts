/** @module core: Docent's domain types and small interfaces; imports nothing from a vendor SDK. */

export type {
  Answer,
  AnswerChecks,
  AnswerUsage,
  Citation,
  FinishReason,
  GenerateEvent,
  GenerateOptions,
  Generator,
  GroundedPrompt,
  NumberedSource,
  RetrievedChunk,
  Usage,
} from "./answer.ts";
export type { Block, Chunk, Document, DocumentFormat } from "./document.ts";
export {
  type Embedder,
  type EmbeddingInputType,
  type EmbeddingModelInfo,
  type EmbedOptions,
  embeddingModelInfo,
} from "./embedder.ts";
export { DocentError, type DocentErrorCode, describeError, isDocentError } from "./errors.ts";
export { sha256, stableId } from "./hash.ts";
export { mapAhead } from "./map-ahead.ts";
export { percentile } from "./percentile.ts";
export { DEFAULT_ANSWER_PII_TYPES, PII_TYPES, type PiiType } from "./pii-type.ts";
export type { Reranker } from "./reranker.ts";
