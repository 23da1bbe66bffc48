import { resolve } from "node:path";
import { chunkDocument } from "../chunk/chunk-document.ts";
import type { Config } from "../config/schema.ts";
import type { Chunk } from "../core/document.ts";
import { DocentError } from "../core/errors.ts";
import type { ConfiguredEmbedder } from "../embed/create-embedder.ts";
import type { DocumentWrite, FetchStateUpdate, Store } from "../store/store.ts";
import { type EmbedProgress, type EmbedSummary, embedChanges } from "./embed-changes.ts";
import { type CollapseCheck, collapseGuardMessage } from "./ingest-collapse-guard.ts";
import { collectFolder } from "./ingest-collect-folder.ts";
import { collectWebsite } from "./ingest-collect-website.ts";
import type { SourceCollection } from "./ingest-outcome.ts";

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

const isUrl = (path: string): boolean => /^https?:\/\//iu.test(path);

/**
 * Synchronises the index with the given folders and websites. New sources are added, changed
 * ones (by sha256 of their bytes, or an HTTP 304) re-parsed and replaced, unchanged ones not
 * parsed at all, and stored documents a path or site no longer has are deleted. Inputs that cannot
 * be read are skipped with a reason and their stored copy kept. A sync that would delete or empty
 * more than `ingest.maxDeleteShare` of a source's documents is refused (DocentError
 * `SYNC_REFUSED`) unless `force`. All writes happen in one transaction, so a failure or a
 * `kill -9` leaves the previous index whole.
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

  const upserts: DocumentWrite[] = [];
  const changes = { added: [] as string[], updated: [] as string[], deleted: [] as string[] };
  const skipped: Array<{ source: string; reason: string }> = [];
  const deletions = new Set<string>();
  const checks: CollapseCheck[] = [];
  const fetchStateUpdates: FetchStateUpdate[] = [];
  let unchanged = 0;
  for (const collection of collections) {
    skipped.push(...collection.skipped);
    const seen = new Set<string>();
    let emptied = 0;
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
        const chunks: Chunk[] = chunkDocument(outcome.document, config.chunk);
        const { blocks: _blocks, ...record } = outcome.document;
        upserts.push({
          document: record,
          chunks,
          ...(outcome.fetchState ? { fetchState: outcome.fetchState } : {}),
        });
        const isUpdate = storedHashes.has(outcome.key);
        (isUpdate ? changes.updated : changes.added).push(outcome.document.url);
        if (isUpdate && chunks.length === 0 && (storedChunkCounts.get(outcome.key) ?? 0) > 0) emptied += 1;
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
    checks.push({ root: collection.root, stored: covered.length, deleted, emptied });
  }
  const urlOf = new Map(storedDocuments.map((document) => [document.source, document.url]));
  changes.deleted.push(...[...deletions].map((source) => urlOf.get(source) ?? source));

  const warnings = collections.flatMap((collection) => [...collection.warnings]);
  const guard = collapseGuardMessage(checks, config.ingest.maxDeleteShare);
  if (guard !== null && !options.force) {
    if (!options.dryRun) throw new DocentError("SYNC_REFUSED", guard, { details: { checks } });
    warnings.push(guard);
  }

  if (signal?.aborted) throw new DocentError("ABORTED", "Ingest was cancelled; the index was not changed");
  let corpusVersion: number;
  // Vectors for new and changed chunks (and any chunk still lacking one), cached by content.
  const embedded =
    !options.dryRun && options.embedder
      ? await embedChanges(
          store,
          options.embedder,
          { upserts, deletions: [...deletions] },
          {
            signal,
            onProgress: options.onEmbedProgress,
          },
        )
      : null;
  if (!options.dryRun && (upserts.length > 0 || deletions.size > 0 || embedded?.write)) {
    // The one write of an ingest: every upsert, deletion and vector in one transaction.
    ({ corpusVersion } = await store.applyChanges(
      {
        upserts,
        deletions: [...deletions],
        embeddings: embedded?.write,
        note: { sources: collections.map((collection) => collection.root), unchanged },
      },
      { signal },
    ));
  } else {
    corpusVersion = (await store.stats({ signal })).corpusVersion;
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
    parsed: upserts.length,
    bytesRead: collections.reduce((sum, collection) => sum + collection.bytesRead, 0),
    chunks: stats.chunks,
    chunksWritten: options.dryRun ? 0 : upserts.reduce((sum, write) => sum + write.chunks.length, 0),
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
    ...(embedded ? { embedding: embedded.summary } : {}),
  };
}
