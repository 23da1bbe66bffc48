import { resolve } from "node:path";
import { chunkDocument } from "../chunk/chunk-document.ts";
import type { Config } from "../config/schema.ts";
import { DocentError } from "../core/errors.ts";
import { mapAhead } from "../core/map-ahead.ts";
import type { ConfiguredEmbedder } from "../embed/create-embedder.ts";
import type { DocumentWrite, FetchState, FetchStateUpdate, Store, SyncSession } from "../store/store.ts";
import { createParsePool, type ParsePool, parseWorkerCount, TASKS_PER_WORKER } from "./create-parse-pool.ts";
import { createBatchEmbedder, type EmbedProgress, type EmbedSummary } from "./embed-changes.ts";
import { collapseGuardMessage } from "./ingest-collapse-guard.ts";
import { collectFolder } from "./ingest-collect-folder.ts";
import { collectWebsite } from "./ingest-collect-website.ts";
import type { SourceCollection, SourceOutcome } from "./ingest-outcome.ts";
import { type ChunkedSource, parseFolderFile } from "./parse-folder-file.ts";

/** Progress of an ingest, reported after each file or page. */
export interface IngestProgress {
  readonly done: number;
  readonly total: number;
  /** The file or page just handled. */
  readonly source: string;
}

/** What an ingest did, or would do with `dryRun` (the shape of `docent ingest --json`). */
export interface IngestSummary {
  /** True when nothing was written (`--dry-run`). */
  readonly dryRun: boolean;
  readonly documents: {
    readonly added: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly deleted: number;
  };
  /** Which documents were (or would be) added, updated and deleted, by URL or path. */
  readonly changes: {
    readonly added: readonly string[];
    readonly updated: readonly string[];
    readonly deleted: readonly string[];
  };
  /** Documents parsed by this run; 0 when nothing changed (unchanged sources are never parsed). */
  readonly parsed: number;
  /** Bytes read from files and downloaded pages. */
  readonly bytesRead: number;
  /** Chunks in the index after the ingest. */
  readonly chunks: number;
  /** Chunks written by this ingest (added and updated documents). */
  readonly chunksWritten: number;
  /** Every input left out, with the reason. A previously stored copy of it is kept unless it is gone (404/410). */
  readonly skipped: ReadonlyArray<{ readonly source: string; readonly reason: string }>;
  /** Pages dropped because their canonical URL was already ingested. */
  readonly duplicates: ReadonlyArray<{ readonly url: string; readonly canonical: string }>;
  /** Things worth knowing that are not skips (a crawl limit reached, a broken sitemap, a guard that would refuse). */
  readonly warnings: readonly string[];
  /** Discovered pages a crawl did not fetch because `ingest.web.maxPages` or `maxDepth` was reached. */
  readonly notCrawled: { readonly maxPages: number; readonly maxDepth: number };
  /** Unchanged pages whose new ETag / Last-Modified was stored (so the next crawl gets a 304). */
  readonly fetchStatesRefreshed: number;
  /** The index's corpus version after the ingest (unchanged when nothing changed or on a dry run). */
  readonly corpusVersion: number;
  /** Wall time of the ingest in milliseconds. */
  readonly durationMs: number;
  /** What embedding did, when an embedding model is configured. */
  readonly embedding?: EmbedSummary;
}

/** Options of {@link ingestFolders}. */
export interface IngestFoldersOptions {
  readonly store: Store;
  /** Folders, single files, or `http(s)://` URLs of documentation sites. */
  readonly paths: readonly string[];
  readonly config: Config;
  /** Resolves relative paths. */
  readonly cwd: string;
  /** Work out and report the changes without writing anything. */
  readonly dryRun?: boolean;
  /** Apply the sync even when the collapse guard would refuse it. */
  readonly force?: boolean;
  readonly onProgress?: (progress: IngestProgress) => void;
  /** Embeds new and changed chunks; null or absent for BM25 only. */
  readonly embedder?: ConfiguredEmbedder | null;
  readonly onEmbedProgress?: (progress: EmbedProgress) => void;
  readonly signal?: AbortSignal;
  /** Clock for `durationMs`; injectable. */
  readonly now?: () => number;
}

