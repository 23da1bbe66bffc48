import { parseHTML } from "linkedom";
import type { Block } from "../core/document.ts";
import { htmlToBlocks } from "./html-to-blocks.ts";
import { selectMainContent } from "./select-main-content.ts";

/** What {@link parseHtml} found in a page. */
export interface ParsedHtml {
  /** The first `<h1>` of the main content, else `<title>` (site suffix kept), else null. */
  readonly title: string | null;
  /** The main content as blocks; navigation, header, footer, sidebars and banners removed. */
  readonly blocks: Block[];
  /** `<link rel="canonical" href>` as written (maybe relative), or null. */
  readonly canonical: string | null;
  /** Every `<a href>` of the whole page as written (navigation included: a crawler needs it). */
  readonly links: string[];
  /** True when `<meta name="robots">` says `noindex`: the page asks not to be indexed. */
  readonly noindex: boolean;
  /** True when `<meta name="robots">` says `nofollow`: its links should not be crawled. */
  readonly nofollow: boolean;
}

/**
 * Parses an HTML page with a forgiving HTML parser (linkedom: malformed markup is repaired the
 * way browsers do, never rejected), extracts its main content (see `selectMainContent`) and
 * turns it into blocks whose headings keep the page's own `id` anchors.
 */
export function parseHtml(html: string): ParsedHtml {
  const { document } = parseHTML(
    html.includes("<html") ? html : `<!doctype html><html><body>${html}</body></html>`,
  );
  const links: string[] = [];
  for (const anchor of document.querySelectorAll("a[href]")) {
    const href = anchor.getAttribute("href");
    if (href !== null && href.trim().length > 0) links.push(href.trim());
  }
  const canonical =
    document.querySelector('link[rel~="canonical"][href]')?.getAttribute("href")?.trim() ?? null;
  const robots = [...document.querySelectorAll('meta[name="robots" i], meta[name="docent" i]')]
    .map((meta) => meta.getAttribute("content") ?? "")
    .join(",")
    .toLowerCase();
  const pageTitle = normalise(document.querySelector("title")?.textContent ?? "");
  const main = selectMainContent(document);
  const blocks = htmlToBlocks(main);
  const firstHeading = blocks.find((block) => block.type === "heading" && block.depth === 1)?.text ?? "";
  const title = firstHeading.length > 0 ? firstHeading : pageTitle.length > 0 ? pageTitle : null;
  return {
    title,
    blocks,
    canonical: canonical === null || canonical.length === 0 ? null : canonical,
    links,
    noindex: /\b(noindex|none)\b/u.test(robots),
    nofollow: /\b(nofollow|none)\b/u.test(robots),
  };
}

function normalise(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}
