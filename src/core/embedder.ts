/** What an embedding is for: some models embed questions with an instruction prefix, passages without. */
export type EmbeddingInputType = "query" | "document";

/** Options of one `embed` call. */
export interface EmbedOptions {
  readonly signal?: AbortSignal;
  /** `query` for questions, `document` for chunks (the default). */
  readonly inputType?: EmbeddingInputType;
}

/**
 * Something that turns texts into vectors: a local ONNX model, an OpenAI-compatible HTTP API.
 * Vectors are L2-normalised, so a dot product is their cosine similarity.
 */
export interface Embedder {
  /** e.g. `local`, `openai-compatible`. */
  readonly provider: string;
  /** The model, as configured (a hub id, a folder name, an API model name). */
  readonly modelId: string;
  /** Length of every vector this embedder returns. */
  readonly dimensions: number;
  /** Most texts sent in one call to the model or API; callers split larger inputs. */
  readonly maxBatchSize: number;
  /** One vector per text, in order. Rejects when the signal is aborted. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
  /** Releases the model or worker; the embedder cannot be used afterwards. */
  close?(): Promise<void>;
}

/** The identity of the vectors in an index: it refuses vectors of any other model. */
export interface EmbeddingModelInfo {
  /**
   * `provider:modelId`, plus anything else that changes the document vectors (a document
   * prefix). Two embedders with the same key give interchangeable vectors.
   */
  readonly key: string;
  readonly dimensions: number;
}

/** The index identity of an embedder's vectors. */
export function embeddingModelInfo(embedder: Embedder, documentPrefix = ""): EmbeddingModelInfo {
  const prefix = documentPrefix ? `|document-prefix=${documentPrefix}` : "";
  return { key: `${embedder.provider}:${embedder.modelId}${prefix}`, dimensions: embedder.dimensions };
}
