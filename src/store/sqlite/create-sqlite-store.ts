import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import type { Chunk, DocumentFormat } from "../../core/document.ts";
import { DocentError } from "../../core/errors.ts";
import type {
  DocumentWrite,
  EmbeddingWrite,
  FetchState,
  LexicalHit,
  LexicalQuery,
  Store,
  StoredDocument,
  StoreStats,
  SyncSession,
} from "../store.ts";
import { createCorpusHistory } from "./corpus-history.ts";
import { createSqliteVectorIndex, loadVectorExtension } from "./create-sqlite-vector-index.ts";
import { createLexicalIndex } from "./lexical/create-lexical-index.ts";
import { assertNotNewer, migrateDatabase, SCHEMA_VERSION, schemaVersion } from "./migrations.ts";
import type { VectorSearchSettings } from "./vector-scan/vector-search-settings.ts";

/** Settings of the SQLite store. */
export interface SqliteStoreOptions {
  /** The index file. Parent folders are created in `write` mode. */
  readonly path: string;
  /**
   * `read`: the file must exist (else INDEX_MISSING) and is opened read-only, so `applyChanges`
   * is refused. `write`: the file and its folders are created when missing.
   */
  readonly mode: "read" | "write";
  /** Clock for `ingestedAt`; injectable so tests are deterministic. Default `() => new Date()`. */
  readonly now?: () => Date;
  /**
   * Test hook: called inside a sync's transaction (`commit`, also of `applyChanges`) after every row is written, before the
   * commit. The kill -9 test uses it (through `DOCENT_TEST_PAUSE_IN_TRANSACTION`) to kill an
   * ingest known to be inside its transaction. Not for production use.
   */
  readonly onTransactionWritten?: () => void;
  /**
   * How `searchVector` searches (config `retrieval.vectorSearch`): sqlite-vec's exact scan or
   * the in-memory `binary-rescore` index. Default `DEFAULT_VECTOR_SEARCH` (binary-rescore).
   */
  readonly vectorSearch?: VectorSearchSettings;
}

interface ChunkRow {
  id: string;
  document_id: string;
  ordinal: number;
  title: string;
  heading_path: string;
  anchor: string | null;
  url: string;
  text: string;
  content_hash: string;
  token_count: number;
}

interface DocumentRow {
  id: string;
  source: string;
  url: string;
  title: string;
  format: string;
  content_hash: string;
  ingested_at: string;
  chunk_count: number;
  fetch_state: string | null;
  corpus_version: number;
}

