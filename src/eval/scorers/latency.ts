import type { ScoreResult, ScorerInput } from "./score-result.ts";

/**
 * Latency of one case. Informational unless a budget is set: with `maxTotalMs`, a slower answer
 * fails and the score is budget/actual (capped at 1). Without one it always passes, so a shared,
 * busy machine cannot fail a run.
 */
export function createLatencyScorer(options: { readonly maxTotalMs?: number } = {}) {
  return function latencyScorer({ answer }: ScorerInput): ScoreResult {
    const { retrieveMs, generateMs, totalMs } = answer.timings;
    const budget = options.maxTotalMs;
    const detail = `${totalMs.toFixed(1)} ms (retrieve ${retrieveMs.toFixed(1)}, generate ${generateMs.toFixed(1)})`;
    if (budget === undefined) return { name: "latency", pass: true, score: 1, reason: detail };
    return {
      name: "latency",
      pass: totalMs <= budget,
      score: totalMs <= 0 ? 1 : Math.min(1, budget / totalMs),
      reason: `${detail}; budget ${budget} ms`,
    };
  };
}
