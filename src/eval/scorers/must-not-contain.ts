import { findInsensitive, type ScoreResult, type ScorerInput } from "./score-result.ts";

/**
 * No `mustNotContain` string appears in the answer (case-insensitive); a match is quoted with
 * its context in the reason. Score: the share absent. Not applicable when the case lists none.
 */
export function mustNotContainScorer({ evalCase, answer }: ScorerInput): ScoreResult | null {
  const banned = evalCase.mustNotContain;
  if (banned.length === 0) return null;
  const hits = banned.flatMap((needle) => {
    const hit = findInsensitive(answer.answer, needle);
    return hit ? [`${JSON.stringify(needle)} in "${hit.context}"`] : [];
  });
  return {
    name: "mustNotContain",
    pass: hits.length === 0,
    score: (banned.length - hits.length) / banned.length,
    reason:
      hits.length === 0 ? `none of ${banned.length} banned string(s) found` : `found ${hits.join("; ")}`,
  };
}
