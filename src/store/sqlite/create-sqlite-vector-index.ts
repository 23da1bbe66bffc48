import type { Database, Statement } from "better-sqlite3";
import * as sqliteVec from "sqlite-vec";
import { DocentError } from "../../core/errors.ts";
import type {
  EmbeddingWrite,
  FusionCalibration,
  IndexEmbeddingModel,
  VectorHit,
  VectorQuery,
} from "../store.ts";
import { createSqliteVectorScan } from "./vector-scan/create-sqlite-vector-scan.ts";
import { DEFAULT_VECTOR_SEARCH, type VectorSearchSettings } from "./vector-scan/vector-search-settings.ts";
import { createVectorTableSql, DROP_VECTOR_TABLE_SQL } from "./vector-schema.ts";

const MODEL_META_KEY = "embedding_model";
const CALIBRATION_META_KEY = "fusion_calibration";
/** sqlite-vec's largest `k` for one KNN query. */
const MAX_K = 4096;

/**
 * Loads the sqlite-vec extension into a connection (needed by every connection that reads or
 * deletes chunks of an index with vectors, because a trigger keeps the vector table in step).
 */
export function loadVectorExtension(database: Database): void {
  sqliteVec.load(database);
}

/**
 * The vector side of the SQLite store, on an open connection with sqlite-vec loaded: cosine KNN
 * (`settings.method`: sqlite-vec's exact brute force over a `vec0` table, or the in-memory
 * `binary-rescore` scan of `vector-scan/`), the embedding cache and the index's model record.
 * `apply` runs inside the store's change-set transaction.
 */
