/**
 * A block of a normalised document. Every parser (Markdown, MDX, text, and later HTML and PDF)
 * produces this shape, so the chunker never needs to know where a document came from.
 */
export type Block =
  | {
      readonly type: "heading";
      /** 1 for `#`, 2 for `##`, ... */
      readonly depth: number;
      /** The heading's text, markup removed. */
      readonly text: string;
      /** The URL fragment that links to this heading, without `#` (e.g. `configuring-the-index`). */
      readonly anchor: string;
    }
  | {
      /** `code` and `table` blocks are kept whole by the chunker unless they alone exceed the size limit. */
      readonly type: "paragraph" | "code" | "table" | "list" | "quote" | "html";
      /** The block's source text (Markdown kept for code fences and tables). */
      readonly text: string;
    };

/** The formats Docent reads. */
export type DocumentFormat = "markdown" | "mdx" | "text" | "html" | "pdf" | "beir";

/** A parsed, normalised document, ready to be chunked. */
export interface Document {
  /** Stable id derived from `source`. */
  readonly id: string;
  /** Where the document came from: a path relative to the ingested folder, or a URL. The identity key. */
  readonly source: string;
  /** The public URL answers link to (a path when no base URL was given). */
  readonly url: string;
  /** The document's title: front matter `title`, else the first `#` heading, else the file name. */
  readonly title: string;
  readonly format: DocumentFormat;
  /** sha256 of the raw bytes read, hex. */
  readonly contentHash: string;
  readonly blocks: readonly Block[];
}

/** A piece of a document small enough to retrieve and cite. */
export interface Chunk {
  /** Stable id: the same document section gives the same id on every ingest. */
  readonly id: string;
  readonly documentId: string;
  /** Position of the chunk within its document, from 0. */
  readonly ordinal: number;
  /** The document's title. */
  readonly title: string;
  /** Headings above this chunk, outermost first (the document title heading excluded). */
  readonly headingPath: readonly string[];
  /** The anchor of the nearest heading, without `#`; null before the first heading. */
  readonly anchor: string | null;
  /** The document URL with `#anchor` when there is one. */
  readonly url: string;
  /** The chunk text as it should be shown and searched. */
  readonly text: string;
  /** sha256 of `text` and the heading path, hex. */
  readonly contentHash: string;
  /** Size of `text` in tokens of the configured tokenizer. */
  readonly tokenCount: number;
}
