import { extname } from "node:path";
import type { Block, Document, DocumentFormat } from "../core/document.ts";
import { stableId } from "../core/hash.ts";
import { decodeText } from "./decode-text.ts";
import { humanizeFileName } from "./humanize-file-name.ts";
import { parseHtml } from "./parse-html.ts";
import { parseMarkdown } from "./parse-markdown.ts";
import { parsePdf } from "./parse-pdf.ts";
import { parseText } from "./parse-text.ts";
import { urlForSource } from "./url-for-source.ts";

/** Input of {@link parseSourceFile}: what `readSourceFile` (or a web fetch) returned, plus where it lives. */
export interface ParseSourceFileInput {
  /** `/`-separated path relative to the ingested root, or a URL; its extension picks the parser unless `format` is given. */
  readonly source: string;
  readonly bytes: Uint8Array;
  /** sha256 of `bytes`, hex, as computed by `readSourceFile`. */
  readonly contentHash: string;
  /** Public URL of the docs root (config `ingest.baseUrl`); without it, URLs are source paths. */
  readonly baseUrl?: string;
  /** The format, when known from elsewhere (an HTTP `Content-Type`); else taken from the extension. */
  readonly format?: ParsableFormat;
  /** The document's URL, when known (a crawled page); overrides `baseUrl` mapping. */
  readonly url?: string;
  /** Character set from an HTTP `Content-Type` header; else a BOM or (HTML) `<meta charset>` decides, else UTF-8. */
  readonly charset?: string;
}

/** Formats a source file can be parsed as. */
export type ParsableFormat = Exclude<DocumentFormat, "beir">;

/** What an HTML page links to and says about itself, for a crawler. */
export interface HtmlPageFacts {
  readonly links: readonly string[];
  readonly canonical: string | null;
  readonly nofollow: boolean;
}

/** The outcome of {@link parseSourceFile}. */
export type ParseSourceFileResult =
  | {
      readonly kind: "document";
      readonly document: Document;
      /** Non-fatal problems worth showing (e.g. MDX read as plain Markdown). */
      readonly warnings: readonly string[];
      /** Links and canonical URL of an HTML page; null for other formats. */
      readonly html: HtmlPageFacts | null;
    }
  | {
      readonly kind: "skipped";
      readonly source: string;
      readonly reason: string;
      /** Links of an HTML page that was skipped (e.g. `noindex`), so a crawl can still follow them. */
      readonly html?: HtmlPageFacts;
    };

/** Formats by extension (lower case). */
const FORMATS: Readonly<Record<string, ParsableFormat>> = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".mdx": "mdx",
  ".txt": "text",
  ".text": "text",
  ".html": "html",
  ".htm": "html",
  ".pdf": "pdf",
};

/** The format of a file name's extension, or undefined when Docent has no parser for it. */
export function formatOfSource(source: string): ParsableFormat | undefined {
  return FORMATS[extname(source).toLowerCase()];
}

/**
 * Decodes and parses one file into a normalised Document: Markdown, MDX, plain text, HTML (main
 * content only, headings keep their `id` anchors) or PDF (text per page, `#page=N` anchors).
 * Binary files (a NUL byte in a text format), invalid UTF-8, empty or whitespace-only files,
 * broken front matter, pages marked `noindex`, encrypted or broken PDFs become `skipped` with
 * a reason; nothing throws. The character set comes from a byte order mark, the HTTP header or
 * an HTML `<meta charset>` (see `decodeText`); a byte order mark is removed.
 */
export async function parseSourceFile(input: ParseSourceFileInput): Promise<ParseSourceFileResult> {
  const { source } = input;
  const skip = (reason: string, html?: HtmlPageFacts): ParseSourceFileResult =>
    html === undefined ? { kind: "skipped", source, reason } : { kind: "skipped", source, reason, html };
  const extension = extname(source).toLowerCase();
  const format = input.format ?? FORMATS[extension];
  if (format === undefined) {
    return skip(
      `no parser for "${extension || source}" files yet (supported: ${Object.keys(FORMATS).join(", ")})`,
    );
  }
  if (input.bytes.length === 0) return skip("file is empty");

  let title: string | null;
  let blocks: Block[];
  let warnings: string[] = [];
  let html: HtmlPageFacts | null = null;
  if (format === "pdf") {
    const parsed = await parsePdf(input.bytes);
    if (parsed.kind === "invalid") return skip(parsed.reason);
    ({ title, blocks } = parsed);
  } else {
    const decoded = decodeText(input.bytes, {
      html: format === "html",
      ...(input.charset === undefined ? {} : { charset: input.charset }),
    });
    if (decoded.kind === "invalid") return skip(decoded.reason);
    const text = decoded.text;
    if (text.trim().length === 0) return skip("file is empty (only whitespace)");
    if (format === "text") {
      ({ title, blocks } = parseText(text));
    } else if (format === "html") {
      const parsed = parseHtml(text);
      html = { links: parsed.links, canonical: parsed.canonical, nofollow: parsed.nofollow };
      if (parsed.noindex)
        return skip('the page asks not to be indexed (<meta name="robots" content="noindex">)', html);
      ({ title, blocks } = parsed);
      if (blocks.length === 0)
        return skip("the page has no readable main content (empty or only navigation)", html);
    } else {
      const parsed = parseMarkdown(text, { source, mdx: format === "mdx" });
      if (parsed.kind === "invalid") return skip(parsed.reason);
      ({ title, blocks, warnings } = parsed);
    }
  }
  return {
    kind: "document",
    document: {
      id: stableId(source),
      source,
      url: input.url ?? urlForSource(source, input.baseUrl),
      title: title ?? humanizeFileName(source),
      format,
      contentHash: input.contentHash,
      blocks,
    },
    warnings,
    html,
  };
}
