import type { Token } from "markdown-it";
import type { HeadingSlugger } from "../chunk/create-heading-slugger.ts";
import type { Block } from "../core/document.ts";
import type { FenceEnd, TableStart } from "./create-markdown-it.ts";
import { inlineTokensToText } from "./inline-tokens-to-text.ts";
import { isHtmlType7Start } from "./is-html-type-7-start.ts";
import { type BlockNode, markdownItBlockTree } from "./markdown-it-block-tree.ts";
import { fencedCode, quoteText } from "./markdown-like-text.ts";
import { stripHtmlTags } from "./strip-html-tags.ts";

/**
 * Thrown when the tokens hold something whose blocks this converter cannot make exactly as
 * `mdastToBlocks` would (see the throw sites); the caller then parses the document with remark.
 */
export class NeedsRemarkError extends Error {
  override readonly name = "NeedsRemarkError";
}

interface Context {
  readonly source: string;
  /** Offset where each line of `source` starts. */
  readonly lineStarts: readonly number[];
}

/**
 * Turns markdown-it block tokens into the blocks `mdastToBlocks` makes from remark's tree of the
 * same text: code blocks and tables sliced verbatim from `source` (by line maps, and by the table
 * start recorded by `createMarkdownIt`), paragraphs and lists as readable text (list looseness
 * computed the way mdast-util-from-markdown sets `spread`, GFM task boxes recognised the way
 * micromark does), HTML blocks stripped of tags, headings slugged by `slugger`.
 *
 * @param tokens - `createMarkdownIt().parse(source, {})`.
 * @param source - The exact text that was parsed.
 * @param slugger - A fresh slugger for this document.
 * @throws NeedsRemarkError when the document must go through remark instead.
 */
export function markdownItToBlocks(
  tokens: readonly Token[],
  source: string,
  slugger: HeadingSlugger,
): Block[] {
  const context: Context = { source, lineStarts: lineStartsOf(source) };
  const blocks: Block[] = [];
  const tree = markdownItBlockTree(tokens);
  checkSiblingQuirks(tree, context, 0);
  for (const node of tree) {
    const { token } = node;
    switch (token.type) {
      case "heading_open": {
        const { text, anchor } = slugger.slug(inlineText(node));
        blocks.push({ type: "heading", depth: Number(token.tag.slice(1)), text, anchor });
        break;
      }
      case "paragraph_open":
        pushTextBlock(blocks, "paragraph", inlineText(node));
        break;
      case "fence":
        pushTextBlock(blocks, "code", sliceTopLevelLines(token, context, true));
        break;
      case "code_block":
        // micromark starts an indented code block at its line's start: its first indent stays.
        pushTextBlock(blocks, "code", sliceTopLevelLines(token, context, false));
        break;
      case "table_open":
        pushTextBlock(blocks, "table", sliceTable(token, context));
        break;
      case "bullet_list_open":
      case "ordered_list_open":
        pushTextBlock(blocks, "list", listToText(node, context, 0));
        break;
      case "blockquote_open":
        pushTextBlock(blocks, "quote", quoteText(flowToText(node.children, context, 1)));
        break;
      case "html_block":
        pushTextBlock(blocks, "html", stripHtmlTags(token.content));
        break;
      case "hr":
        break;
      default:
        throw new NeedsRemarkError(`unexpected markdown-it block ${token.type}`);
    }
  }
  return blocks;
}

function pushTextBlock(
  blocks: Block[],
  type: "paragraph" | "code" | "table" | "list" | "quote" | "html",
  text: string,
): void {
  if (text.trim().length > 0) blocks.push({ type, text: type === "code" ? text.trimEnd() : text.trim() });
}

/** Flow content nested in a list item or quote, as Markdown-like text (`flowToText` of mdast-to-blocks). */
function flowToText(nodes: readonly BlockNode[], context: Context, quoteDepth: number): string {
  const parts: string[] = [];
  checkSiblingQuirks(nodes, context, quoteDepth);
  for (const node of nodes) parts.push(nestedNodeToText(node, context, quoteDepth));
  return parts.filter((part) => part.trim().length > 0).join("\n\n");
}

