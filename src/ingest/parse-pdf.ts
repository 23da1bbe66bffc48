import { extractText, getDocumentProxy } from "unpdf";
import type { Block } from "../core/document.ts";
import { describeError } from "../core/errors.ts";

/** The outcome of {@link parsePdf}. */
export type ParsePdfResult =
  | {
      readonly kind: "parsed";
      /** The PDF's `Title` metadata when set, else null (the caller falls back to the file name). */
      readonly title: string | null;
      /**
       * One heading per page with text (`Page N`, anchor `page=N`, so a citation deep-links with
       * `#page=N`, which PDF viewers honour), followed by that page's paragraphs.
       */
      readonly blocks: Block[];
      readonly pageCount: number;
    }
  | { readonly kind: "invalid"; readonly reason: string };

/** Options of {@link parsePdf}. */
export interface ParsePdfOptions {
  /** Pages beyond this are not read (a warning-free cap on work for huge PDFs). Default 2000. */
  readonly maxPages?: number;
}

/**
 * Extracts the text of a PDF, page by page, with pdf.js (through `unpdf`, which bundles a build
 * for Node without native code or install scripts). Encrypted, broken and image-only PDFs become
 * `invalid` with a reason; nothing throws.
 */
export async function parsePdf(bytes: Uint8Array, options: ParsePdfOptions = {}): Promise<ParsePdfResult> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (and may detach) the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    return { kind: "invalid", reason: describePdfError(error) };
  }
  try {
    const maxPages = options.maxPages ?? 2000;
    const { text } = await extractText(pdf, { mergePages: false });
    const blocks: Block[] = [];
    for (const [index, pageText] of text.slice(0, maxPages).entries()) {
      const paragraphs = pageText
        .replace(/\r\n?/gu, "\n")
        .split(/\n[ \t]*\n/u)
        .map((paragraph) =>
          paragraph
            .replace(/[ \t]+/gu, " ")
            .replace(/\s*\n\s*/gu, "\n")
            .trim(),
        )
        .filter((paragraph) => paragraph.length > 0);
      if (paragraphs.length === 0) continue;
      const page = index + 1;
      blocks.push({ type: "heading", depth: 2, text: `Page ${page}`, anchor: `page=${page}` });
      for (const paragraph of paragraphs) blocks.push({ type: "paragraph", text: paragraph });
    }
    if (blocks.length === 0) {
      return {
        kind: "invalid",
        reason: `PDF has ${pdf.numPages} page(s) but no extractable text (scanned images need OCR, which Docent does not do)`,
      };
    }
    let title: string | null = null;
    try {
      const metadata = await pdf.getMetadata();
      const info = metadata.info as { Title?: unknown } | undefined;
      if (typeof info?.Title === "string" && info.Title.trim().length > 0) title = info.Title.trim();
    } catch {
      // Broken metadata does not make the text unusable.
    }
    return { kind: "parsed", title, blocks, pageCount: pdf.numPages };
  } catch (error) {
    return { kind: "invalid", reason: describePdfError(error) };
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

function describePdfError(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "PasswordException") {
    return "PDF is encrypted with a password; Docent cannot read it (save an unencrypted copy)";
  }
  if (name === "InvalidPDFException") return "not a valid PDF (broken or truncated file)";
  return `PDF could not be read: ${describeError(error)}`;
}
