import { extname } from "node:path";
import type { Block, Document, DocumentFormat } from "../core/document.ts";
import { stableId } from "../core/hash.ts";
import { humanizeFileName } from "./humanize-file-name.ts";
import { parseMarkdown } from "./parse-markdown.ts";
import { parseText } from "./parse-text.ts";
import { urlForSource } from "./url-for-source.ts";

/** Input of {@link parseSourceFile}: what `readSourceFile` returned, plus where the file lives. */
export interface ParseSourceFileInput {
  /** `/`-separated path relative to the ingested root; its extension picks the parser. */
  readonly source: string;
  readonly bytes: Uint8Array;
  /** sha256 of `bytes`, hex, as computed by `readSourceFile`. */
  readonly contentHash: string;
  /** Public URL of the docs root (config `ingest.baseUrl`); without it, URLs are source paths. */
  readonly baseUrl?: string;
}

/** The outcome of {@link parseSourceFile}. */
export type ParseSourceFileResult =
  | {
      readonly kind: "document";
      readonly document: Document;
      /** Non-fatal problems worth showing (e.g. MDX read as plain Markdown). */
      readonly warnings: readonly string[];
    }
  | { readonly kind: "skipped"; readonly source: string; readonly reason: string };

/** Formats by extension (lower case). Other extensions have no parser yet. */
const FORMATS: Readonly<Record<string, DocumentFormat>> = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".mdx": "mdx",
  ".txt": "text",
  ".text": "text",
};

/**
 * Decodes and parses one file into a normalised Document. Binary files (a NUL byte), invalid
 * UTF-8, empty or whitespace-only files and broken front matter become `skipped` with
 * a reason; nothing throws. A UTF-8 byte order mark is removed.
 */
export function parseSourceFile(input: ParseSourceFileInput): ParseSourceFileResult {
  const { source } = input;
  const skip = (reason: string): ParseSourceFileResult => ({ kind: "skipped", source, reason });
  const extension = extname(source).toLowerCase();
  const format = FORMATS[extension];
  if (format === undefined) {
    return skip(
      `no parser for "${extension || source}" files yet (supported: ${Object.keys(FORMATS).join(", ")})`,
    );
  }
  if (input.bytes.length === 0) return skip("file is empty");
  const nulIndex = input.bytes.indexOf(0);
  if (nulIndex !== -1) return skip(`binary file (NUL byte at offset ${nulIndex}), not text`);
  let text: string;
  try {
    // `fatal` rejects invalid UTF-8; the default `ignoreBOM: false` removes a byte order mark.
    text = new TextDecoder("utf-8", { fatal: true }).decode(input.bytes);
  } catch {
    return skip("not valid UTF-8 text; re-save the file as UTF-8");
  }
  if (text.trim().length === 0) return skip("file is empty (only whitespace)");

  let title: string | null;
  let blocks: Block[];
  let warnings: string[] = [];
  if (format === "text") {
    ({ title, blocks } = parseText(text));
  } else {
    const parsed = parseMarkdown(text, { source, mdx: format === "mdx" });
    if (parsed.kind === "invalid") return skip(parsed.reason);
    ({ title, blocks, warnings } = parsed);
  }
  return {
    kind: "document",
    document: {
      id: stableId(source),
      source,
      url: urlForSource(source, input.baseUrl),
      title: title ?? humanizeFileName(source),
      format,
      contentHash: input.contentHash,
      blocks,
    },
    warnings,
  };
}
