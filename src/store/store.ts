import type { Chunk, Document } from "../core/document.ts";

/** What the store keeps about a document (its blocks are not kept; its chunks are). */
export interface StoredDocument {
  readonly id: string;
  readonly source: string;
  readonly url: string;
  readonly title: string;
  readonly format: Document["format"];
  readonly contentHash: string;
  readonly chunkCount: number;
  /** ISO 8601 time of the ingest that last wrote this document. */
  readonly ingestedAt: string;
}

/** One document to write, with all of its chunks (they replace any previous chunks). */
export interface DocumentWrite {
  readonly document: Omit<Document, "blocks">;
  readonly chunks: readonly Chunk[];
}

/** A set of changes applied atomically: either all of it is visible afterwards, or none. */
export interface IndexChanges {
  readonly upserts: readonly DocumentWrite[];
  /** Sources of documents to remove, with their chunks. */
  readonly deletions: readonly string[];
}

/** Relative weights of the searchable fields in BM25 scoring. */
export interface FieldWeights {
  readonly title: number;
  readonly headings: number;
  readonly body: number;
}

/** A lexical query: analysed terms (lower-case words, stop words removed, not stemmed). */
export interface LexicalQuery {
  readonly terms: readonly string[];
  /** How many hits to return at most. */
  readonly limit: number;
  readonly fieldWeights: FieldWeights;
}

/** A lexical match: higher score is better. */
export interface LexicalHit {
  readonly chunkId: string;
  readonly score: number;
}

/** Counts that describe the index. */
export interface StoreStats {
  readonly documents: number;
  readonly chunks: number;
  /** Increases by one with every applied change set; 0 for a new index. */
  readonly corpusVersion: number;
}

/**
 * Where documents and chunks live and are searched. The SQLite store is the embedded default;
 * a Postgres store implements the same interface and passes the same shared test suite.
 * Every method is async so a networked store fits the same shape.
 */
export interface Store {
  /** e.g. `sqlite`. */
  readonly kind: string;
  /** Where the store lives, for messages (a file path, a connection string without password). */
  readonly location: string;
  /** source -> contentHash of every stored document, to decide what changed. */
  documentHashes(options?: { signal?: AbortSignal }): Promise<Map<string, string>>;
  listDocuments(options?: { signal?: AbortSignal }): Promise<StoredDocument[]>;
  /** Applies upserts and deletions in one transaction and returns the new corpus version. */
  applyChanges(changes: IndexChanges, options?: { signal?: AbortSignal }): Promise<{ corpusVersion: number }>;
  searchLexical(query: LexicalQuery, options?: { signal?: AbortSignal }): Promise<LexicalHit[]>;
  /** The chunks with these ids, in the order given; unknown ids are left out. */
  getChunks(ids: readonly string[], options?: { signal?: AbortSignal }): Promise<Chunk[]>;
  stats(options?: { signal?: AbortSignal }): Promise<StoreStats>;
  close(): Promise<void>;
}
