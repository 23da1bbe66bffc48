import type { Root } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { createHeadingSlugger } from "../chunk/create-heading-slugger.ts";
import { describeError } from "../core/errors.ts";
import { markdownTitle } from "./markdown-title.ts";
import { mdastToBlocks } from "./mdast-to-blocks.ts";
import type { ParseMarkdownOptions, ParseMarkdownResult } from "./parse-markdown.ts";
import { readFrontMatterTitle } from "./read-front-matter-title.ts";
import { stripMkDocsSyntax } from "./strip-mkdocs-syntax.ts";

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
 * The remark (micromark) path of `parseMarkdown`: MDX always, and the plain Markdown that the
 * markdown-it path hands over (see `parseMarkdownWithMarkdownIt`). It is also the reference the
 * markdown-it path is tested against. MDX that fails to parse is re-read as plain Markdown (JSX
 * lines then count as HTML and keep their text) with a warning, because a page with one unusual
 * expression is still worth answering from.
 */
export function parseMarkdownWithRemark(
  markdown: string,
  options: ParseMarkdownOptions,
): ParseMarkdownResult {
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
    const read = readFrontMatterTitle(frontMatter.value, options.source);
    if (read.kind === "invalid") return read;
    frontMatterTitle = read.title;
  }

  const blocks = mdastToBlocks(root, text, createHeadingSlugger());
  return { kind: "parsed", title: markdownTitle(frontMatterTitle, blocks), blocks, warnings };
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
