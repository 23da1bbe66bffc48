/** @module embed: the Embedder adapters (local ONNX via transformers.js, bundled USE-lite on TF.js, OpenAI-compatible HTTP) and chunk embedding inputs. */
export { type ConfiguredEmbedder, type CreateEmbedderOptions, createEmbedder } from "./create-embedder.ts";
export { createLocalEmbedder, type LocalEmbedderOptions } from "./create-local-embedder.ts";
export {
  createOpenAICompatibleEmbedder,
  type OpenAICompatibleEmbedderOptions,
} from "./create-openai-compatible-embedder.ts";
export {
  createUseLiteEmbedder,
  isUseLiteModel,
  USE_LITE_MODEL,
  type UseLiteEmbedderOptions,
} from "./create-use-lite-embedder.ts";
export { createWorkerEmbedder } from "./create-worker-embedder.ts";
export { embeddingInput, embeddingKey } from "./embedding-input.ts";
export { type ModelDefaults, modelDefaults, RECOMMENDED_EMBEDDING_MODEL } from "./known-models.ts";
export { type ModelLocation, resolveModelLocation } from "./resolve-model-location.ts";
