import type { AnswerChecks, Citation, NumberedSource } from "../core/answer.ts";
import { findUnsupportedSentences } from "./find-unsupported-sentences.ts";
import { removeInjectionEchoes } from "./remove-injection-echoes.ts";
import { allowedUrlsOf, stripUntrustedLinks } from "./strip-untrusted-links.ts";
import { verifyCitations } from "./verify-citations.ts";

/** What to do with an answer left with no valid citation. */
export type NoCitationPolicy = "refuse" | "caveat";

/** Settings of {@link checkAnswer}. */
export interface CheckAnswerOptions {
  /** `refuse` (default): withhold it as a refusal; `caveat`: show it with a visible caveat. */
  readonly noCitation?: NoCitationPolicy;
  /** Least share of a sentence's words found in its cited source; see `findUnsupportedSentences`. */
  readonly minSupport?: number;
}

/** A checked answer: the text to show, its valid citations, what was changed, and whether to refuse. */
export interface CheckedAnswer {
  readonly text: string;
  readonly citations: readonly Citation[];
  readonly checks: AnswerChecks;
  /** Set when the answer must be withheld as a refusal, with the reason. */
  readonly refusalReason: string | null;
}

/** The caveat shown with an uncited answer under the `caveat` policy. */
export const NO_CITATION_CAVEAT =
  "Caution: this answer cites none of the documentation sources, so it may not come from the documentation.";

/**
 * The checks every generated answer goes through before a user sees it, in order:
 * 1. images and links outside the ingested sources are stripped ({@link stripUntrustedLinks});
 * 2. sentences repeating text injected into a source are removed ({@link removeInjectionEchoes});
 * 3. `[n]` markers that refer to no provided source are removed and counted ({@link verifyCitations});
 * 4. sentences with low overlap with their cited source are flagged ({@link findUnsupportedSentences});
 * 5. an answer with no valid citation left is refused or given a caveat (`noCitation`).
 */
export function checkAnswer(
  text: string,
  sources: readonly NumberedSource[],
  question: string,
  options: CheckAnswerOptions = {},
): CheckedAnswer {
  const links = stripUntrustedLinks(
    text,
    allowedUrlsOf(sources.map((source) => ({ url: source.chunk.url, text: source.chunk.text }))),
  );
  const echoes = removeInjectionEchoes(links.text, sources, question);
  const verified = verifyCitations(echoes.text, sources);
  const unsupportedSentences = findUnsupportedSentences(verified.text, sources, options.minSupport ?? 0.3);
  const uncited = verified.citations.length === 0;
  const policy = options.noCitation ?? "refuse";
  const refusalReason =
    uncited && policy === "refuse"
      ? echoes.removed > 0 && verified.text.trim() === ""
        ? "The answer only repeated an instruction injected into a source, so it was withheld."
        : "The answer cited none of the sources it was given, so it was withheld."
      : null;
  return {
    text: verified.text,
    citations: verified.citations,
    refusalReason,
    checks: {
      removedCitations: verified.removed,
      unsupportedSentences,
      strippedLinks: links.stripped,
      injectionEchoes: echoes.removed,
      caveat: uncited && policy === "caveat" ? NO_CITATION_CAVEAT : null,
    },
  };
}
