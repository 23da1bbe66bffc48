import type { Block } from "../core/document.ts";

/**
 * A Markdown document's title: front matter `title`, else the first `#` heading's text, else null.
 *
 * @param frontMatterTitle - The front matter's non-blank `title`, or null.
 * @param blocks - The document's blocks.
 */
export function markdownTitle(frontMatterTitle: string | null, blocks: readonly Block[]): string | null {
  if (frontMatterTitle !== null) return frontMatterTitle;
  const firstHeading = blocks.find((block) => block.type === "heading" && block.depth === 1);
  const headingTitle = firstHeading?.text.trim() ?? "";
  return headingTitle.length > 0 ? headingTitle : null;
}
