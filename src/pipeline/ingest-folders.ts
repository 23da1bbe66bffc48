import { resolve } from "node:path";
import { chunkDocument } from "../chunk/chunk-document.ts";
import type { Config } from "../config/schema.ts";
import type { Chunk } from "../core/document.ts";
import { DocentError } from "../core/errors.ts";
import { stableId } from "../core/hash.ts";
import { parseSourceFile } from "../ingest/parse-source-file.ts";
import { readSourceFile } from "../ingest/read-source-file.ts";
import { type SourceFile, scanFolder } from "../ingest/scan-folder.ts";
import type { DocumentWrite, Store } from "../store/store.ts";

/** Progress of an ingest, reported after each file. */
export interface IngestProgress {
  readonly done: number;
  readonly total: number;
  /** The file just handled. */
  readonly source: string;
}

/** What an ingest did (the shape of `docent ingest --json`). */
export interface IngestSummary {
  readonly documents: {
    readonly added: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly deleted: number;
  };
  /** Chunks in the index after the ingest. */
  readonly chunks: number;
  /** Chunks written by this ingest (added and updated documents). */
  readonly chunksWritten: number;
  readonly skipped: ReadonlyArray<{ readonly source: string; readonly reason: string }>;
  /** The index's corpus version after the ingest (unchanged when nothing changed). */
  readonly corpusVersion: number;
}

export interface IngestFoldersOptions {
  readonly store: Store;
  /** Folders or single files to read. */
  readonly paths: readonly string[];
  readonly config: Config;
  /** Resolves relative paths. */
  readonly cwd: string;
  readonly onProgress?: (progress: IngestProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * Synchronises the index with the given folders: new files are added, changed files (by
 * sha256 of their bytes) are re-parsed and replace their old chunks, unchanged files are not
 * parsed, and files that disappeared from a folder are deleted. Files that cannot be read or
 * parsed are skipped with a reason. All writes happen in one transaction, so a failure or an
 * interruption leaves the previous index intact.
 *
 * A stored document's key (`source`) is the file's absolute path, so two folders may both hold
 * an `index.md`; its URL is the path relative to the folder given (or a `baseUrl` URL).
 */
export async function ingestFolders(options: IngestFoldersOptions): Promise<IngestSummary> {
  const { store, config, signal } = options;
  const roots = options.paths.map((path) => resolve(options.cwd, path));
  const scans = [];
  const skipped: Array<{ source: string; reason: string }> = [];
  for (const root of roots) {
    const scan = await scanFolder(root, { extensions: config.ingest.extensions, signal });
    scans.push({ root, files: scan.files });
    skipped.push(...scan.skipped);
  }
  const files: Array<{ key: string; file: SourceFile }> = [];
  const seen = new Set<string>();
  for (const scan of scans) {
    for (const file of scan.files) {
      const key = resolve(file.absolutePath);
      if (seen.has(key)) continue; // the same file reached through two given paths
      seen.add(key);
      files.push({ key, file });
    }
  }

  const storedHashes = await store.documentHashes({ signal });
  const upserts: DocumentWrite[] = [];
  const counts = { added: 0, updated: 0, unchanged: 0, deleted: 0 };
  let done = 0;
  for (const { key, file } of files) {
    throwIfAborted(signal);
    const outcome = await readSourceFile(file, { maxFileBytes: config.ingest.maxFileBytes });
    done += 1;
    if (outcome.kind === "skipped") {
      skipped.push({ source: outcome.source, reason: outcome.reason });
    } else if (storedHashes.get(key) === outcome.contentHash) {
      counts.unchanged += 1;
    } else {
      const parsed = parseSourceFile({
        source: file.source,
        bytes: outcome.bytes,
        contentHash: outcome.contentHash,
        baseUrl: config.ingest.baseUrl,
      });
      if (parsed.kind === "skipped") {
        skipped.push({ source: parsed.source, reason: parsed.reason });
      } else {
        const document = { ...parsed.document, id: stableId(key), source: key };
        const chunks: Chunk[] = chunkDocument(document, config.chunk);
        const { blocks: _blocks, ...record } = document;
        upserts.push({ document: record, chunks });
        if (storedHashes.has(key)) counts.updated += 1;
        else counts.added += 1;
      }
    }
    options.onProgress?.({ done, total: files.length, source: file.source });
  }

  // A stored document is deleted when it lies under one of the given folders and was not found
  // there now. A file that was found but skipped (say, it became unreadable) is not deleted: its
  // previous content stays until the problem is fixed.
  const found = new Set(files.map(({ key }) => key));
  const deletions = [...storedHashes.keys()].filter(
    (source) => !found.has(source) && roots.some((root) => isInside(source, root)),
  );
  counts.deleted = deletions.length;

  throwIfAborted(signal);
  let corpusVersion: number;
  if (upserts.length > 0 || deletions.length > 0) {
    ({ corpusVersion } = await store.applyChanges({ upserts, deletions }, { signal }));
  } else {
    corpusVersion = (await store.stats({ signal })).corpusVersion;
  }
  const stats = await store.stats({ signal });
  return {
    documents: counts,
    chunks: stats.chunks,
    chunksWritten: upserts.reduce((sum, write) => sum + write.chunks.length, 0),
    skipped,
    corpusVersion,
  };
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith("/") ? root : `${root}/`);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DocentError("ABORTED", "Ingest was cancelled; the index was not changed");
}
