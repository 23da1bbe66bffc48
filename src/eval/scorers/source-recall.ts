import { expectedRefusal } from "../suite/eval-case.ts";
import { type ScoreResult, type ScorerInput, urlMatches } from "./score-result.ts";

/**
 * Retrieval recall: the share of `requiredSourceUrls` among the retrieved top-k chunks (what
 * the generator was given). Passes when all were retrieved. Not applicable without required
 * sources or when the case expects a refusal.
 */
export function sourceRecallScorer({ evalCase, answer }: ScorerInput): ScoreResult | null {
  const required = evalCase.requiredSourceUrls;
  if (required.length === 0 || expectedRefusal(evalCase) === true) return null;
  const missing = required.filter((url) => !answer.retrieved.some((item) => urlMatches(url, item.url)));
  const score = (required.length - missing.length) / required.length;
  return {
    name: "sourceRecall",
    pass: missing.length === 0,
    score,
    reason:
      missing.length === 0
        ? `all ${required.length} required source(s) in the top ${answer.retrieved.length}`
        : `not retrieved in the top ${answer.retrieved.length}: ${missing.join(", ")}`,
  };
}
