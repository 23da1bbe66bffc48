/** @module store/sqlite: the embedded SQLite store (one WAL file, Docent's own BM25 index, versioned schema). */
export { createSqliteStore, type SqliteStoreOptions } from "./create-sqlite-store.ts";
export { MIGRATIONS, type Migration, SCHEMA_VERSION } from "./migrations.ts";
