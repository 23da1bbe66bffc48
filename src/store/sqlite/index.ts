/** @module store/sqlite: the embedded SQLite store (one WAL file, FTS5 BM25 search, versioned schema). */
export { buildMatchExpression } from "./build-match-expression.ts";
export { createSqliteStore, type SqliteStoreOptions } from "./create-sqlite-store.ts";
export { MIGRATIONS, type Migration, SCHEMA_VERSION } from "./migrations.ts";
