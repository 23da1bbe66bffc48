/**
 * What kind of text a unit is. `sentence`, `list-item` and `table-row` can be quoted into an
 * answer; `code` is only ever attached after a quoted sentence that introduces it.
 */
export type TextUnitKind = "sentence" | "list-item" | "table-row" | "code";

/** The smallest piece of a source the extractive answerer quotes. */
export interface TextUnit {
  readonly kind: TextUnitKind;
  /** Position of the unit in its source, from 0. */
  readonly index: number;
  /** Display text: inline Markdown links, images, HTML tags and emphasis removed (code spans kept). Code keeps its fences. */
  readonly text: string;
}

const FENCE_OPEN = /^\s*(`{3,}|~{3,})/u;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?/u;
const TABLE_LINE = /^\s*\|.*\|\s*$/u;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/u;
/** Lines that carry no prose: headings, MkDocs admonition markers, include directives, rules. */
const SKIPPED_LINE = /^\s*(?:#{1,6}\s|\/\/\/|\{\*.*\*\}\s*$|[-*_]{3,}\s*$|<!--.*-->\s*$|:::)/u;

const sentenceSegmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Cleans inline Markdown for display: images dropped, links reduced to their text, HTML tags
 * removed (their text kept), bold and italic markers dropped, whitespace collapsed. Code spans
 * are kept with their backticks.
 */
export function cleanInlineMarkdown(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/gu, "")
    .replace(/!\[[^\]]*\]\[[^\]]*\]/gu, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/gu, "$1")
    .replace(/\[([^\]]+)\]\[[^\]]*\]/gu, "$1")
    .replace(/<\/?[a-zA-Z][^>]*>/gu, "")
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/gu, "$2")
    .replace(/(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])/gu, "$1")
    .replace(/\s+/gu, " ")
    .trim();
}

function splitTableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/u, "")
    .replace(/\|$/u, "")
    .split(/(?<!\\)\|/u)
    .map((cell) => cleanInlineMarkdown(cell));
}

/** A table row as a sentence-like unit: `Header: cell; Header: cell`. */
function describeTableRow(header: readonly string[], cells: readonly string[]): string {
  return cells
    .map((cell, column) => {
      const name = header[column];
      return name && name !== cell ? `${name}: ${cell}` : cell;
    })
    .filter((part) => part.length > 0)
    .join("; ");
}

function sentencesOf(paragraph: string): string[] {
  const cleaned = cleanInlineMarkdown(paragraph);
  const sentences: string[] = [];
  for (const { segment } of sentenceSegmenter.segment(cleaned)) {
    const sentence = segment.trim();
    if (sentence) sentences.push(sentence);
  }
  return sentences;
}

/**
 * Splits a chunk's text into quotable units, in order: prose is split into sentences with
 * `Intl.Segmenter`, each list item and each table row is its own unit, and each fenced code
 * block is one `code` unit. Headings, admonition markers (`/// tip`) and include directives are
 * dropped.
 */
export function splitIntoUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  const push = (kind: TextUnitKind, unitText: string) => {
    if (unitText.trim()) units.push({ kind, index: units.length, text: unitText });
  };
  const lines = text.replace(/\r\n?/gu, "\n").split("\n");
  let paragraph: string[] = [];
  let listItem: string[] = [];
  const flushParagraph = () => {
    for (const sentence of sentencesOf(paragraph.join(" "))) push("sentence", sentence);
    paragraph = [];
  };
  const flushListItem = () => {
    if (listItem.length > 0) push("list-item", cleanInlineMarkdown(listItem.join(" ")));
    listItem = [];
  };
  const flush = () => {
    flushParagraph();
    flushListItem();
  };

  let position = 0;
  while (position < lines.length) {
    const line = lines[position] ?? "";
    const fence = FENCE_OPEN.exec(line);
    if (fence?.[1]) {
      flush();
      const marker = fence[1];
      const block = [line];
      position += 1;
      while (position < lines.length) {
        const inner = lines[position] ?? "";
        block.push(inner);
        position += 1;
        if (inner.trim().startsWith(marker) && inner.trim().replace(/[`~]/gu, "") === "") break;
      }
      push("code", block.join("\n"));
      continue;
    }
    if (TABLE_LINE.test(line)) {
      flush();
      const header = splitTableCells(line);
      position += 1;
      let rows = 0;
      while (position < lines.length && TABLE_LINE.test(lines[position] ?? "")) {
        const row = lines[position] ?? "";
        position += 1;
        if (TABLE_SEPARATOR.test(row)) continue;
        push("table-row", describeTableRow(header, splitTableCells(row)));
        rows += 1;
      }
      if (rows === 0) push("table-row", header.join("; "));
      continue;
    }
    position += 1;
    if (!line.trim() || SKIPPED_LINE.test(line)) {
      flush();
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      listItem = [line.replace(LIST_ITEM, "")];
      continue;
    }
    if (listItem.length > 0 && /^\s+\S/u.test(line)) {
      listItem.push(line.trim());
      continue;
    }
    flushListItem();
    paragraph.push(line.trim());
  }
  flush();
  return units;
}
