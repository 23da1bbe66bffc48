import type { Chunk, Document } from "../core/document.ts";
import type { EmbeddingModelInfo } from "../core/embedder.ts";

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
  /** The corpus version of the change set that last wrote this document (0 when unknown). */
  readonly corpusVersion: number;
  /** How a crawled page was fetched, for conditional re-fetches; null for files. */
  readonly fetchState: FetchState | null;
}

/** What a crawler remembers about a fetched page, so the next crawl can ask "changed since?". */
export interface FetchState {
  /** The URL requested (before redirects and canonicalisation). */
  readonly requestedUrl: string;
  /** The response's `ETag`, sent back as `If-None-Match`. */
  readonly etag?: string;
  /** The response's `Last-Modified`, sent back as `If-Modified-Since`. */
  readonly lastModified?: string;
  /** Same-site links found on the page, so an unchanged page (304) still leads the crawl on. */
  readonly links?: readonly string[];
}

/** One document to write, with all of its chunks (they replace any previous chunks). */
export interface DocumentWrite {
  readonly document: Omit<Document, "blocks">;
  readonly chunks: readonly Chunk[];
  /** Fetch state of a crawled page; omitted for files. */
  readonly fetchState?: FetchState;
}

/** A set of changes applied atomically: either all of it is visible afterwards, or none. */
export interface IndexChanges {
  readonly upserts: readonly DocumentWrite[];
  /** Sources of documents to remove, with their chunks. */
  readonly deletions: readonly string[];
  /**
   * Vectors to store with this change set (optional). The index keeps vectors of one model only:
   * a different `model` replaces all vectors, and the change set must then cover every chunk.
   * After the change set, every chunk of an index with vectors must have one, else it fails.
   */
  readonly embeddings?: EmbeddingWrite;
  /** What the corpus history records about this change set beyond what the store can count itself. */
  readonly note?: CorpusVersionNote;
}

/**
 * One change set written in parts (see `Store.beginSync`). Deletions and writes apply in the order
 * called; a document written twice in one session keeps the last write. A call that fails rolls
 * the whole session back and closes it.
 */
