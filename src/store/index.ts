/** @module store: where documents and chunks live and are searched (SQLite by default). */

export { createSqliteStore, type SqliteStoreOptions } from "./sqlite/index.ts";
export type {
  DocumentWrite,
  FieldWeights,
  IndexChanges,
  LexicalHit,
  LexicalQuery,
  Store,
  StoredDocument,
  StoreStats,
} from "./store.ts";