function nestedNodeToText(node: BlockNode, context: Context, quoteDepth: number): string {
  const { token } = node;
  switch (token.type) {
    case "heading_open":
      return inlineText(node).trim();
    case "paragraph_open":
      if (hasHtmlType7Line(node))
        throw new NeedsRemarkError("lone HTML tag line in a list or quote paragraph");
      return inlineText(node).trim();
    case "fence": {
      // micromark ends an unclosed fence in a list or quote a line earlier, in ways not worth copying.
      if ((token.meta as FenceEnd | null)?.closed !== true)
        throw new NeedsRemarkError("unclosed nested fence");
      const info = /^(\S*)\s*([\s\S]*)$/u.exec(token.info);
      return fencedCode(info?.[1], info?.[2]?.trim(), withoutFinalNewline(token.content));
    }
    case "code_block":
      return fencedCode(null, null, withoutFinalNewline(token.content));
    case "table_open":
      return sliceTable(token, context);
    case "bullet_list_open":
    case "ordered_list_open":
      return listToText(node, context, quoteDepth);
    case "blockquote_open":
      return quoteText(flowToText(node.children, context, quoteDepth + 1));
    case "html_block":
      return stripHtmlTags(token.content);
    case "hr":
      return "";
    default:
      throw new NeedsRemarkError(`unexpected markdown-it block ${token.type}`);
  }
}

/** A list as Markdown (`listToText` of mdast-to-blocks), with mdast's `spread` and `checked`. */
function listToText(list: BlockNode, context: Context, quoteDepth: number): string {
  const ordered = list.token.type === "ordered_list_open";
  const start = ordered ? Number(list.token.attrGet("start") ?? 1) : 1;
  const items = list.children;
  if (quoteDepth > 0) checkQuotedBlankLinesAfter(list, context, quoteDepth);
  let listSpread = false;
  for (let index = 1; index < items.length && !listSpread; index += 1) {
    const previous = items[index - 1];
    const current = items[index];
    if (previous === undefined || current === undefined) continue;
    listSpread = gapHasBlankLine(
      lastContentLine(previous, context, quoteDepth),
      firstLine(current),
      context,
      quoteDepth,
    );
  }
  const texts = items.map((item, index) => {
    const marker = ordered ? `${start + index}. ` : "- ";
    const task = taskCheck(item);
    let itemSpread = false;
    for (let child = 1; child < item.children.length && !itemSpread; child += 1) {
      const previous = item.children[child - 1];
      const current = item.children[child];
      if (previous === undefined || current === undefined) continue;
      itemSpread = gapHasBlankLine(
        lastContentLine(previous, context, quoteDepth),
        firstLine(current),
        context,
        quoteDepth,
      );
    }
    checkSiblingQuirks(item.children, context, quoteDepth);
    const parts = item.children.map((child, childIndex) =>
      childIndex === 0 && task !== null ? task.text : nestedNodeToText(child, context, quoteDepth),
    );
    const content = parts
      .filter((part) => part.trim().length > 0)
      .join("\n\n")
      .replace(/\n\n/gu, itemSpread ? "\n\n" : "\n");
    const box = task === null ? "" : task.checked ? "[x] " : "[ ] ";
    const indented = content.replace(/\n(?=.)/gu, `\n${" ".repeat(marker.length)}`);
    return `${marker}${box}${indented}`;
  });
  return texts.join(listSpread ? "\n\n" : "\n");
}

/**
 * A GFM task box (`[ ]`, `[x]`, `[X]`) opening the item's first content, which micromark reads
 * only when it is the start of a paragraph on the item's first line and is followed by a line
 * ending, or by spaces or tabs and more text. Returns the paragraph text without the box.
 */