export function createSqliteVectorIndex(
  database: Database,
  location: string,
  settings: VectorSearchSettings = DEFAULT_VECTOR_SEARCH,
) {
  const scan = settings.method === "binary-rescore" ? createSqliteVectorScan(database, settings) : null;
  const readMeta = database.prepare("SELECT value FROM meta WHERE key = ?").pluck();
  const writeMeta = database.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  const deleteMeta = database.prepare("DELETE FROM meta WHERE key = ?");
  const countVectors = database.prepare("SELECT COUNT(*) FROM vector_rows").pluck();
  const countChunks = database.prepare("SELECT COUNT(*) FROM chunks").pluck();
  const insertCache = database.prepare(
    "INSERT OR REPLACE INTO embedding_cache (model, key, vector) VALUES (?, ?, ?)",
  );
  const insertRow = database.prepare("INSERT INTO vector_rows (chunk_id, key) VALUES (?, ?)");
  const hasRow = database.prepare("SELECT 1 FROM vector_rows WHERE chunk_id = ?").pluck();
  const chunkExists = database.prepare("SELECT 1 FROM chunks WHERE id = ?").pluck();
  const pruneCache = database.prepare(
    "DELETE FROM embedding_cache WHERE model = ? AND key NOT IN (SELECT key FROM vector_rows)",
  );
  const cached = database.prepare(
    "SELECT key, vector FROM embedding_cache WHERE model = ? AND key IN (SELECT value FROM json_each(?))",
  );
  const allChunkIds = database.prepare("SELECT id FROM chunks ORDER BY rowid").pluck();
  const chunkIdsWithoutRows = database
    .prepare(
      "SELECT id FROM chunks WHERE NOT EXISTS (SELECT 1 FROM vector_rows WHERE vector_rows.chunk_id = chunks.id) ORDER BY rowid",
    )
    .pluck();
  const rowChunkIds = database.prepare(
    "SELECT rowid, chunk_id FROM vector_rows WHERE rowid IN (SELECT value FROM json_each(?))",
  );
  let insertVector: Statement<unknown[]> | null = null;
  let searchVectors: Statement<unknown[]> | null = null;

  function model(): { key: string; dimensions: number } | null {
    const value = readMeta.get(MODEL_META_KEY) as string | undefined;
    return value ? (JSON.parse(value) as { key: string; dimensions: number }) : null;
  }

  function prepareVectorStatements(): void {
    insertVector ??= database.prepare("INSERT INTO chunk_vectors (rowid, embedding) VALUES (?, ?)");
    searchVectors ??= database.prepare(
      "SELECT rowid, distance FROM chunk_vectors WHERE embedding MATCH ? AND k = ? ORDER BY distance",
    );
  }

  /** sqlite-vec's exact KNN, scores as cosine similarity (1 - cosine distance). */
  function exactSearch(query: VectorQuery): Array<{ rowid: number; score: number }> {
    prepareVectorStatements();
    const rows = searchVectors?.all(query.vector, Math.min(MAX_K, Math.floor(query.limit))) as Array<{
      rowid: number;
      distance: number;
    }>;
    return rows.map((row) => ({ rowid: row.rowid, score: 1 - row.distance }));
  }

  return {
    /** The index's model with its vector count and calibration, or null. */
    describe(): IndexEmbeddingModel | null {
      const current = model();
      if (!current) return null;
      const calibration = readMeta.get(CALIBRATION_META_KEY) as string | undefined;
      return {
        ...current,
        vectors: Number(countVectors.get()),
        calibration: calibration ? (JSON.parse(calibration) as FusionCalibration) : null,
      };
    },

    /**
     * Writes vectors of a change set and checks that every chunk has one when the index holds
     * vectors. Throws INDEX_INCOMPATIBLE (rolling the change set back) when they would mix.
     */
    apply(
      write: EmbeddingWrite | undefined,
      /** `check: false` writes only (a part of a sync session); `wroteVectors`: earlier parts wrote some. */
      { check = true, wroteVectors = false }: { check?: boolean; wroteVectors?: boolean } = {},
    ): void {
      const current = model();
      if (write) {
        if (current?.key !== write.model.key || current.dimensions !== write.model.dimensions) {
          database.exec(DROP_VECTOR_TABLE_SQL);
          insertVector = null;
          searchVectors = null;
          database.exec(createVectorTableSql(write.model.dimensions));
          writeMeta.run(
            MODEL_META_KEY,
            JSON.stringify({ key: write.model.key, dimensions: write.model.dimensions }),
          );
          deleteMeta.run(CALIBRATION_META_KEY);
        }
        prepareVectorStatements();
        for (const { chunkId, key, vector } of write.vectors) {
          if (vector.length !== write.model.dimensions) {
            throw new DocentError(
              "INTERNAL",
              `A vector of ${vector.length} dimensions was given for model ${write.model.key} (${write.model.dimensions})`,
            );
          }
          insertCache.run(
            write.model.key,
            key,
            Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
          );
          if (hasRow.get(chunkId) || !chunkExists.get(chunkId)) continue;
          const { lastInsertRowid } = insertRow.run(chunkId, key);
          insertVector?.run(BigInt(lastInsertRowid), vector);
        }
        // Pruned once, at the session's end: a part must not drop cached vectors a later part reuses.
        if (check) pruneCache.run(write.model.key);
      }
      if (!check) return;
      const after = model();
      if (!after) return;
      if (!write && wroteVectors) pruneCache.run(after.key);
      const missing = Number(countChunks.get()) - Number(countVectors.get());
      if (missing > 0) {
        throw new DocentError(
          "INDEX_INCOMPATIBLE",
          `The index at ${location} holds vectors of the embedding model ${after.key}, and this change would leave ${missing} chunk(s) without one` +
            (write || wroteVectors
              ? ""
              : `: configure that model (--embed-model / DOCENT_EMBED_MODEL / embedding.model) to ingest into it, or delete the index to go back to BM25 only`),
          { details: { path: location, embeddingModel: after.key, chunksWithoutVectors: missing } },
        );
      }
    },

    /** Nearest chunks by cosine similarity, best first. */
    search(query: VectorQuery): VectorHit[] {
      const current = model();
      if (!current || query.limit <= 0) return [];
      if (query.vector.length !== current.dimensions) {
        throw new DocentError(
          "INDEX_INCOMPATIBLE",
          `A ${query.vector.length}-dimensional query vector was given, but the index at ${location} holds ${current.dimensions}-dimensional vectors of ${current.key}`,
          { details: { path: location, embeddingModel: current.key } },
        );
      }
      // Inside an open sync session the scan is not used: it would see rows that may roll back.
      const rows: Array<{ rowid: number; score: number }> =
        scan && !database.inTransaction
          ? scan.search(current, query.vector, Math.floor(query.limit))
          : exactSearch(query);
      const chunkIds = new Map(
        (
          rowChunkIds.all(JSON.stringify(rows.map((row) => row.rowid))) as Array<{
            rowid: number;
            chunk_id: string;
          }>
        ).map((row) => [row.rowid, row.chunk_id]),
      );
      const hits: VectorHit[] = [];
      for (const row of rows) {
        const chunkId = chunkIds.get(row.rowid);
        if (chunkId !== undefined) hits.push({ chunkId, score: row.score });
      }
      return hits;
    },

    /** The in-memory scan's last build (rows, milliseconds, bytes), or null (none yet, or `exact`). */
    scanBuild() {
      return scan?.lastBuild() ?? null;
    },

    /** Ids of chunks lacking a vector of `modelKey`. */
    chunkIdsWithoutVectors(modelKey: string): string[] {
      return (model()?.key === modelKey ? chunkIdsWithoutRows.all() : allChunkIds.all()) as string[];
    },

    cachedEmbeddings(modelKey: string, keys: readonly string[]): Map<string, Float32Array> {
      const result = new Map<string, Float32Array>();
      if (keys.length === 0) return result;
      for (const row of cached.all(modelKey, JSON.stringify(keys)) as Array<{
        key: string;
        vector: Buffer;
      }>) {
        const copy = new Uint8Array(row.vector);
        result.set(row.key, new Float32Array(copy.buffer, 0, copy.byteLength / 4));
      }
      return result;
    },

    saveCalibration(calibration: FusionCalibration): void {
      if (!model()) {
        throw new DocentError(
          "INDEX_INCOMPATIBLE",
          `The index at ${location} has no vectors: nothing to calibrate`,
          {
            details: { path: location },
          },
        );
      }
      writeMeta.run(CALIBRATION_META_KEY, JSON.stringify(calibration));
    },
  };
}
