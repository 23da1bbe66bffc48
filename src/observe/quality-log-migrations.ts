import type { Database } from "better-sqlite3";
import { DocentError } from "../core/errors.ts";

/** One step of the quality-log schema; `version` is what `quality_log_schema` holds after it. */
export interface QualityLogMigration {
  readonly version: number;
  readonly description: string;
  /** Applies the step; runs inside the transaction {@link migrateQualityLog} opens. */
  readonly up: (database: Database) => void;
}

/**
 * The quality-log tables, kept in the index's SQLite file beside (not inside) the index tables,
 * with their own version table (`quality_log_schema`), so the store knows nothing of them and
 * the index's `user_version` is the store's alone. Every text column holds redacted text only;
 * user ids are salted hashes. Never edit a released step: append one.
 *
 * Step 1 uses `IF NOT EXISTS`: index files written before this split got the same tables from
 * the store's (now empty) migration 2, and are adopted as they are, rows included.
 */
export const QUALITY_LOG_MIGRATIONS: readonly QualityLogMigration[] = [
  {
    version: 1,
    description: "answers with their trace; feedback joined by answer id",
    up(database) {
      database.exec(`
        CREATE TABLE IF NOT EXISTS quality_answers (
          id TEXT PRIMARY KEY,
          created_at TEXT NOT NULL,
          question TEXT NOT NULL,
          answer TEXT NOT NULL,
          refused INTEGER NOT NULL,
          refusal_reason TEXT,
          user_hash TEXT,
          conversation_id TEXT,
          provider TEXT NOT NULL,
          model TEXT NOT NULL,
          prompt_version TEXT,
          corpus_version INTEGER NOT NULL,
          retrieve_ms REAL,
          generate_ms REAL,
          total_ms REAL NOT NULL,
          input_tokens INTEGER,
          output_tokens INTEGER,
          cost_usd REAL,
          error TEXT,
          retrieved_ids TEXT NOT NULL,
          cited_ids TEXT NOT NULL,
          top_source_title TEXT
        );
        CREATE INDEX IF NOT EXISTS quality_answers_by_time ON quality_answers(created_at);
        CREATE TABLE IF NOT EXISTS quality_feedback (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          answer_id TEXT NOT NULL,
          created_at TEXT NOT NULL,
          rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
          comment TEXT,
          user_hash TEXT
        );
        CREATE INDEX IF NOT EXISTS quality_feedback_by_answer ON quality_feedback(answer_id);
        CREATE INDEX IF NOT EXISTS quality_feedback_by_time ON quality_feedback(created_at);
      `);
    },
  },
  {
    version: 2,
    description:
      "answers: cached and cache-write input tokens, truncation, and the failed attempts (retries, fallbacks) before the answer",
    up(database) {
      database.exec(`
        ALTER TABLE quality_answers ADD COLUMN cached_input_tokens INTEGER;
        ALTER TABLE quality_answers ADD COLUMN cache_write_input_tokens INTEGER;
        ALTER TABLE quality_answers ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE quality_answers ADD COLUMN attempts TEXT NOT NULL DEFAULT '[]';
      `);
    },
  },
];

/** The quality-log schema version this build writes and reads. */
export const QUALITY_LOG_SCHEMA_VERSION: number = QUALITY_LOG_MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Brings the quality-log tables of `database` up to {@link QUALITY_LOG_SCHEMA_VERSION} in one
 * immediate transaction (two processes opening the log at once apply each step once). A file
 * whose quality log is newer than this build is refused with `INDEX_INCOMPATIBLE`.
 *
 * @param database - an open, writable connection to the index file.
 * @param location - the file path, for messages.
 */
export function migrateQualityLog(database: Database, location: string): void {
  database
    .transaction(() => {
      database.exec("CREATE TABLE IF NOT EXISTS quality_log_schema (version INTEGER NOT NULL)");
      const row = database.prepare("SELECT version FROM quality_log_schema").get() as
        | { version: number }
        | undefined;
      const current = row?.version ?? 0;
      if (current > QUALITY_LOG_SCHEMA_VERSION) {
        throw new DocentError(
          "INDEX_INCOMPATIBLE",
          `The quality log in ${location} has schema version ${current}, but this Docent reads up to version ${QUALITY_LOG_SCHEMA_VERSION}: upgrade Docent`,
          {
            details: { path: location, schemaVersion: current, supportedVersion: QUALITY_LOG_SCHEMA_VERSION },
          },
        );
      }
      const pending = QUALITY_LOG_MIGRATIONS.filter((migration) => migration.version > current);
      for (const migration of pending) migration.up(database);
      if (pending.length === 0) return;
      database.exec("DELETE FROM quality_log_schema");
      database.prepare("INSERT INTO quality_log_schema (version) VALUES (?)").run(QUALITY_LOG_SCHEMA_VERSION);
    })
    .immediate();
}
