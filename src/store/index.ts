/** @module store: where documents and chunks live and are searched (SQLite by default). */
export type {
  DocumentWrite,
  FieldWeights,
  IndexChanges,
  LexicalHit,
  LexicalQuery,
  Store,
  StoreStats,
  StoredDocument,
} from "./store.ts";
