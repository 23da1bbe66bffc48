import type { Chunk } from "../core/document.ts";
import type { ConfiguredEmbedder } from "../embed/create-embedder.ts";
import { embeddingInput, embeddingKey } from "../embed/embedding-input.ts";
import type { DocumentWrite, EmbeddingWrite, Store } from "../store/store.ts";

/** Progress of embedding, reported after each batch. */
export interface EmbedProgress {
  readonly done: number;
  readonly total: number;
}

/** What embedding a change set did. */
export interface EmbedSummary {
  /** The index's model key after the change set. */
  readonly model: string;
  /** Chunks embedded now (cache misses). */
  readonly embedded: number;
  /** Chunks whose vector came from the cache (unchanged content). */
  readonly cached: number;
  readonly seconds: number;
  /** Embedded chunks per second of embedding time (0 when none were embedded). */
  readonly chunksPerSecond: number;
}

/**
 * Vectors for a change set: every upserted chunk, plus every chunk already in the index that
 * has no vector of this model (all of them after a model switch, or the rest of an interrupted
 * ingest). Vectors cached under (model, `embeddingKey`) are reused; only the others are
 * embedded, in batches of the embedder's size (deduplicated by key). Returns `write: undefined`
 * when nothing needs writing.
 */
export async function embedChanges(
  store: Store,
  configured: ConfiguredEmbedder,
  changes: { readonly upserts: readonly DocumentWrite[]; readonly deletions: readonly string[] },
  options: { signal?: AbortSignal; onProgress?: (progress: EmbedProgress) => void; now?: () => number } = {},
): Promise<{ write: EmbeddingWrite | undefined; summary: EmbedSummary }> {
  const { model } = configured;
  const { signal } = options;
  const indexModel = await store.embeddingModel({ signal });
  const rewritten = new Set(changes.upserts.map((write) => write.document.id));
  if (changes.deletions.length > 0) {
    const deleted = new Set(changes.deletions);
    for (const document of await store.listDocuments({ signal }))
      if (deleted.has(document.source)) rewritten.add(document.id);
  }
  const existing = (await store.chunksWithoutVectors(model.key, { signal })).filter(
    (chunk) => !rewritten.has(chunk.documentId),
  );
  const chunks: Chunk[] = [...changes.upserts.flatMap((write) => write.chunks), ...existing];
  if (chunks.length === 0 && indexModel?.key === model.key)
    return {
      write: undefined,
      summary: { model: model.key, embedded: 0, cached: 0, seconds: 0, chunksPerSecond: 0 },
    };
  const batches = createBatchEmbedder(store, configured, options);
  const write = await batches.embed(chunks);
  return { write, summary: batches.summary() };
}

/** Embeds chunks batch by batch for one sync, adding up what it did. */
export interface BatchEmbedder {
  /**
   * Vectors for these chunks, from the cache where it has them (read through the store, so inside
   * an open sync session it sees that session's writes), else embedded in batches of the
   * embedder's size (deduplicated by key).
   */
  embed(chunks: readonly Chunk[]): Promise<EmbeddingWrite>;
  /** What every `embed` call so far did. */
  summary(): EmbedSummary;
}

/**
 * A {@link BatchEmbedder}: the streaming ingest calls it once per batch of documents, and
 * `embedChanges` once for a whole change set. `onProgress` counts embedded (not cached) chunks
 * over all calls; its total grows as batches arrive.
 */
export function createBatchEmbedder(
  store: Store,
  configured: ConfiguredEmbedder,
  options: { signal?: AbortSignal; onProgress?: (progress: EmbedProgress) => void; now?: () => number } = {},
): BatchEmbedder {
  const { embedder, model } = configured;
  const { signal } = options;
  const now = options.now ?? (() => performance.now());
  const batchSize = Math.max(1, embedder.maxBatchSize);
  let embedded = 0;
  let cachedCount = 0;
  let milliseconds = 0;
  return {
    async embed(chunks) {
      const keys = chunks.map(embeddingKey);
      const vectors = await store.cachedEmbeddings(model.key, [...new Set(keys)], { signal });
      cachedCount += keys.filter((key) => vectors.has(key)).length;
      const missing = new Map<string, string>();
      for (const [index, chunk] of chunks.entries()) {
        const key = keys[index] as string;
        if (!vectors.has(key) && !missing.has(key)) missing.set(key, embeddingInput(chunk));
      }
      const started = now();
      const pending = [...missing];
      const total = embedded + pending.length;
      options.onProgress?.({ done: embedded, total });
      for (let start = 0; start < pending.length; start += batchSize) {
        const batch = pending.slice(start, start + batchSize);
        const batchVectors = await embedder.embed(
          batch.map(([, text]) => text),
          { signal, inputType: "document" },
        );
        for (const [index, [key]] of batch.entries()) {
          const vector = batchVectors[index];
          if (vector) vectors.set(key, vector);
        }
        embedded += batch.length;
        options.onProgress?.({ done: embedded, total });
      }
      milliseconds += now() - started;
      return {
        model,
        vectors: chunks.map((chunk, index) => {
          const key = keys[index] as string;
          return { chunkId: chunk.id, key, vector: vectors.get(key) as Float32Array };
        }),
      };
    },
    summary() {
      const seconds = milliseconds / 1000;
      return {
        model: model.key,
        embedded,
        cached: cachedCount,
        seconds,
        chunksPerSecond: embedded > 0 && seconds > 0 ? embedded / seconds : 0,
      };
    },
  };
}