/**
 * The embedded store: one SQLite file (WAL journal) holding documents, chunks, Docent's own BM25
 * index (`lexical/`: block postings with MaxScore top-k search, Porter stemming, diacritics
 * folded) and the corpus version. Every write goes through a sync session (`beginSync`, or
 * `applyChanges` on top of it): one transaction (`BEGIN IMMEDIATE` ... `COMMIT`) written in parts,
 * so an ingest streams its documents and an interrupted one leaves the previous index intact.
 *
 * @throws DocentError INDEX_MISSING when `mode` is `read` and the file does not exist;
 *   INDEX_INCOMPATIBLE when the file is not a Docent index or comes from a newer schema.
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const location = resolve(options.path);
  const now = options.now ?? (() => new Date());
  const database = openDatabase(location, options.mode);
  const statements = prepareStatements(database);
  const vectors = createSqliteVectorIndex(database, location, options.vectorSearch);
  const lexical = createLexicalIndex(database);
  const history = createCorpusHistory(database);

  /** The open sync session's state; null when none is open. */
  let session: {
    readonly ingestedAt: string;
    readonly nextCorpusVersion: number;
    readonly counts: { added: number; updated: number; deleted: number };
    wroteVectors: boolean;
  } | null = null;

  /** Runs one part of the open session; a part that throws rolls the whole session back. */
  function inSession<T>(
    opened: NonNullable<typeof session>,
    signal: AbortSignal | undefined,
    part: (open: NonNullable<typeof session>) => T,
  ): T {
    // A finished session's handle must not reach a newer session begun after it.
    if (session !== opened) {
      throw new DocentError(
        "INTERNAL",
        "This sync session is closed: begin a new one with store.beginSync()",
      );
    }
    try {
      signal?.throwIfAborted();
      return part(session);
    } catch (error) {
      abortSession();
      throw error;
    }
  }

  function abortSession(): void {
    session = null;
    // Open rows of the lexical index belong to the rolled-back transaction.
    lexical.discard();
    if (database.inTransaction) database.exec("ROLLBACK");
  }

  function writeDocuments(
    open: NonNullable<typeof session>,
    upserts: readonly DocumentWrite[],
    embeddings: EmbeddingWrite | undefined,
  ): void {
    // Every removal of the part first, so the lexical index rewrites each touched row once; a
    // source written twice in one part is replaced in turn instead, so the last write wins.
    const sources = new Set(upserts.map(({ document }) => document.source));
    const removeFirst = sources.size === upserts.length;
    const replaced = removeFirst ? upserts.map(({ document }) => removeDocument(document.source)) : [];
    for (const [index, { document, chunks, fetchState }] of upserts.entries()) {
      if (removeFirst ? replaced[index] : removeDocument(document.source)) open.counts.updated += 1;
      else open.counts.added += 1;
      statements.insertDocument.run(
        document.id,
        document.source,
        document.url,
        document.title,
        document.format,
        document.contentHash,
        open.ingestedAt,
        fetchState === undefined ? null : JSON.stringify(fetchState),
        open.nextCorpusVersion,
      );
      for (const chunk of chunks) {
        const { lastInsertRowid } = statements.insertChunk.run(
          chunk.id,
          chunk.documentId,
          chunk.ordinal,
          chunk.title,
          JSON.stringify(chunk.headingPath),
          chunk.anchor,
          chunk.url,
          chunk.text,
          chunk.contentHash,
          chunk.tokenCount,
        );
        lexical.addChunk(Number(lastInsertRowid), {
          title: chunk.title,
          headings: chunk.headingPath.join("\n"),
          body: chunk.text,
        });
      }
    }
    if (embeddings) {
      vectors.apply(embeddings, { check: false });
      open.wroteVectors = true;
    }
  }

  function beginSession(): SyncSession {
    if (session !== null || database.inTransaction) {
      throw new DocentError("INTERNAL", `A sync of the index at ${location} is already open in this process`);
    }
    database.exec("BEGIN IMMEDIATE");
    lexical.discard();
    session = {
      ingestedAt: now().toISOString(),
      nextCorpusVersion: readCorpusVersion() + 1,
      counts: { added: 0, updated: 0, deleted: 0 },
      wroteVectors: false,
    };
    const opened = session;
    return {
      async write(upserts, { embeddings, signal } = {}) {
        inSession(opened, signal, (open) => writeDocuments(open, upserts, embeddings));
      },
      async delete(sources, { signal } = {}) {
        inSession(opened, signal, (open) => {
          for (const source of sources) if (removeDocument(source)) open.counts.deleted += 1;
        });
      },
      async commit({ embeddings, note, signal } = {}) {
        return inSession(opened, signal, (open) => {
          // The lexical index's open rows are written in this transaction, with the chunks they describe.
          lexical.flush();
          vectors.apply(embeddings, { wroteVectors: open.wroteVectors });
          statements.bumpCorpusVersion.run();
          history.record(open.nextCorpusVersion, open.ingestedAt, open.counts, note);
          options.onTransactionWritten?.();
          database.exec("COMMIT");
          session = null;
          // The session holds the write lock since it began, so the bump gave exactly this version.
          return { corpusVersion: open.nextCorpusVersion };
        });
      },
      async rollback() {
        if (session === opened) abortSession();
      },
    };
  }

  /** Removes a document with its chunks and postings; true when there was one. */
  function removeDocument(source: string): boolean {
    // One index probe for a new document (the common case of a first ingest).
    const documentId = statements.documentIdOfSource.get(source) as string | undefined;
    if (documentId === undefined) return false;
    const removed = statements.chunksOfDocument.all(documentId) as Array<{
      fts_rowid: number;
      title: string;
      heading_path: string;
      text: string;
    }>;
    for (const chunk of removed) {
      const headings = (JSON.parse(chunk.heading_path) as string[]).join("\n");
      lexical.removeChunk(chunk.fts_rowid, { title: chunk.title, headings, body: chunk.text });
    }
    if (removed.length > 0) statements.deleteChunksOfDocument.run(documentId);
    statements.deleteDocument.run(documentId);
    return true;
  }

  function readCorpusVersion(): number {
    return Number(statements.corpusVersion.pluck().get() ?? 0);
  }

  function assertWritable(): void {
    if (options.mode !== "write") {
      throw new DocentError(
        "INTERNAL",
        `The index at ${location} was opened read-only: open it with mode "write" to change it`,
        { details: { path: location } },
      );
    }
  }

  return {
    kind: "sqlite",
    location,

    async documentHashes({ signal } = {}) {
      signal?.throwIfAborted();
      const rows = statements.documentHashes.all() as Array<{ source: string; content_hash: string }>;
      return new Map(rows.map((row) => [row.source, row.content_hash]));
    },

    async listDocuments({ signal } = {}) {
      signal?.throwIfAborted();
      return (statements.listDocuments.all() as DocumentRow[]).map(toStoredDocument);
    },

    async applyChanges(changes, { signal } = {}) {
      signal?.throwIfAborted();
      assertWritable();
      const sync = beginSession();
      await sync.delete(changes.deletions);
      await sync.write(changes.upserts);
      return sync.commit({ embeddings: changes.embeddings, note: changes.note });
    },

    async beginSync({ signal } = {}) {
      signal?.throwIfAborted();
      assertWritable();
      return beginSession();
    },

    async updateFetchStates(updates, { signal } = {}) {
      signal?.throwIfAborted();
      assertWritable();
      database.transaction(() => {
        for (const update of updates)
          statements.updateFetchState.run(JSON.stringify(update.fetchState), update.source);
      })();
    },

    async corpusHistory({ limit, signal } = {}) {
      signal?.throwIfAborted();
      return history.list(limit);
    },

    async searchLexical(query: LexicalQuery, { signal } = {}): Promise<LexicalHit[]> {
      signal?.throwIfAborted();
      const hits = lexical.search(query.terms, query.fieldWeights, query.limit);
      if (hits.length === 0) return [];
      const rows = statements.chunkIdsByRowids.all(JSON.stringify(hits.map((hit) => hit.doc))) as Array<
        [number, string]
      >;
      const idByRowid = new Map(rows);
      const result: LexicalHit[] = [];
      for (const hit of hits) {
        const chunkId = idByRowid.get(hit.doc);
        if (chunkId !== undefined) result.push({ chunkId, score: hit.score });
      }
      return result;
    },

    async searchVector(query, { signal } = {}) {
      signal?.throwIfAborted();
      return vectors.search(query);
    },

    async embeddingModel({ signal } = {}) {
      signal?.throwIfAborted();
      return vectors.describe();
    },

    async chunksWithoutVectors(modelKey, { signal } = {}) {
      signal?.throwIfAborted();
      return this.getChunks(vectors.chunkIdsWithoutVectors(modelKey), { signal });
    },

    async cachedEmbeddings(modelKey, keys, { signal } = {}) {
      signal?.throwIfAborted();
      return vectors.cachedEmbeddings(modelKey, keys);
    },

    async saveCalibration(calibration, { signal } = {}) {
      signal?.throwIfAborted();
      assertWritable();
      vectors.saveCalibration(calibration);
    },

    async getChunks(ids, { signal } = {}) {
      signal?.throwIfAborted();
      if (ids.length === 0) return [];
      const rows = statements.chunksByIds.all(JSON.stringify(ids)) as ChunkRow[];
      const byId = new Map(rows.map((row) => [row.id, row]));
      const chunks: Chunk[] = [];
      for (const id of ids) {
        const row = byId.get(id);
        if (row) chunks.push(toChunk(row));
      }
      return chunks;
    },

    async stats({ signal } = {}): Promise<StoreStats> {
      signal?.throwIfAborted();
      const counts = statements.counts.get() as { documents: number; chunks: number };
      return { documents: counts.documents, chunks: counts.chunks, corpusVersion: readCorpusVersion() };
    },

    async close() {
      if (!database.open) return;
      if (session !== null) abortSession();
      // Lets SQLite refresh its planner statistics where they went stale; cheap when nothing did.
      if (options.mode === "write") database.pragma("optimize");
      database.close();
    },
  };
}

