import type { Block, Document } from "../core/document.ts";

/** A block that is not a heading: the body of a section. */
export type BodyBlock = Exclude<Block, { readonly type: "heading" }>;

/** The blocks under one heading, up to the next heading of any depth. */
export interface Section {
  /** Headings above and including this section's heading, outermost first (title H1 excluded). */
  readonly headingPath: readonly string[];
  /** The anchor of the section's heading; null for the text before the first heading. */
  readonly anchor: string | null;
  /** The section's body, in document order. */
  readonly blocks: readonly BodyBlock[];
}

/**
 * Cuts a document into sections: every heading starts one. The heading path drops an H1 whose
 * text is the document title (it would repeat `title` on every chunk).
 */
export function groupSections(document: Document): Section[] {
  const sections: Section[] = [];
  const headingStack: { depth: number; text: string; inPath: boolean }[] = [];
  let current: { headingPath: string[]; anchor: string | null; blocks: BodyBlock[] } = {
    headingPath: [],
    anchor: null,
    blocks: [],
  };
  // Normalised only when an H1 needs comparing (most documents of a large ingest have none).
  let normalisedTitle: string | undefined;
  for (const block of document.blocks) {
    if (block.type !== "heading") {
      current.blocks.push(block);
      continue;
    }
    sections.push(current);
    while (headingStack.length > 0 && (headingStack.at(-1)?.depth ?? 0) >= block.depth) headingStack.pop();
    normalisedTitle ??= block.depth === 1 ? normaliseHeading(document.title) : undefined;
    const isTitle = block.depth === 1 && normaliseHeading(block.text) === normalisedTitle;
    headingStack.push({ depth: block.depth, text: block.text, inPath: !isTitle });
    current = {
      headingPath: headingStack.filter((heading) => heading.inPath).map((heading) => heading.text),
      anchor: block.anchor,
      blocks: [],
    };
  }
  sections.push(current);
  return sections;
}

function normaliseHeading(text: string): string {
  return text.replace(/\s+/gu, " ").trim().toLowerCase();
}
