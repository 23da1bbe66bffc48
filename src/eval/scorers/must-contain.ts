import { findInsensitive, type ScoreResult, type ScorerInput } from "./score-result.ts";

/**
 * Every `mustContain` string appears in the answer (case-insensitive). Score: the share found.
 * Not applicable when the case lists none.
 */
export function mustContainScorer({ evalCase, answer }: ScorerInput): ScoreResult | null {
  const wanted = evalCase.mustContain;
  if (wanted.length === 0) return null;
  const missing = wanted.filter((needle) => findInsensitive(answer.answer, needle) === null);
  const found = wanted.length - missing.length;
  return {
    name: "mustContain",
    pass: missing.length === 0,
    score: found / wanted.length,
    reason:
      missing.length === 0
        ? `all ${wanted.length} required string${wanted.length === 1 ? "" : "s"} found`
        : `missing ${missing.map((needle) => JSON.stringify(needle)).join(", ")} (${found}/${wanted.length} found)`,
  };
}
