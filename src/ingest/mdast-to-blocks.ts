import type { List, Nodes, Root, Table } from "mdast";
import type { HeadingSlugger } from "../chunk/create-heading-slugger.ts";
import type { Block } from "../core/document.ts";
import { fencedCode, quoteText } from "./markdown-like-text.ts";
import { phrasingToText } from "./phrasing-to-text.ts";
import { stripHtmlTags } from "./strip-html-tags.ts";

/**
 * Node types that hold inline content; consecutive ones inside a JSX element form one paragraph.
 * `html` is absent on purpose: mdast uses that type for HTML blocks too, and at flow level it is one.
 */
const PHRASING_TYPES = new Set([
  "text",
  "emphasis",
  "strong",
  "delete",
  "inlineCode",
  "link",
  "linkReference",
  "image",
  "imageReference",
  "break",
  "footnoteReference",
  "mdxJsxTextElement",
  "mdxTextExpression",
]);

/** Nodes that carry no readable text: front matter, ESM, expressions, link definitions, rules. */
const DROPPED_TYPES = new Set([
  "yaml",
  "toml",
  "mdxjsEsm",
  "mdxFlowExpression",
  "definition",
  "thematicBreak",
]);

/**
 * Turns a Markdown syntax tree into Docent blocks. Code blocks and tables are sliced verbatim
 * from `source` (the text that was parsed) using node positions; paragraphs and lists become
 * readable text; HTML blocks lose their tags; headings get their anchor from `slugger`.
 *
 * @param root - The tree parsed from `source`.
 * @param source - The exact text the tree was parsed from.
 * @param slugger - A fresh slugger for this document.
 */
export function mdastToBlocks(root: Root, source: string, slugger: HeadingSlugger): Block[] {
  return flowToBlocks(root.children as Nodes[], source, slugger);
}

function flowToBlocks(nodes: readonly Nodes[], source: string, slugger: HeadingSlugger): Block[] {
  const blocks: Block[] = [];
  let pendingPhrasing: Nodes[] = [];
  const flushPhrasing = (): void => {
    const text = phrasingToText(pendingPhrasing).trim();
    if (text.length > 0) blocks.push({ type: "paragraph", text });
    pendingPhrasing = [];
  };
  for (const node of nodes) {
    if (PHRASING_TYPES.has(node.type)) {
      pendingPhrasing.push(node);
      continue;
    }
    flushPhrasing();
    blocks.push(...nodeToBlocks(node, source, slugger));
  }
  flushPhrasing();
  return blocks;
}

function nodeToBlocks(node: Nodes, source: string, slugger: HeadingSlugger): Block[] {
  if (DROPPED_TYPES.has(node.type)) return [];
  switch (node.type) {
    case "heading": {
      const { text, anchor } = slugger.slug(phrasingToText(node.children));
      return [{ type: "heading", depth: node.depth, text, anchor }];
    }
    case "paragraph":
      return textBlock("paragraph", phrasingToText(node.children));
    case "code":
      return textBlock("code", sliceVerbatim(node, source) ?? fencedCode(node.lang, node.meta, node.value));
    case "table":
      return textBlock("table", sliceVerbatim(node, source) ?? tableFromCells(node));
    case "list":
      return textBlock("list", listToText(node, source));
    case "blockquote":
      return textBlock("quote", quoteText(flowToText(node.children as Nodes[], source)));
    case "html":
      return textBlock("html", stripHtmlTags(node.value));
    default:
      // JSX flow elements, footnote definitions and anything unknown: keep the text inside.
      return "children" in node ? flowToBlocks(node.children as Nodes[], source, slugger) : [];
  }
}

function textBlock(type: "paragraph" | "code" | "table" | "list" | "quote" | "html", text: string): Block[] {
  return text.trim().length === 0 ? [] : [{ type, text: type === "code" ? text.trimEnd() : text.trim() }];
}

/** Flow content nested in a list item or quote, as Markdown-like text. */
function flowToText(nodes: readonly Nodes[], source: string): string {
  const parts: string[] = [];
  let pendingPhrasing: Nodes[] = [];
  const flushPhrasing = (): void => {
    if (pendingPhrasing.length > 0) parts.push(phrasingToText(pendingPhrasing).trim());
    pendingPhrasing = [];
  };
  for (const node of nodes) {
    if (PHRASING_TYPES.has(node.type)) {
      pendingPhrasing.push(node);
      continue;
    }
    flushPhrasing();
    parts.push(nestedNodeToText(node, source));
  }
  flushPhrasing();
  return parts.filter((part) => part.trim().length > 0).join("\n\n");
}

function nestedNodeToText(node: Nodes, source: string): string {
  if (DROPPED_TYPES.has(node.type)) return "";
  switch (node.type) {
    case "heading":
      return phrasingToText(node.children).trim();
    case "paragraph":
      return phrasingToText(node.children).trim();
    case "code":
      return fencedCode(node.lang, node.meta, node.value);
    case "table":
      return sliceVerbatim(node, source) ?? tableFromCells(node);
    case "list":
      return listToText(node, source);
    case "blockquote":
      return quoteText(flowToText(node.children as Nodes[], source));
    case "html":
      return stripHtmlTags(node.value);
    default:
      return "children" in node ? flowToText(node.children as Nodes[], source) : "";
  }
}

/** A list as Markdown: `- ` or `1. ` markers, task boxes kept, nested content indented. */
function listToText(list: List, source: string): string {
  const items = list.children.map((item, index) => {
    const marker = list.ordered ? `${(list.start ?? 1) + index}. ` : "- ";
    const box = item.checked === true ? "[x] " : item.checked === false ? "[ ] " : "";
    const content = flowToText(item.children as Nodes[], source).replace(
      /\n\n/gu,
      item.spread ? "\n\n" : "\n",
    );
    const indented = content.replace(/\n(?=.)/gu, `\n${" ".repeat(marker.length)}`);
    return `${marker}${box}${indented}`;
  });
  return items.join(list.spread ? "\n\n" : "\n");
}

/** The exact source of a node, its continuation lines dedented to the node's own column. */
function sliceVerbatim(node: Nodes, source: string): string | null {
  const start = node.position?.start;
  const end = node.position?.end;
  if (start?.offset === undefined || end?.offset === undefined) return null;
  const text = source.slice(start.offset, end.offset);
  const column = start.column - 1;
  if (column <= 0) return text;
  const indent = new RegExp(`\\n {0,${column}}`, "gu");
  return text.replace(indent, "\n");
}

function tableFromCells(table: Table): string {
  const rows = table.children.map(
    (row) => `| ${row.children.map((cell) => phrasingToText(cell.children).trim()).join(" | ")} |`,
  );
  const width = table.children[0]?.children.length ?? 0;
  rows.splice(1, 0, `|${" --- |".repeat(width)}`);
  return rows.join("\n");
}
