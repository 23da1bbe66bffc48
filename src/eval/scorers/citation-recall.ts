import { expectedRefusal } from "../suite/eval-case.ts";
import { type ScoreResult, type ScorerInput, urlMatches } from "./score-result.ts";

/**
 * Citation recall: the share of `requiredSourceUrls` the answer cites. Passes when all are
 * cited. Applies to cases that expect an answer and list required sources.
 */
export function citationRecallScorer({ evalCase, answer }: ScorerInput): ScoreResult | null {
  const required = evalCase.requiredSourceUrls;
  if (required.length === 0 || expectedRefusal(evalCase) !== false) return null;
  const missing = required.filter(
    (url) => !answer.citations.some((citation) => urlMatches(url, citation.url)),
  );
  return {
    name: "citationRecall",
    pass: missing.length === 0,
    score: (required.length - missing.length) / required.length,
    reason:
      missing.length === 0
        ? `cites all ${required.length} required source(s)`
        : answer.refused
          ? "refused, so cited nothing"
          : `does not cite ${missing.join(", ")} (cited: ${answer.citations.map((citation) => citation.url).join(", ") || "none"})`,
  };
}
