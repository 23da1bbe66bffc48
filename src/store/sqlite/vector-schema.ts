/**
 * Tables of the vector side of the SQLite index (migration 3).
 *
 * - `embedding_cache`: every vector computed, by (model key, chunk embedding key), so an
 *   unchanged chunk is never embedded twice by one model, even when its document is rewritten.
 * - `vector_rows`: which chunk each row of the sqlite-vec table `chunk_vectors` belongs to.
 *   `chunk_vectors` itself (`vec0`, cosine distance) is created when the first vectors arrive,
 *   because its width is the model's; a trigger then drops a chunk's vector with the chunk.
 */
export const VECTOR_SCHEMA_SQL = `
  CREATE TABLE embedding_cache (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, key)
  ) WITHOUT ROWID;
  CREATE TABLE vector_rows (
    rowid INTEGER PRIMARY KEY,
    chunk_id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL
  );
  CREATE INDEX vector_rows_by_key ON vector_rows(key);
`;

/** The sqlite-vec table and the trigger that keeps it in step with `chunks`, for `dimensions`-wide vectors. */
export function createVectorTableSql(dimensions: number): string {
  return `
    CREATE VIRTUAL TABLE chunk_vectors USING vec0(embedding float[${Math.floor(dimensions)}] distance_metric=cosine);
    CREATE TRIGGER chunk_vectors_follow_chunks AFTER DELETE ON chunks BEGIN
      DELETE FROM chunk_vectors WHERE rowid = (SELECT rowid FROM vector_rows WHERE chunk_id = OLD.id);
      DELETE FROM vector_rows WHERE chunk_id = OLD.id;
    END;
  `;
}

/** Drops the sqlite-vec table, its trigger and the row map (before switching models). */
export const DROP_VECTOR_TABLE_SQL = `
  DROP TRIGGER IF EXISTS chunk_vectors_follow_chunks;
  DROP TABLE IF EXISTS chunk_vectors;
  DELETE FROM vector_rows;
`;
