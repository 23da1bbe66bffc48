import type { Database } from "better-sqlite3";
import type { CorpusVersionNote, CorpusVersionRecord } from "../store.ts";

/** Schema of the corpus history table (migration 6): one row per applied change set. */
export const CORPUS_HISTORY_SCHEMA_SQL = `
  CREATE TABLE corpus_versions (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL,
    sources TEXT NOT NULL,
    added INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    chunks INTEGER NOT NULL
  );
`;

/** Counts of one change set, made by the store while applying it. */
export interface ChangeSetCounts {
  readonly added: number;
  readonly updated: number;
  readonly deleted: number;
}

/** The corpus history of one SQLite index: record inside a change set's transaction, list newest first. */
export interface CorpusHistory {
  /** Appends version `version`'s row; call inside the transaction that produced it. */
  record(
    version: number,
    appliedAt: string,
    counts: ChangeSetCounts,
    note: CorpusVersionNote | undefined,
  ): void;
  list(limit: number | undefined): CorpusVersionRecord[];
}

interface HistoryRow {
  version: number;
  applied_at: string;
  sources: string;
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
  documents: number;
  chunks: number;
}

/** Prepares the history statements on an open index (schema version 6 or later). */
export function createCorpusHistory(database: Database): CorpusHistory {
  const insert = database.prepare(
    `INSERT INTO corpus_versions (version, applied_at, sources, added, updated, deleted, unchanged, documents, chunks)
     VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM chunks))`,
  );
  const select = database.prepare("SELECT * FROM corpus_versions ORDER BY version DESC LIMIT ?");
  return {
    record(version, appliedAt, counts, note) {
      insert.run(
        version,
        appliedAt,
        JSON.stringify(note?.sources ?? []),
        counts.added,
        counts.updated,
        counts.deleted,
        note?.unchanged ?? 0,
      );
    },
    list(limit) {
      return (select.all(limit ?? -1) as HistoryRow[]).map((row) => ({
        version: row.version,
        appliedAt: row.applied_at,
        sources: JSON.parse(row.sources) as string[],
        added: row.added,
        updated: row.updated,
        deleted: row.deleted,
        unchanged: row.unchanged,
        documents: row.documents,
        chunks: row.chunks,
      }));
    },
  };
}