function openDatabase(location: string, mode: "read" | "write"): Database {
  if (mode === "read" && !existsSync(location)) {
    throw new DocentError("INDEX_MISSING", `No index at ${location}: run \`docent ingest <folder>\` first`, {
      details: { path: location },
    });
  }
  if (mode === "write") mkdirSync(dirname(location), { recursive: true });
  try {
    let database = new BetterSqlite3(location, { readonly: mode === "read", fileMustExist: mode === "read" });
    const version = schemaVersion(database);
    assertNotNewer(version, location);
    if (version < SCHEMA_VERSION) {
      if (mode === "read") {
        // An older (or empty) file: migrate it through a short-lived writable connection.
        database.close();
        database = new BetterSqlite3(location, { fileMustExist: true });
        configure(database, "write");
        migrateDatabase(database, location);
        database.close();
        database = new BetterSqlite3(location, { readonly: true, fileMustExist: true });
      } else {
        configure(database, mode);
        migrateDatabase(database, location);
        return database;
      }
    }
    configure(database, mode);
    return database;
  } catch (error) {
    if (error instanceof DocentError) throw error;
    throw new DocentError(
      "INDEX_INCOMPATIBLE",
      `Cannot open the index at ${location} (${error instanceof Error ? error.message : String(error)}): delete it and run \`docent ingest <folder>\` again`,
      { details: { path: location }, cause: error },
    );
  }
}

