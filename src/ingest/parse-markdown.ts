import type { Block } from "../core/document.ts";
import { parseMarkdownWithMarkdownIt } from "./parse-markdown-with-markdown-it.ts";
import { parseMarkdownWithRemark } from "./parse-markdown-with-remark.ts";
import { stripMkDocsSyntax } from "./strip-mkdocs-syntax.ts";

/** Options of {@link parseMarkdown}. */
export interface ParseMarkdownOptions {
  /** The file's path relative to the ingested root, named in reasons and warnings. */
  readonly source: string;
  /** Parse as MDX (JSX, `import`/`export`, `{expressions}`). */
  readonly mdx: boolean;
}

/** The outcome of {@link parseMarkdown}. */
export type ParseMarkdownResult =
  | {
      readonly kind: "parsed";
      /** Front matter `title`, else the first `#` heading's text; null when neither exists. */
      readonly title: string | null;
      readonly blocks: Block[];
      /** Things a user may want to know that did not stop the parse (e.g. an MDX fallback). */
      readonly warnings: string[];
    }
  | { readonly kind: "invalid"; readonly reason: string };

/**
 * Parses Markdown or MDX into blocks (GFM tables, task lists and strikethrough included) after
 * removing MkDocs-only syntax (see `stripMkDocsSyntax`). YAML front matter's `title` is honoured;
 * invalid YAML makes the file `invalid` with the YAML error. MDX that fails to parse is re-read
 * as plain Markdown (JSX lines then count as HTML and keep their text) with a warning, because
 * a page with one unusual expression is still worth answering from.
 *
 * Plain Markdown is read by markdown-it (several times faster than remark's micromark) and
 * converted to exactly the blocks remark would give; the few documents it cannot read the same
 * way (footnotes, for one) and all MDX go through remark (`parseMarkdownWithRemark`).
 */
export function parseMarkdown(markdown: string, options: ParseMarkdownOptions): ParseMarkdownResult {
  if (!options.mdx) {
    const parsed = parseMarkdownWithMarkdownIt(stripMkDocsSyntax(markdown), options.source);
    if (parsed !== null) return parsed;
  }
  return parseMarkdownWithRemark(markdown, options);
}