function taskCheck(item: BlockNode): { checked: boolean; text: string } | null {
  const first = item.children[0];
  if (first?.token.type !== "paragraph_open" || firstLine(first) !== firstLine(item)) return null;
  const inline = first.children[0]?.token;
  const content = inline?.content ?? "";
  const match = /^\[([ \t\nxX])\]([ \t]*)([\s\S]?)/u.exec(content);
  if (match === null) return null;
  const spaces = match[2] ?? "";
  const next = match[3] ?? "";
  if (!(next === "\n" && spaces.length === 0) && !(spaces.length > 0 && next.length > 0)) return null;
  const children = inline?.children ?? [];
  inlineText(first);
  const head = children[0];
  if (head?.type !== "text" || !head.content.startsWith(content.slice(0, 3))) {
    // `[x]` read as a link (a definition named `x` exists): micromark reads a task box there.
    throw new NeedsRemarkError("task list box that markdown-it read as a link");
  }
  return {
    checked: match[1] === "x" || match[1] === "X",
    text: inlineTokensToText(children).slice(3).trim(),
  };
}

/**
 * Sibling blocks micromark reads differently from CommonMark (and markdown-it): it splits an
 * indented code block that directly follows (no blank line) a quote or list in two, reads table
 * rows there as lazy lines of the quote, and reads an ordered list not starting at 1 right after
 * an indented code block as a paragraph. Such documents go to remark.
 */
function checkSiblingQuirks(nodes: readonly BlockNode[], context: Context, quoteDepth: number): void {
  for (let index = 1; index < nodes.length; index += 1) {
    const node = nodes[index];
    const previous = nodes[index - 1];
    if (node === undefined || previous === undefined) continue;
    const type = node.token.type;
    const previousType = previous.token.type;
    if (
      type === "ordered_list_open" &&
      previousType === "code_block" &&
      Number(node.token.attrGet("start") ?? 1) !== 1
    ) {
      throw new NeedsRemarkError("ordered list not starting at 1 after indented code");
    }
    if (type !== "code_block" && type !== "table_open") continue;
    if (
      previousType !== "blockquote_open" &&
      previousType !== "bullet_list_open" &&
      previousType !== "ordered_list_open"
    ) {
      continue;
    }
    if (lastContentLine(previous, context, quoteDepth) + 1 >= firstLine(node)) {
      throw new NeedsRemarkError("indented code or table right after a quote or list");
    }
  }
}

/**
 * micromark makes a list in a quote loose when two or more quoted blank lines (`>`) follow it;
 * markdown-it's map does not say where the list ends there. Such documents go to remark.
 */
function checkQuotedBlankLinesAfter(list: BlockNode, context: Context, quoteDepth: number): void {
  let quotedBlankLines = 0;
  for (
    let line = lastContentLine(list, context, quoteDepth) + 1;
    line < context.lineStarts.length;
    line += 1
  ) {
    const start = context.lineStarts[line] ?? 0;
    if (
      !isBlankLine(line, context, quoteDepth) ||
      !context.source.slice(start, lineEnd(line, context)).includes(">")
    ) {
      break;
    }
    quotedBlankLines += 1;
  }
  if (quotedBlankLines >= 2) throw new NeedsRemarkError("list followed by quoted blank lines");
}

function hasHtmlType7Line(paragraph: BlockNode): boolean {
  const content = paragraph.children[0]?.token.content ?? "";
  return content.includes("<") && content.split("\n").some(isHtmlType7Start);
}

function inlineText(node: BlockNode): string {
  const inline = node.children[0]?.token;
  const content = inline?.content ?? "";
  // micromark pairs tildes and emphasis markers in separate passes, markdown-it in one (a pair of
  // one kind hides the markers of the other kind inside it): where both occur, use remark.
  if (content.includes("~") && (content.includes("*") || EDGE_UNDERSCORE.test(content))) {
    throw new NeedsRemarkError("tildes and emphasis markers in one paragraph");
  }
  return inlineTokensToText(inline?.children ?? []);
}