function configure(database: Database, mode: "read" | "write"): void {
  loadVectorExtension(database);
  if (mode === "write") {
    database.pragma("journal_mode = WAL");
    // In WAL mode NORMAL keeps the file consistent after a crash; only the last commit may be lost.
    database.pragma("synchronous = NORMAL");
  }
  database.pragma("foreign_keys = ON");
  // Readers keep hot postings and chunks cached (64 MiB). A writer appends: its inserts touch the
  // right edge of most b-trees, so 16 MiB costs no measurable time and keeps an ingest's memory
  // down (a 100k-chunk ingest peaked ~50 MB lower).
  database.pragma(`cache_size = ${mode === "write" ? -16_384 : -65_536}`);
  database.pragma("temp_store = MEMORY");
}

function prepareStatements(database: Database) {
  return {
    insertDocument: database.prepare(
      `INSERT INTO documents (id, source, url, title, format, content_hash, ingested_at, fetch_state, corpus_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertChunk: database.prepare(
      `INSERT INTO chunks (id, document_id, ordinal, title, heading_path, anchor, url, text, content_hash, token_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    documentIdOfSource: database.prepare("SELECT id FROM documents WHERE source = ?").pluck(),
    chunksOfDocument: database.prepare(
      "SELECT fts_rowid, title, heading_path, text FROM chunks WHERE document_id = ?",
    ),
    deleteChunksOfDocument: database.prepare("DELETE FROM chunks WHERE document_id = ?"),
    deleteDocument: database.prepare("DELETE FROM documents WHERE id = ?"),
    updateFetchState: database.prepare("UPDATE documents SET fetch_state = ? WHERE source = ?"),
    bumpCorpusVersion: database.prepare(
      "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'corpus_version'",
    ),
    corpusVersion: database.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'corpus_version'"),
    documentHashes: database.prepare("SELECT source, content_hash FROM documents"),
    listDocuments: database.prepare(
      `SELECT documents.*, (SELECT COUNT(*) FROM chunks WHERE chunks.document_id = documents.id) AS chunk_count
       FROM documents ORDER BY source`,
    ),
    chunkIdsByRowids: database
      .prepare("SELECT fts_rowid, id FROM chunks WHERE fts_rowid IN (SELECT value FROM json_each(?))")
      .raw(true),
    chunksByIds: database.prepare(
      `SELECT id, document_id, ordinal, title, heading_path, anchor, url, text, content_hash, token_count
       FROM chunks WHERE id IN (SELECT value FROM json_each(?))`,
    ),
    counts: database.prepare(
      "SELECT (SELECT COUNT(*) FROM documents) AS documents, (SELECT COUNT(*) FROM chunks) AS chunks",
    ),
  };
}

function toChunk(row: ChunkRow): Chunk {
  return {
    id: row.id,
    documentId: row.document_id,
    ordinal: row.ordinal,
    title: row.title,
    headingPath: JSON.parse(row.heading_path) as string[],
    anchor: row.anchor,
    url: row.url,
    text: row.text,
    contentHash: row.content_hash,
    tokenCount: row.token_count,
  };
}

function toStoredDocument(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    source: row.source,
    url: row.url,
    title: row.title,
    format: row.format as DocumentFormat,
    contentHash: row.content_hash,
    chunkCount: row.chunk_count,
    ingestedAt: row.ingested_at,
    corpusVersion: row.corpus_version,
    fetchState: row.fetch_state === null ? null : (JSON.parse(row.fetch_state) as FetchState),
  };
}