/**
 * Chunks per part of the sync session: parsed documents are chunked, embedded and written once
 * this many chunks are waiting, then let go. Bounds an ingest's memory; larger parts save little.
 */
const INGEST_BATCH_CHUNKS = 2000;
/** Sources parsed ahead of the writer per parse worker: enough to keep workers busy, few enough to bound memory. */
const PARSE_WINDOW_PER_WORKER = TASKS_PER_WORKER * 2;
/** Sources read ahead when parsing in the main thread (their parsing still happens one at a time). */
const READ_AHEAD_IN_PROCESS = 8;

const isUrl = (path: string): boolean => /^https?:\/\//iu.test(path);

/**
 * Synchronises the index with the given folders and websites. New sources are added, changed
 * ones (by sha256 of their bytes, or an HTTP 304) re-parsed and replaced, unchanged ones not
 * parsed at all, and stored documents a path or site no longer has are deleted. Inputs that cannot
 * be read are skipped with a reason and their stored copy kept. A sync that would delete or empty
 * more than `ingest.maxDeleteShare` of a source's documents is refused (DocentError
 * `SYNC_REFUSED`) unless `force`: for deletions before anything is parsed, for documents that
 * would lose every chunk before the commit. Changes are decided from hashes first; changed sources
 * are then parsed, chunked, embedded and written in batches into one sync session (one
 * transaction), so memory is bounded by the batch, not the corpus, and a failure or a `kill -9`
 * leaves the previous index whole.
 *
 * Deletion is scoped: a folder's sync deletes only documents under that folder, a site's only
 * documents under its start URL's folder; ingesting a second source never wipes the first.
 */
