import { resolve } from "node:path";
import type { Config } from "../config/schema.ts";
import { mapAhead } from "../core/map-ahead.ts";
import { type ReadSourceFileResult, readSourceFile } from "../ingest/read-source-file.ts";
import { scanFolder } from "../ingest/scan-folder.ts";
import type { SourceCollection, SourceOutcome } from "./ingest-outcome.ts";

/** A file read and hashed while collecting: its hash and size, or why it was skipped. */
type HashedFile =
  | Extract<ReadSourceFileResult, { kind: "skipped" }>
  | { readonly kind: "read"; readonly contentHash: string; readonly size: number };

/** Files read and hashed at once while collecting a folder. */
const READ_AHEAD = 8;

/** Options of {@link collectFolder}. */
export interface CollectFolderOptions {
  /** Absolute path of the folder (or single file). */
  readonly root: string;
  readonly config: Config;
  /** key -> content hash of stored documents. */
  readonly storedHashes: ReadonlyMap<string, string>;
  /** Keys already handled through another given path (the same file reached twice). */
  readonly alreadySeen: Set<string>;
  readonly onFile?: (done: number, total: number, source: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * Reads one folder for a sync: scans it (globs and ignore files honoured) and hashes every file's
 * bytes. A file whose hash differs from the stored one is a `changed` outcome, parsed only when
 * the ingest writes its batch. A document's key is the
 * file's absolute path; its URL is the path relative to the folder (or a `baseUrl` URL).
 */
export async function collectFolder(options: CollectFolderOptions): Promise<SourceCollection> {
  const { root, config, signal } = options;
  const scan = await scanFolder(root, {
    extensions: config.ingest.extensions,
    include: config.ingest.include,
    exclude: config.ingest.exclude,
    ignoreFiles: config.ingest.ignoreFiles,
    signal,
  });
  const outcomes: SourceOutcome[] = [];
  let bytesRead = 0;
  // A file reached through two given paths is read once, through the first.
  const files = scan.files
    .map((file) => ({ file, key: resolve(file.absolutePath) }))
    .filter(({ key }) => {
      if (options.alreadySeen.has(key)) return false;
      options.alreadySeen.add(key);
      return true;
    });
  // Files are read and hashed a few at a time, so waiting for the disk overlaps hashing; the
  // bytes are let go at once (a changed file is read again when its batch is parsed).
  const hashed = mapAhead(files, READ_AHEAD, async ({ file }): Promise<HashedFile> => {
    const read = await readSourceFile(file, { maxFileBytes: config.ingest.maxFileBytes });
    return read.kind === "skipped"
      ? read
      : { kind: "read", contentHash: read.contentHash, size: read.bytes.length };
  });
  let done = scan.files.length - files.length;
  for (const { file, key } of files) {
    signal?.throwIfAborted();
    done += 1;
    const label = file.source;
    const { value: read } = (await hashed.next()) as IteratorYieldResult<HashedFile>;
    if (read.kind === "skipped") {
      outcomes.push({ kind: "kept", key, label, reason: read.reason });
    } else if (options.storedHashes.get(key) === read.contentHash) {
      bytesRead += read.size;
      outcomes.push({ kind: "unchanged", key, label });
    } else {
      bytesRead += read.size;
      outcomes.push({
        kind: "changed",
        key,
        label,
        job: {
          file,
          key,
          maxFileBytes: config.ingest.maxFileBytes,
          baseUrl: config.ingest.baseUrl,
          chunk: config.chunk,
        },
      });
    }
    options.onFile?.(done, scan.files.length, file.source);
  }
  return {
    root,
    outcomes,
    covers: (key) => key === root || key.startsWith(root.endsWith("/") ? root : `${root}/`),
    complete: true,
    skipped: scan.skipped,
    warnings: [],
    duplicates: [],
    bytesRead,
  };
}
