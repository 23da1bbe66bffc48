import type { Root } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { parse as parseYaml } from "yaml";
import { createHeadingSlugger } from "../chunk/create-heading-slugger.ts";
import type { Block } from "../core/document.ts";
import { describeError } from "../core/errors.ts";
import { mdastToBlocks } from "./mdast-to-blocks.ts";
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

const markdownProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ["yaml", "toml"])
  .freeze();
const mdxProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ["yaml", "toml"])
  .use(remarkMdx)
  .freeze();

/**
 * Parses Markdown or MDX into blocks (GFM tables, task lists and strikethrough included) after
 * removing MkDocs-only syntax (see `stripMkDocsSyntax`). YAML front matter's `title` is honoured;
 * invalid YAML makes the file `invalid` with the YAML error. MDX that fails to parse is re-read
 * as plain Markdown (JSX lines then count as HTML and keep their text) with a warning, because
 * a page with one unusual expression is still worth answering from.
 */
export function parseMarkdown(markdown: string, options: ParseMarkdownOptions): ParseMarkdownResult {
  const warnings: string[] = [];
  let text = stripMkDocsSyntax(markdown, { escapeHeadingAttributes: options.mdx });
  let root: Root;
  if (options.mdx) {
    try {
      root = mdxProcessor.parse(text);
    } catch (error) {
      warnings.push(
        `${options.source}: MDX could not be parsed (${describeError(error)}); read as plain Markdown instead`,
      );
      text = dropEsmLines(stripMkDocsSyntax(markdown));
      root = markdownProcessor.parse(text);
    }
  } else {
    root = markdownProcessor.parse(text);
  }

  let frontMatterTitle: string | null = null;
  const frontMatter = root.children[0];
  if (frontMatter?.type === "yaml") {
    let data: unknown;
    try {
      data = parseYaml(frontMatter.value);
    } catch (error) {
      return {
        kind: "invalid",
        reason: `front matter of ${options.source} is not valid YAML: ${describeError(error).replace(/\s+/gu, " ").trim()}`,
      };
    }
    const title = (data as { title?: unknown } | null)?.title;
    if (typeof title === "string" && title.trim().length > 0) frontMatterTitle = title.trim();
  }

  const blocks = mdastToBlocks(root, text, createHeadingSlugger());
  const firstHeading = blocks.find((block) => block.type === "heading" && block.depth === 1);
  const headingTitle = firstHeading?.text.trim() ?? "";
  return {
    kind: "parsed",
    title: frontMatterTitle ?? (headingTitle.length > 0 ? headingTitle : null),
    blocks,
    warnings,
  };
}

/** Removes MDX `import`/`export` lines outside code fences, for the plain-Markdown fallback. */
function dropEsmLines(markdown: string): string {
  let inFence = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*(`{3,}|~{3,})/u.test(line)) inFence = !inFence;
      return !inFence && /^(import|export)\s/u.test(line) ? "" : line;
    })
    .join("\n");
}