export async function ingestFolders(options: IngestFoldersOptions): Promise<IngestSummary> {
  const { store, config, signal } = options;
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  const storedDocuments = await store.listDocuments({ signal });
  const storedHashes = new Map(storedDocuments.map((document) => [document.source, document.contentHash]));
  const storedChunkCounts = new Map(
    storedDocuments.map((document) => [document.source, document.chunkCount]),
  );

  const collections: SourceCollection[] = [];
  const alreadySeen = new Set<string>();
  for (const path of options.paths) {
    const report = (done: number, total: number, source: string): void =>
      options.onProgress?.({ done, total, source });
    if (isUrl(path)) {
      collections.push(
        await collectWebsite({ startUrl: path, config, stored: storedDocuments, onPage: report, signal }),
      );
    } else {
      const root = resolve(options.cwd, path);
      collections.push(
        await collectFolder({ root, config, storedHashes, alreadySeen, onFile: report, signal }),
      );
    }
  }

  const changes = { added: [] as string[], updated: [] as string[], deleted: [] as string[] };
  const skipped: Array<{ source: string; reason: string }> = [];
  const deletions = new Set<string>();
  const checks: Array<{ root: string; stored: number; deleted: number; emptied: number }> = [];
  const fetchStateUpdates: FetchStateUpdate[] = [];
  /** Changed and new sources, parsed and written batch by batch below; `check` is their collection's. */
  const pending: Array<{ outcome: Extract<SourceOutcome, { kind: "parsed" | "changed" }>; check: number }> =
    [];
  let unchanged = 0;
  for (const collection of collections) {
    skipped.push(...collection.skipped);
    const seen = new Set<string>();
    for (const outcome of collection.outcomes) {
      seen.add(outcome.key);
      if (outcome.kind === "unchanged") {
        unchanged += 1;
        if (outcome.fetchState)
          fetchStateUpdates.push({ source: outcome.key, fetchState: outcome.fetchState });
      } else if (outcome.kind === "kept") {
        skipped.push({ source: outcome.label, reason: outcome.reason });
      } else if (outcome.kind === "gone") {
        skipped.push({ source: outcome.label, reason: outcome.reason });
        if (storedHashes.has(outcome.key)) deletions.add(outcome.key);
      } else {
        pending.push({ outcome, check: checks.length });
      }
    }
    const covered = storedDocuments.filter((document) => collection.covers(document.source));
    let deleted = 0;
    for (const document of covered) {
      const isGone = deletions.has(document.source);
      if (isGone || (collection.complete && !seen.has(document.source))) {
        deletions.add(document.source);
        deleted += 1;
      }
    }
    checks.push({ root: collection.root, stored: covered.length, deleted, emptied: 0 });
  }
  const urlOf = new Map(storedDocuments.map((document) => [document.source, document.url]));
  changes.deleted.push(...[...deletions].map((source) => urlOf.get(source) ?? source));

  const warnings = collections.flatMap((collection) => [...collection.warnings]);
  // Deletions are known from hashes alone: a sync refused for them is refused before any parsing.
  const refuse = (message: string): never => {
    throw new DocentError("SYNC_REFUSED", message, { details: { checks } });
  };
  const deletionGuard = collapseGuardMessage(checks, config.ingest.maxDeleteShare);
  if (deletionGuard !== null && !options.force && !options.dryRun) refuse(deletionGuard);
  if (signal?.aborted) throw new DocentError("ABORTED", "Ingest was cancelled; the index was not changed");

  // Parse, chunk, embed and write batch by batch into one sync session (one transaction), so
  // memory follows the batch, not the corpus; nothing is visible before the commit.
  let session: SyncSession | null = null;
  const openSession = async (): Promise<SyncSession> => {
    session ??= await store.beginSync({ signal });
    return session;
  };
  const batchEmbedder =
    !options.dryRun && options.embedder
      ? createBatchEmbedder(store, options.embedder, { signal, onProgress: options.onEmbedProgress })
      : null;
  let parsed = 0;
  let chunksWritten = 0;
  let corpusVersion: number;
  let pool: ParsePool | null = null;
  try {
    if (!options.dryRun && deletions.size > 0) await (await openSession()).delete([...deletions], { signal });
    let batch: DocumentWrite[] = [];
    let batchChunks = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const chunks = batch.flatMap((write) => write.chunks);
      const embeddings = batchEmbedder ? await batchEmbedder.embed(chunks) : undefined;
      await (await openSession()).write(batch, { embeddings, signal });
      chunksWritten += chunks.length;
      batch = [];
      batchChunks = 0;
    };
    // Sources are parsed and chunked a window ahead of the writer, in worker threads for a large
    // ingest (`ingest.parseWorkers`), and taken in order, so the written index does not depend
    // on which worker finished first.
    const workers = parseWorkerCount(
      config.ingest.parseWorkers,
      pending.filter(({ outcome }) => outcome.kind === "changed").length,
    );
    pool = workers > 0 ? createParsePool(workers) : null;
    // Without workers a few sources are still read ahead, so file reads overlap parsing.
    const prepared = mapAhead(
      pending,
      pool ? pool.size * PARSE_WINDOW_PER_WORKER : READ_AHEAD_IN_PROCESS,
      ({ outcome }) => prepareSource(outcome, { pool, config, signal }),
    );
    for (const [index, { outcome, check }] of pending.entries()) {
      signal?.throwIfAborted();
      const { value: source } = (await prepared.next()) as IteratorYieldResult<PreparedSource>;
      options.onProgress?.({ done: index + 1, total: pending.length, source: outcome.label });
      if (source.kind === "kept") {
        skipped.push({ source: outcome.label, reason: source.reason });
        continue;
      }
      parsed += 1;
      const { chunks } = source;
      const isUpdate = storedHashes.has(outcome.key);
      (isUpdate ? changes.updated : changes.added).push(source.document.url);
      if (isUpdate && chunks.length === 0 && (storedChunkCounts.get(outcome.key) ?? 0) > 0) {
        const counts = checks[check];
        if (counts) counts.emptied += 1;
      }
      if (options.dryRun) continue;
      batch.push({
        document: source.document,
        chunks,
        ...(source.fetchState ? { fetchState: source.fetchState } : {}),
      });
      batchChunks += chunks.length;
      if (batchChunks >= INGEST_BATCH_CHUNKS) await flush();
    }
    await flush();
    await pool?.close();
    pool = null;

    // Emptied documents are known only once parsed: the full guard decides before the commit.
    const guard = collapseGuardMessage(checks, config.ingest.maxDeleteShare);
    if (guard !== null && !options.force) {
      if (!options.dryRun) refuse(guard);
      warnings.push(guard);
    }
    // Chunks the batches did not cover that lack a vector of the model (all of them after a
    // model switch, or the rest of an interrupted ingest): read once, written in batches.
    if (options.embedder && batchEmbedder) {
      const { model } = options.embedder;
      const indexModel = await store.embeddingModel({ signal });
      const existing = await store.chunksWithoutVectors(model.key, { signal });
      for (let start = 0; start < existing.length; start += INGEST_BATCH_CHUNKS) {
        const embeddings = await batchEmbedder.embed(existing.slice(start, start + INGEST_BATCH_CHUNKS));
        await (await openSession()).write([], { embeddings, signal });
      }
      // An index with no chunks still records its model, as a change set of its own.
      if (existing.length === 0 && indexModel?.key !== model.key)
        await (await openSession()).write([], { embeddings: { model, vectors: [] }, signal });
    }
    corpusVersion =
      session === null
        ? (await store.stats({ signal })).corpusVersion
        : (
            await (session as SyncSession).commit({
              note: { sources: collections.map((collection) => collection.root), unchanged },
              signal,
            })
          ).corpusVersion;
  } catch (error) {
    await (pool as ParsePool | null)?.close();
    pool = null;
    await (session as SyncSession | null)?.rollback();
    if (signal?.aborted && !(error instanceof DocentError))
      throw new DocentError("ABORTED", "Ingest was cancelled; the index was not changed", { cause: error });
    throw error;
  }
  // New validators of unchanged pages: not content, so no new corpus version (and no harm if lost).
  if (!options.dryRun && fetchStateUpdates.length > 0)
    await store.updateFetchStates(fetchStateUpdates, { signal });
  const stats = await store.stats({ signal });
  return {
    dryRun: options.dryRun === true,
    documents: {
      added: changes.added.length,
      updated: changes.updated.length,
      unchanged,
      deleted: deletions.size,
    },
    changes,
    parsed,
    bytesRead: collections.reduce((sum, collection) => sum + collection.bytesRead, 0),
    chunks: stats.chunks,
    chunksWritten,
    skipped,
    duplicates: collections.flatMap((collection) => [...collection.duplicates]),
    warnings,
    notCrawled: {
      maxPages: collections.reduce((sum, collection) => sum + (collection.notCrawled?.maxPages ?? 0), 0),
      maxDepth: collections.reduce((sum, collection) => sum + (collection.notCrawled?.maxDepth ?? 0), 0),
    },
    fetchStatesRefreshed: options.dryRun ? 0 : fetchStateUpdates.length,
    corpusVersion,
    durationMs: Math.round(now() - startedAt),
    ...(batchEmbedder ? { embedding: batchEmbedder.summary() } : {}),
  };
}

/** A source ready to write: its document record and chunks (with a page's fetch state), or why it is left out. */
type PreparedSource =
  | (Extract<ChunkedSource, { kind: "parsed" }> & { readonly fetchState?: FetchState })
  | Extract<ChunkedSource, { kind: "kept" }>;

/** Parses and chunks a pending source: a changed file in the pool when there is one, a fetched page here. */
async function prepareSource(
  outcome: Extract<SourceOutcome, { kind: "parsed" | "changed" }>,
  context: { readonly pool: ParsePool | null; readonly config: Config; readonly signal?: AbortSignal },
): Promise<PreparedSource> {
  if (outcome.kind === "changed")
    return context.pool ? context.pool.run(outcome.job, context.signal) : parseFolderFile(outcome.job);
  const { blocks: _blocks, ...document } = outcome.document;
  return {
    kind: "parsed",
    document,
    chunks: chunkDocument(outcome.document, context.config.chunk),
    ...(outcome.fetchState ? { fetchState: outcome.fetchState } : {}),
  };
}
