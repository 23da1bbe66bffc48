import { type ScoreResult, type ScorerInput, urlMatches } from "./score-result.ts";

/** Settings of {@link createCitationPrecisionScorer}. */
export interface CitationPrecisionOptions {
  /**
   * Lowest share of cited sources that must be relevant (on a required page). Default 1/3: an
   * answer may cite other pages for context (several pages often state the same fact), but at
   * least one in three of its citations must be on a required page. Range 0-1; the mean score,
   * not this threshold, is what comparisons and the provider matrix report.
   */
  readonly minPrecision?: number;
}

/**
 * Citation precision: of the distinct sources an answer cites, the share that lie on a page of
 * `requiredSourceUrls` (relevance is judged at page level, so citing another section of a
 * required page counts as relevant). Applies to answered cases that list required sources.
 */
export function createCitationPrecisionScorer(options: CitationPrecisionOptions = {}) {
  const minPrecision = options.minPrecision ?? 1 / 3;
  return function citationPrecisionScorer({ evalCase, answer }: ScorerInput): ScoreResult | null {
    const required = evalCase.requiredSourceUrls;
    if (required.length === 0 || answer.refused || answer.citations.length === 0) return null;
    const pages = required.flatMap((url) =>
      url.split("|").map((alternative) => alternative.trim().split("#")[0] ?? alternative),
    );
    const irrelevant = answer.citations.filter(
      (citation) => !pages.some((page) => urlMatches(page, citation.url)),
    );
    const score = (answer.citations.length - irrelevant.length) / answer.citations.length;
    return {
      name: "citationPrecision",
      pass: score >= minPrecision - 1e-9,
      score,
      reason:
        irrelevant.length === 0
          ? `all ${answer.citations.length} cited source(s) are on required pages`
          : `${irrelevant.length}/${answer.citations.length} cited source(s) off the required pages: ${irrelevant.map((citation) => `[${citation.n}] ${citation.url}`).join(", ")}`,
    };
  };
}
