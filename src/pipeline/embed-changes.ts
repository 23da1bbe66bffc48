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
  const { embedder, model } = configured;
  const { signal } = options;
  const now = options.now ?? (() => performance.now());
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
  const emptySummary = { model: model.key, embedded: 0, cached: 0, seconds: 0, chunksPerSecond: 0 };
  if (chunks.length === 0 && indexModel?.key === model.key)
    return { write: undefined, summary: emptySummary };

  const keys = chunks.map(embeddingKey);
  const vectors = await store.cachedEmbeddings(model.key, [...new Set(keys)], { signal });
  const cachedCount = keys.filter((key) => vectors.has(key)).length;
  const missing = new Map<string, string>();
  for (const [index, chunk] of chunks.entries()) {
    const key = keys[index] as string;
    if (!vectors.has(key) && !missing.has(key)) missing.set(key, embeddingInput(chunk));
  }

  const started = now();
  const pending = [...missing];
  const batchSize = Math.max(1, embedder.maxBatchSize);
  options.onProgress?.({ done: 0, total: pending.length });
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
    options.onProgress?.({ done: Math.min(start + batchSize, pending.length), total: pending.length });
  }
  const seconds = (now() - started) / 1000;

  const write: EmbeddingWrite = {
    model,
    vectors: chunks.map((chunk, index) => {
      const key = keys[index] as string;
      return { chunkId: chunk.id, key, vector: vectors.get(key) as Float32Array };
    }),
  };
  return {
    write,
    summary: {
      model: model.key,
      embedded: pending.length,
      cached: cachedCount,
      seconds,
      chunksPerSecond: pending.length > 0 && seconds > 0 ? pending.length / seconds : 0,
    },
  };
}