export interface SyncSession {
  /** Writes documents with all of their chunks (replacing stored ones), with their vectors if any. */
  write(
    upserts: readonly DocumentWrite[],
    options?: { embeddings?: EmbeddingWrite; signal?: AbortSignal },
  ): Promise<void>;
  /** Removes stored documents (by source) with their chunks; unknown sources are ignored. */
  delete(sources: readonly string[], options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Makes every part visible at once as the next corpus version and records it in the corpus
   * history. `embeddings` are written first (as with `write`); afterwards every chunk of an
   * index with vectors must have one, else the session is rolled back and this throws.
   */
  commit(options?: {
    embeddings?: EmbeddingWrite;
    note?: CorpusVersionNote;
    signal?: AbortSignal;
  }): Promise<{ corpusVersion: number }>;
  /** Discards every part; a no-op once the session is closed. */
  rollback(): Promise<void>;
}

/** What an ingest tells the corpus history about its change set. */
export interface CorpusVersionNote {
  /** The folders and URLs the ingest synchronised, as given. */
  readonly sources: readonly string[];
  /** Documents the ingest found current (not rewritten). */
  readonly unchanged: number;
}

/** One applied change set in the corpus history (written in the change set's own transaction). */
export interface CorpusVersionRecord {
  /** The corpus version the change set produced. */
  readonly version: number;
  /** ISO 8601 time it was applied. */
  readonly appliedAt: string;
  /** Folders and URLs synchronised (from the note; empty when none was given). */
  readonly sources: readonly string[];
  /** Documents written that were not stored before. */
  readonly added: number;
  /** Documents written that replaced a stored one. */
  readonly updated: number;
  /** Stored documents removed. */
  readonly deleted: number;
  /** Documents found current (from the note; 0 when none was given). */
  readonly unchanged: number;
  /** Documents and chunks in the index right after the change set. */
  readonly documents: number;
  readonly chunks: number;
}

/** New validators for a stored page whose content did not change. */
export interface FetchStateUpdate {
  readonly source: string;
  readonly fetchState: FetchState;
}

/** Vectors for chunks of a change set, all from one embedding model. */
export interface EmbeddingWrite {
  readonly model: EmbeddingModelInfo;
  /** One per chunk that has no vector of this model yet; `key` is its cache key (`embeddingKey`). */
  readonly vectors: ReadonlyArray<{
    readonly chunkId: string;
    readonly key: string;
    readonly vector: Float32Array;
  }>;
}

/** The embedding model of an index's vectors, and the fusion weight calibrated for it. */
export interface IndexEmbeddingModel extends EmbeddingModelInfo {
  /** Chunks that have a vector. */
  readonly vectors: number;
  /** Calibrated dense weight of weighted fusion for this model and index, or null. */
  readonly calibration: FusionCalibration | null;
}

/** A dense weight chosen on labelled data, stored with the index. */
export interface FusionCalibration {
  readonly denseWeight: number;
  /** What it was calibrated on (a dataset and split, a question file), for messages. */
  readonly source: string;
  /** nDCG@10 (or the metric named in `source`) at the chosen weight and at weight 0. */
  readonly score: number;
  readonly lexicalScore: number;
}

/** A vector query: a unit-length vector of the index's model. */
export interface VectorQuery {
  readonly vector: Float32Array;
  /** How many nearest chunks to return at most. */
  readonly limit: number;
}

/** A vector match: `score` is the cosine similarity (higher is better, at most 1). */
export interface VectorHit {
  readonly chunkId: string;
  readonly score: number;
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
  /**
   * Applies upserts and deletions in one transaction and returns the new corpus version. The same
   * transaction appends the version's record to the corpus history.
   */
  applyChanges(changes: IndexChanges, options?: { signal?: AbortSignal }): Promise<{ corpusVersion: number }>;
  /**
   * Opens a sync session: one atomic change set written in parts, so an ingest never holds the
   * whole corpus in memory. Nothing is visible to other connections before `commit`; `rollback`
   * (or a failed call, or a crash) leaves the previous content, whole. One session at a time per
   * store; `applyChanges` is a session of one `write`.
   */
  beginSync(options?: { signal?: AbortSignal }): Promise<SyncSession>;
  /**
   * Replaces the fetch state of stored documents whose content did not change (a page's new ETag
   * or Last-Modified). Not a change set: the corpus version stays. Unknown sources are ignored.
   */
  updateFetchStates(updates: readonly FetchStateUpdate[], options?: { signal?: AbortSignal }): Promise<void>;
  /** The corpus history, newest version first; `limit` caps the rows (default all). */
  corpusHistory(options?: { limit?: number; signal?: AbortSignal }): Promise<CorpusVersionRecord[]>;
  searchLexical(query: LexicalQuery, options?: { signal?: AbortSignal }): Promise<LexicalHit[]>;
  /** Nearest chunks by cosine similarity; `[]` when the index has no vectors. */
  searchVector(query: VectorQuery, options?: { signal?: AbortSignal }): Promise<VectorHit[]>;
  /** The model of the index's vectors, or null when it has none. */
  embeddingModel(options?: { signal?: AbortSignal }): Promise<IndexEmbeddingModel | null>;
  /** Chunks with no vector of model `modelKey` (all of them when the index holds another model's). */
  chunksWithoutVectors(modelKey: string, options?: { signal?: AbortSignal }): Promise<Chunk[]>;
  /** Cached vectors of model `modelKey` for these keys; keys never embedded are left out. */
  cachedEmbeddings(
    modelKey: string,
    keys: readonly string[],
    options?: { signal?: AbortSignal },
  ): Promise<Map<string, Float32Array>>;
  /** Stores a calibrated fusion weight for the index's current embedding model. */
  saveCalibration(calibration: FusionCalibration, options?: { signal?: AbortSignal }): Promise<void>;
  /** The chunks with these ids, in the order given; unknown ids are left out. */
  getChunks(ids: readonly string[], options?: { signal?: AbortSignal }): Promise<Chunk[]>;
  stats(options?: { signal?: AbortSignal }): Promise<StoreStats>;
  close(): Promise<void>;
}
