import type { ScoreResult, ScorerInput } from "./score-result.ts";

/**
 * Cost of one case in US dollars, from the generator's token usage and the model's price.
 * Informational unless `maxUsd` is set. A local model (the extractive answerer) costs 0.
 */
export function createCostScorer(options: { readonly maxUsd?: number } = {}) {
  return function costScorer({ usage, costUsd }: ScorerInput): ScoreResult {
    const tokens = usage
      ? `${usage.inputTokens} in / ${usage.outputTokens} out tokens${usage.estimated ? " (estimated)" : ""}`
      : "no usage reported";
    const price = costUsd === null ? "price unknown" : `$${costUsd.toFixed(6)}`;
    const budget = options.maxUsd;
    const pass = budget === undefined || costUsd === null || costUsd <= budget;
    return {
      name: "cost",
      pass,
      score: budget === undefined || costUsd === null || costUsd === 0 ? 1 : Math.min(1, budget / costUsd),
      reason: `${price} (${tokens})${budget === undefined ? "" : `; budget $${budget}`}`,
    };
  };
}
