import type { Block } from "../core/document.ts";

/** The result of {@link parseText}. */
export interface ParsedText {
  /** The first non-empty line when shorter than 100 characters; null otherwise (use the file name). */
  readonly title: string | null;
  /** One paragraph per run of lines between blank lines. Plain text has no headings. */
  readonly blocks: Block[];
}

/** Longest first line still taken as a plain-text document's title. */
const MAX_TITLE_LENGTH = 100;

/** Normalises a plain-text document: paragraphs split on blank lines; the first short line is the title. */
export function parseText(text: string): ParsedText {
  const normalised = text.replace(/\r\n?/gu, "\n");
  const firstLine =
    normalised
      .split("\n")
      .find((line) => line.trim().length > 0)
      ?.trim() ?? "";
  const blocks: Block[] = normalised
    .split(/\n[ \t]*\n/u)
    .map((paragraph) => paragraph.replace(/^\n+|\s+$/gu, ""))
    .filter((paragraph) => paragraph.trim().length > 0)
    .map((paragraph) => ({ type: "paragraph", text: paragraph }));
  return {
    title: firstLine.length > 0 && firstLine.length < MAX_TITLE_LENGTH ? firstLine : null,
    blocks,
  };
}
