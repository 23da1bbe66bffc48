import { createHeadingSlugger } from "../chunk/create-heading-slugger.ts";
import type { Block } from "../core/document.ts";

/** Elements whose content flows inline; text inside them joins the surrounding paragraph. */
const INLINE_TAGS = new Set([
  "a",
  "abbr",
  "b",
  "bdi",
  "bdo",
  "cite",
  "code",
  "data",
  "del",
  "dfn",
  "em",
  "i",
  "img",
  "ins",
  "kbd",
  "label",
  "mark",
  "q",
  "s",
  "samp",
  "small",
  "span",
  "strong",
  "sub",
  "sup",
  "time",
  "u",
  "var",
  "wbr",
  "br",
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
/** Nesting beyond this is read as plain text rather than walked (real pages stay far below it). */
const MAX_DEPTH = 400;

/**
 * Turns the main-content element of an HTML page into Docent blocks. `h1`-`h6` become headings
 * whose anchor is the page's own `id` (on the heading, or on an `<a id>`/`<a name>` inside or
 * just before it), so citations deep-link to the same place the site does; a heading without an
 * id gets a GitHub-style slug. `pre` becomes a fenced code block (language from a `language-*`
 * class), `table` a Markdown table, lists `- `/`1. ` items, `blockquote` a quote; everything else
 * is read as paragraphs of whitespace-normalised text.
 */
export function htmlToBlocks(root: Element): Block[] {
  const blocks: Block[] = [];
  const slugger = createHeadingSlugger();
  const usedAnchors = new Set<string>();
  let inline = "";
  let pendingAnchor: string | null = null;

  const flush = (): void => {
    const text = normaliseSpace(inline);
    if (text.length > 0) blocks.push({ type: "paragraph", text });
    inline = "";
  };

  const visit = (node: Node, depth: number): void => {
    if (node.nodeType === TEXT_NODE) {
      inline += node.textContent ?? "";
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const element = node as Element;
    const tag = element.tagName.toLowerCase();
    if (depth > MAX_DEPTH) {
      // Pathologically deep markup: keep its text, stop descending (the stack is finite).
      inline += ` ${element.textContent ?? ""}`;
      return;
    }
    if (INLINE_TAGS.has(tag)) {
      // An empty `<a id="x"></a>` before a heading is a common way to anchor it.
      if (tag === "a" && (element.textContent ?? "").trim().length === 0) {
        pendingAnchor = element.getAttribute("id") ?? element.getAttribute("name") ?? pendingAnchor;
      }
      if (tag === "br") inline += "\n";
      else if (tag === "img") inline += element.getAttribute("alt") ?? "";
      else if (tag === "code" && element.parentElement?.tagName.toLowerCase() !== "pre")
        inline += `\`${element.textContent ?? ""}\``;
      else for (const child of element.childNodes) visit(child, depth + 1);
      return;
    }
    flush();
    const heading = /^h([1-6])$/u.exec(tag);
    if (heading !== null) {
      const text = normaliseSpace(element.textContent ?? "").replace(/\s*[¶#§]$/u, "");
      if (text.length > 0) {
        const explicit =
          element.getAttribute("id") ??
          element.querySelector("[id]")?.getAttribute("id") ??
          element.querySelector("a[name]")?.getAttribute("name") ??
          pendingAnchor;
        const anchor =
          explicit !== null && explicit.length > 0 && !usedAnchors.has(explicit)
            ? explicit
            : slugger.slug(text).anchor;
        usedAnchors.add(anchor);
        blocks.push({ type: "heading", depth: Number(heading[1]), text, anchor });
      }
      pendingAnchor = null;
      return;
    }
    switch (tag) {
      case "pre":
        pushText(blocks, "code", fenced(element));
        return;
      case "table":
        pushText(blocks, "table", tableToMarkdown(element));
        return;
      case "ul":
      case "ol":
        pushText(blocks, "list", listToText(element));
        return;
      case "blockquote":
        pushText(blocks, "quote", normaliseBlockText(element.textContent ?? "").replace(/^/gmu, "> "));
        return;
      case "hr":
        return;
      default:
        for (const child of element.childNodes) visit(child, depth + 1);
        flush();
    }
  };

  for (const child of root.childNodes) visit(child, 0);
  flush();
  return blocks;
}

function pushText(blocks: Block[], type: "code" | "table" | "list" | "quote", text: string): void {
  if (text.trim().length > 0) blocks.push({ type, text });
}

/** Collapses runs of spaces (keeping explicit line breaks from `<br>`). */
function normaliseSpace(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[\s\u00a0]+/gu, " ").trim())
    .filter((line) => line.length > 0)
    .join("\n");
}

function normaliseBlockText(text: string): string {
  return text
    .split(/\n\s*\n/u)
    .map((paragraph) => paragraph.replace(/[\s\u00a0]+/gu, " ").trim())
    .filter((paragraph) => paragraph.length > 0)
    .join("\n\n");
}

function fenced(pre: Element): string {
  const code = pre.querySelector("code") ?? pre;
  const className = `${code.getAttribute("class") ?? ""} ${pre.getAttribute("class") ?? ""}`;
  const language = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/u.exec(className)?.[1] ?? "";
  const body = (code.textContent ?? "").replace(/\n+$/u, "");
  if (body.trim().length === 0) return "";
  const longestRun = Math.max(2, ...Array.from(body.matchAll(/`{3,}/gu), (match) => match[0].length));
  const fence = "`".repeat(longestRun + 1);
  return `${fence}${language}\n${body}\n${fence}`;
}

function listToText(list: Element, depth = 0): string {
  const ordered = list.tagName.toLowerCase() === "ol";
  const lines: string[] = [];
  let number = Number(list.getAttribute("start") ?? "1") || 1;
  for (const item of list.children) {
    if (item.tagName.toLowerCase() !== "li") continue;
    const nested: string[] = [];
    let own = "";
    for (const child of item.childNodes) {
      const tag = child.nodeType === ELEMENT_NODE ? (child as Element).tagName.toLowerCase() : "";
      if (tag === "ul" || tag === "ol") nested.push(listToText(child as Element, depth + 1));
      else own += ` ${child.textContent ?? ""}`;
    }
    const marker = ordered ? `${number}. ` : "- ";
    number += 1;
    lines.push(`${"  ".repeat(depth)}${marker}${own.replace(/[\s\u00a0]+/gu, " ").trim()}`);
    lines.push(...nested.filter((text) => text.length > 0));
  }
  return lines.join("\n");
}

function tableToMarkdown(table: Element): string {
  const rows = [...table.querySelectorAll("tr")].map((row) =>
    [...row.children]
      .filter((cell) => /^(td|th)$/iu.test(cell.tagName))
      .map((cell) =>
        (cell.textContent ?? "")
          .replace(/[\s\u00a0]+/gu, " ")
          .replace(/\|/gu, "\\|")
          .trim(),
      ),
  );
  const width = Math.max(0, ...rows.map((cells) => cells.length));
  if (width === 0) return "";
  const lines = rows
    .filter((cells) => cells.length > 0)
    .map((cells) => `| ${[...cells, ...Array(width - cells.length).fill("")].join(" | ")} |`);
  lines.splice(1, 0, `|${" --- |".repeat(width)}`);
  return lines.join("\n");
}
