import { type ChunkDocumentOptions, chunkDocument } from "../chunk/chunk-document.ts";
import type { Chunk, Document } from "../core/document.ts";
import { stableId } from "../core/hash.ts";
import { parseSourceFile } from "../ingest/parse-source-file.ts";
import { readSourceFile } from "../ingest/read-source-file.ts";
import type { SourceFile } from "../ingest/scan-folder.ts";

/**
 * One changed file to read, parse and chunk: plain data, so it can be sent to a worker thread
 * (see `create-parse-pool.ts`) as well as run in the main thread.
 */
export interface ParseFileJob {
  readonly file: SourceFile;
  /** The document's key in the store (the file's absolute path). */
  readonly key: string;
  readonly maxFileBytes: number;
  readonly baseUrl: string | undefined;
  readonly chunk: ChunkDocumentOptions;
}

/** A parsed and chunked source, without its blocks (only the chunks are written). */
export type ChunkedSource =
  | {
      readonly kind: "parsed";
      readonly document: Omit<Document, "blocks">;
      readonly chunks: Chunk[];
    }
  | { readonly kind: "kept"; readonly reason: string };

/**
 * Reads a changed file again, parses it and cuts it into chunks. Its hash is taken from the
 * bytes parsed (the file may have changed since it was scanned). Never throws for a bad file:
 * an unreadable or unparsable one is `kept` with the reason.
 */
export async function parseFolderFile(job: ParseFileJob): Promise<ChunkedSource> {
  const read = await readSourceFile(job.file, { maxFileBytes: job.maxFileBytes });
  if (read.kind === "skipped") return { kind: "kept", reason: read.reason };
  const parsed = await parseSourceFile({
    source: job.file.source,
    bytes: read.bytes,
    contentHash: read.contentHash,
    baseUrl: job.baseUrl,
  });
  if (parsed.kind === "skipped") return { kind: "kept", reason: parsed.reason };
  const document: Document = { ...parsed.document, id: stableId(job.key), source: job.key };
  const { blocks: _blocks, ...record } = document;
  return { kind: "parsed", document: record, chunks: chunkDocument(document, job.chunk) };
}