/** An underscore that may open or close emphasis (not between two letters or digits). */
const EDGE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/u;

function withoutFinalNewline(text: string): string {
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}

/**
 * A top-level fenced or indented code block, as `sliceVerbatim` slices it: from its start to the
 * end of its last line, continuation lines dedented by the start's column (fences only: an
 * indented block starts at column 1).
 */
function sliceTopLevelLines(token: Token, context: Context, startsAfterIndent: boolean): string {
  const [firstLineIndex, endLine] = mapOf(token);
  const lineStart = context.lineStarts[firstLineIndex] ?? 0;
  let start = lineStart;
  if (startsAfterIndent) while (context.source.charCodeAt(start) === 0x20) start += 1;
  const text = context.source.slice(start, lineEnd(endLine - 1, context));
  return dedentContinuationLines(text, start - lineStart);
}

/** A table sliced verbatim from its recorded start to the end of its last row's line. */
function sliceTable(token: Token, context: Context): string {
  const recorded = token.meta as TableStart | null;
  const [firstLineIndex, endLine] = mapOf(token);
  if (recorded === null) throw new NeedsRemarkError("table without a recorded start");
  const lineStart = context.lineStarts[firstLineIndex] ?? 0;
  const start = recorded.tableStartOffset;
  // micromark counts a tab before the table as up to 4 columns; offsets count it as 1.
  if (context.source.slice(lineStart, start).includes("\t")) throw new NeedsRemarkError("tab before a table");
  const text = context.source.slice(start, lineEnd(endLine - 1, context));
  return dedentContinuationLines(text, start - lineStart);
}

function dedentContinuationLines(text: string, column: number): string {
  return column <= 0 ? text : text.replace(new RegExp(`\\n {0,${column}}`, "gu"), "\n");
}

/**
 * Whether a blank line lies strictly between two lines. A non-blank line there is content
 * markdown-it made no token for (a link reference definition): mdast has a node for it, which
 * changes `spread`, so such documents go to remark.
 */
function gapHasBlankLine(
  afterLine: number,
  beforeLine: number,
  context: Context,
  quoteDepth: number,
): boolean {
  let blank = false;
  for (let line = afterLine + 1; line < beforeLine; line += 1) {
    if (isBlankLine(line, context, quoteDepth)) blank = true;
    else throw new NeedsRemarkError("content without a markdown-it token inside a list");
  }
  return blank;
}

/** The last line of a node that is not blank (markdown-it maps may take in trailing blank lines). */
function lastContentLine(node: BlockNode, context: Context, quoteDepth: number): number {
  const [start, end] = mapOf(node.token);
  let line = end - 1;
  while (line > start && isBlankLine(line, context, quoteDepth)) line -= 1;
  return line;
}

function firstLine(node: BlockNode): number {
  return mapOf(node.token)[0];
}

/** Whether a line is blank once the `>` markers of the enclosing block quotes are removed. */
function isBlankLine(line: number, context: Context, quoteDepth: number): boolean {
  const { source } = context;
  const end = lineEnd(line, context);
  let index = context.lineStarts[line] ?? source.length;
  let markers = quoteDepth;
  while (index < end) {
    const code = source.charCodeAt(index);
    if (code === 0x20 || code === 0x09) index += 1;
    else if (code === 0x3e && markers > 0) {
      markers -= 1;
      index += 1;
    } else return false;
  }
  return true;
}

function mapOf(token: Token): [number, number] {
  if (token.map === null) throw new NeedsRemarkError(`markdown-it ${token.type} without a line map`);
  return token.map;
}

function lineEnd(line: number, context: Context): number {
  const next = context.lineStarts[line + 1];
  return next === undefined ? context.source.length : next - 1;
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  let index = source.indexOf("\n");
  while (index !== -1) {
    starts.push(index + 1);
    index = source.indexOf("\n", index + 1);
  }
  return starts;
}
