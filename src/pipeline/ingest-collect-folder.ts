import { resolve } from "node:path";
import type { Config } from "../config/schema.ts";
import { readSourceFile } from "../ingest/read-source-file.ts";
import { scanFolder } from "../ingest/scan-folder.ts";
import type { SourceCollection, SourceOutcome } from "./ingest-outcome.ts";

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
  let done = 0;
  for (const file of scan.files) {
    signal?.throwIfAborted();
    done += 1;
    const key = resolve(file.absolutePath);
    if (options.alreadySeen.has(key)) continue;
    options.alreadySeen.add(key);
    const label = file.source;
    const read = await readSourceFile(file, { maxFileBytes: config.ingest.maxFileBytes });
    if (read.kind === "skipped") {
      outcomes.push({ kind: "kept", key, label, reason: read.reason });
    } else if (options.storedHashes.get(key) === read.contentHash) {
      bytesRead += read.bytes.length;
      outcomes.push({ kind: "unchanged", key, label });
    } else {
      bytesRead += read.bytes.length;
      // Parsed later, batch by batch (the bytes are read again then, not kept in memory).
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
