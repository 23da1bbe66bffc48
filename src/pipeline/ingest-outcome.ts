import type { Document } from "../core/document.ts";
import type { FetchState } from "../store/store.ts";
import type { ParseFileJob } from "./parse-folder-file.ts";

/**
 * What became of one source (a file or a page) during an ingest, keyed by its identity in the
 * store (`key`: an absolute path or a URL). `label` names it for people (a relative path or a URL).
 */
export type SourceOutcome =
  | {
      readonly kind: "parsed";
      readonly key: string;
      readonly label: string;
      readonly document: Document;
      readonly fetchState?: FetchState;
    }
  /**
   * Its content hash (or a 304) shows the stored copy is current: not parsed again. `fetchState`
   * is set when a page's ETag / Last-Modified changed anyway; it is stored without a new version.
   */
  | {
      readonly kind: "unchanged";
      readonly key: string;
      readonly label: string;
      readonly fetchState?: FetchState;
    }
  /**
   * New, or its bytes differ from the stored copy's: read again, parsed and chunked by `job` only
   * when its batch is written (in a parse worker for large ingests), so an ingest never holds
   * every parsed document at once.
   */
  | {
      readonly kind: "changed";
      readonly key: string;
      readonly label: string;
      readonly job: ParseFileJob;
    }
  /** Could not be read or parsed this time: skipped, and a stored copy is kept. */
  | { readonly kind: "kept"; readonly key: string; readonly label: string; readonly reason: string }
  /** The source says it is gone (HTTP 404/410): skipped, and a stored copy is deleted. */
  | { readonly kind: "gone"; readonly key: string; readonly label: string; readonly reason: string };

/** The outcomes of one given path or URL, and which stored documents it covers. */
export interface SourceCollection {
  /** The path or URL as given, for messages. */
  readonly root: string;
  readonly outcomes: SourceOutcome[];
  /** True for a stored document's key that this collection is responsible for. */
  readonly covers: (key: string) => boolean;
  /** False when stored documents it covers but did not see must be kept (a crawl stopped by a limit). */
  readonly complete: boolean;
  /** Skips found before reading (symbolic links leaving the folder, unreadable folders). */
  readonly skipped: ReadonlyArray<{ readonly source: string; readonly reason: string }>;
  readonly warnings: readonly string[];
  readonly duplicates: ReadonlyArray<{ readonly url: string; readonly canonical: string }>;
  /** Bytes read from the source (files read, pages downloaded). */
  readonly bytesRead: number;
  /** Discovered pages a crawl did not fetch because a limit was reached; absent for folders. */
  readonly notCrawled?: { readonly maxPages: number; readonly maxDepth: number };
}
