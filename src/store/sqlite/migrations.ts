import type { Database } from "better-sqlite3";
import { DocentError } from "../../core/errors.ts";
import { CORPUS_HISTORY_SCHEMA_SQL } from "./corpus-history.ts";
import { migrateToLexicalIndex } from "./lexical/migrate-to-lexical-index.ts";
import { VECTOR_SCHEMA_SQL } from "./vector-schema.ts";

/** One step of the SQLite index schema. `version` is what `PRAGMA user_version` holds after it. */
export interface Migration {
  readonly version: number;
  /** What the step changes, for messages and reviewers. */
  readonly description: string;
  /** Applies the step; runs inside the transaction `migrateDatabase` opens. */
  readonly up: (database: Database) => void;
}

/**
 * The schema, as steps applied in order. Never edit a released step: append a new one.
 *
 * The full-text table is contentless (`content=''`) with `contentless_delete=1`: the text lives
 * once, in `chunks`, and the index only holds the postings, so the file stays about half the
 * size of an external-content setup and no triggers must be kept in step with `chunks`. Rows are
 * deleted by rowid (SQLite 3.43+). What it costs: `snippet()`/`highlight()` are unavailable
 * (Docent shows chunk text from `chunks` anyway) and the index cannot be rebuilt from itself,
 * only by re-inserting from `chunks`.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "documents, chunks, contentless FTS5 index over title/headings/body, meta",
    up(database) {
      database.exec(`
        CREATE TABLE documents (
          id TEXT PRIMARY KEY,
          source TEXT NOT NULL UNIQUE,
          url TEXT NOT NULL,
          title TEXT NOT NULL,
          format TEXT NOT NULL,
          content_hash TEXT NOT NULL,
          ingested_at TEXT NOT NULL
        );
        CREATE TABLE chunks (
          fts_rowid INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          ordinal INTEGER NOT NULL,
          title TEXT NOT NULL,
          heading_path TEXT NOT NULL,
          anchor TEXT,
          url TEXT NOT NULL,
          text TEXT NOT NULL,
          content_hash TEXT NOT NULL,
          token_count INTEGER NOT NULL
        );
        CREATE INDEX chunks_by_document ON chunks(document_id, ordinal);
        CREATE VIRTUAL TABLE chunks_fts USING fts5(
          title, headings, body,
          content = '',
          contentless_delete = 1,
          tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TABLE meta (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
        INSERT INTO meta (key, value) VALUES ('corpus_version', '0');
      `);
    },
  },
  {
    version: 2,
    // Until 0.1 this step created the quality-log tables. They now belong to src/observe/, which
    // creates (or adopts) them with its own version table when the log opens; the store knows
    // nothing of them. The step stays, empty, so version numbers keep their meaning.
    description:
      "(empty) formerly the quality-log tables, now migrated by src/observe/quality-log-migrations.ts",
    up() {},
  },
  {
    version: 3,
    description:
      "documents: fetch state of crawled pages (ETag, Last-Modified, links) and the corpus version that wrote them",
    up(database) {
      database.exec(`
        ALTER TABLE documents ADD COLUMN fetch_state TEXT;
        ALTER TABLE documents ADD COLUMN corpus_version INTEGER NOT NULL DEFAULT 0;
      `);
    },
  },
  {
    version: 4,
    description:
      "embedding cache by (model, chunk key) and vector row ids (sqlite-vec table made on first use)",
    up(database) {
      database.exec(VECTOR_SCHEMA_SQL);
    },
  },
  {
    version: 5,
    description:
      "Docent's own BM25 index (lexical_postings, lexical_stats) built from the stored chunks; drops the FTS5 table",
    up(database) {
      migrateToLexicalIndex(database);
    },
  },
  {
    version: 6,
    description:
      "corpus history: one row per applied change set (version, time, sources, added/updated/deleted/unchanged)",
    up(database) {
      database.exec(CORPUS_HISTORY_SCHEMA_SQL);
    },
  },
];

/** The schema version this build of Docent writes and reads. */
export const SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;

/** The `PRAGMA user_version` of an open database. */
export function schemaVersion(database: Database): number {
  return database.pragma("user_version", { simple: true }) as number;
}

/**
 * Brings `database` up to `SCHEMA_VERSION`, applying each missing step in one transaction
 * (a failed step leaves the file as it was). A file written by a newer Docent is refused with
 * INDEX_INCOMPATIBLE rather than misread.
 *
 * @param database - an open, writable connection.
 * @param location - the file path, for messages.
 */
export function migrateDatabase(database: Database, location: string): void {
  const current = schemaVersion(database);
  assertNotNewer(current, location);
  const pending = MIGRATIONS.filter((migration) => migration.version > current);
  if (pending.length === 0) return;
  database.transaction(() => {
    for (const migration of pending) {
      migration.up(database);
      database.pragma(`user_version = ${migration.version}`);
    }
  })();
}

/** Throws INDEX_INCOMPATIBLE when `version` is from a newer schema than this build knows. */
export function assertNotNewer(version: number, location: string): void {
  if (version > SCHEMA_VERSION) {
    throw new DocentError(
      "INDEX_INCOMPATIBLE",
      `The index at ${location} has schema version ${version}, but this Docent reads up to version ${SCHEMA_VERSION}: upgrade Docent, or delete the file and run \`docent ingest <folder>\` again`,
      { details: { path: location, schemaVersion: version, supportedVersion: SCHEMA_VERSION } },
    );
  }
}
