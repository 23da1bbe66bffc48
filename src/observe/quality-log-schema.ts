/**
 * The quality-log tables, kept in the index's SQLite file beside (not inside) the index tables.
 * Applied by a migration in `src/store/sqlite/migrations.ts`. Every text column holds redacted
 * text only; user ids are salted hashes.
 */
export const QUALITY_LOG_SCHEMA_SQL = `
  CREATE TABLE quality_answers (
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
  CREATE INDEX quality_answers_by_time ON quality_answers(created_at);
  CREATE TABLE quality_feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    user_hash TEXT
  );
  CREATE INDEX quality_feedback_by_answer ON quality_feedback(answer_id);
  CREATE INDEX quality_feedback_by_time ON quality_feedback(created_at);
`;
