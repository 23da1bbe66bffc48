import type { Database } from "better-sqlite3";
import { type BinaryVectorScan, createBinaryVectorScan, type ScanRow } from "./create-binary-vector-scan.ts";
import { EXACT_RESCORE_MARGIN, type VectorSearchSettings } from "./vector-search-settings.ts";

/** What a built scan was built from: it is stale when any of these changed. */
interface ScanIdentity {
  readonly corpusVersion: string;
  readonly modelKey: string;
  readonly dimensions: number;
}

/** How long the last build took and what it holds (for benchmarks and logs). */
export interface VectorScanBuild {
  readonly rows: number;
  readonly milliseconds: number;
  readonly bytes: number;
  readonly exactScores: boolean;
}

/**
 * The `binary-rescore` vector search of the SQLite store: a `createBinaryVectorScan` index built
 * from the stored float32 vectors on the first query and rebuilt, on the next query, after the
 * corpus version or the embedding model changed (so writes of this process and of other
 * processes sharing the file are both seen). Chunk ids are looked up for the final hits only.
 * When the index keeps float16 copies, the best `limit + 16` candidates are re-scored from the
 * float32 vectors in `embedding_cache`, so every returned score is the exact cosine.
 */
export function createSqliteVectorScan(database: Database, settings: VectorSearchSettings) {
  const readMeta = database.prepare("SELECT value FROM meta WHERE key = ?").pluck();
  const countRows = database.prepare("SELECT COUNT(*) FROM vector_rows").pluck();
  const storedVectors = database
    .prepare(
      `SELECT vector_rows.rowid, embedding_cache.vector FROM vector_rows
       CROSS JOIN embedding_cache ON embedding_cache.model = ? AND embedding_cache.key = vector_rows.key`,
    )
    .raw(true);
  const exactVectors = database
    .prepare(
      `SELECT vector_rows.rowid, embedding_cache.vector FROM vector_rows
       CROSS JOIN embedding_cache ON embedding_cache.model = ? AND embedding_cache.key = vector_rows.key
       WHERE vector_rows.rowid IN (SELECT value FROM json_each(?))`,
    )
    .raw(true);
  let built: { identity: ScanIdentity; scan: BinaryVectorScan } | null = null;
  let lastBuild: VectorScanBuild | null = null;

  function identityNow(model: { key: string; dimensions: number }): ScanIdentity {
    return {
      corpusVersion: String(readMeta.get("corpus_version") ?? "0"),
      modelKey: model.key,
      dimensions: model.dimensions,
    };
  }

  function build(identity: ScanIdentity): BinaryVectorScan {
    const started = performance.now();
    const capacity = Number(countRows.get());
    const float32 = capacity * identity.dimensions * 4 <= settings.float32MemoryMb * 1024 * 1024;
    function* rows(): Generator<ScanRow> {
      for (const [rowid, blob] of storedVectors.iterate(identity.modelKey) as Iterable<[number, Buffer]>) {
        yield { rowid, vector: toFloat32(blob) };
      }
    }
    // Drop the old index first, so two never sit in memory at once.
    built = null;
    const scan = createBinaryVectorScan(rows(), { dimensions: identity.dimensions, capacity, float32 });
    built = { identity, scan };
    lastBuild = {
      rows: scan.size,
      milliseconds: performance.now() - started,
      bytes: scan.bytes,
      exactScores: scan.exactScores,
    };
    return scan;
  }

  return {
    /**
     * Nearest stored rows by cosine, best first, as `{ rowid, score }`; the caller maps rowids
     * to chunk ids. `model` is the index's current model.
     */
    search(
      model: { key: string; dimensions: number },
      vector: Float32Array,
      limit: number,
    ): Array<{ rowid: number; score: number }> {
      const identity = identityNow(model);
      const current = built?.identity;
      const scan =
        built &&
        current?.corpusVersion === identity.corpusVersion &&
        current.modelKey === identity.modelKey &&
        current.dimensions === identity.dimensions
          ? built.scan
          : build(identity);
      const candidates = Math.max(settings.minimumCandidates, Math.ceil(settings.rescoreFactor * limit));
      if (scan.exactScores) return scan.search(vector, limit, candidates);
      const rough = scan.search(vector, limit + EXACT_RESCORE_MARGIN, candidates);
      return exactRescore(model.key, vector, rough).slice(0, limit);
    },

    /** The last build's size and time, or null before the first query. */
    lastBuild(): VectorScanBuild | null {
      return lastBuild;
    },
  };

  function exactRescore(
    modelKey: string,
    query: Float32Array,
    rough: ReadonlyArray<{ rowid: number }>,
  ): Array<{ rowid: number; score: number }> {
    if (rough.length === 0) return [];
    let queryNorm = 0;
    for (const value of query) queryNorm += value * value;
    const rows = exactVectors.all(modelKey, JSON.stringify(rough.map((hit) => hit.rowid))) as Array<
      [number, Buffer]
    >;
    const hits = rows.map(([rowid, blob]) => {
      const stored = toFloat32(blob);
      let dot = 0;
      let norm = 0;
      for (let i = 0; i < stored.length; i++) {
        const value = stored[i] as number;
        dot += value * (query[i] as number);
        norm += value * value;
      }
      return { rowid, score: norm > 0 && queryNorm > 0 ? dot / Math.sqrt(norm * queryNorm) : 0 };
    });
    return hits.sort((left, right) => right.score - left.score);
  }
}

/** A stored vector blob as a Float32Array (copied when the blob is not 4-byte aligned). */
function toFloat32(blob: Buffer): Float32Array {
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  const copy = new Uint8Array(blob);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

/** The vector search of `createSqliteVectorScan`. */
export type SqliteVectorScan = ReturnType<typeof createSqliteVectorScan>;
