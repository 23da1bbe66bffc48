import GithubSlugger from "github-slugger";
import { parseExplicitHeadingId } from "./parse-explicit-heading-id.ts";

/** Gives each heading of one document its text and a unique anchor. */
export interface HeadingSlugger {
  /**
   * The heading's display text and anchor. An explicit MkDocs id (`{ #id }`) wins; otherwise a
   * GitHub-style slug, made unique within the document with `-1`, `-2`, ... suffixes.
   *
   * @param headingText - The heading's text with markup removed, attribute list included.
   */
  readonly slug: (headingText: string) => { text: string; anchor: string };
}

/**
 * Creates a slugger for one document (create a new one per document: uniqueness is per document).
 *
 * @example
 * const slugger = createHeadingSlugger();
 * slugger.slug("Intro").anchor; // "intro"
 * slugger.slug("Intro").anchor; // "intro-1"
 * slugger.slug("Motivation { #why }"); // { text: "Motivation", anchor: "why" }
 */
export function createHeadingSlugger(): HeadingSlugger {
  const githubSlugger = new GithubSlugger();
  const usedAnchors = new Set<string>();
  return {
    slug(headingText) {
      const { text, id } = parseExplicitHeadingId(headingText);
      if (id !== null) {
        usedAnchors.add(id);
        return { text, anchor: id };
      }
      let anchor = githubSlugger.slug(text);
      // An explicit id may already hold this slug; GitHub's counter then gives the next free one.
      while (usedAnchors.has(anchor)) anchor = githubSlugger.slug(text);
      usedAnchors.add(anchor);
      return { text, anchor };
    },
  };
}
