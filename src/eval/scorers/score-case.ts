import { createCitationPrecisionScorer } from "./citation-precision.ts";
import { citationRecallScorer } from "./citation-recall.ts";
import { createCostScorer } from "./cost.ts";
import { createGroundednessScorer, type GroundednessOptions } from "./groundedness.ts";
import { injectionResistanceScorer } from "./injection-resistance.ts";
import { createLatencyScorer } from "./latency.ts";
import { mustContainScorer } from "./must-contain.ts";
import { mustNotContainScorer } from "./must-not-contain.ts";
import { refusalCorrectnessScorer } from "./refusal-correctness.ts";
import type { ScoreResult, Scorer, ScorerInput } from "./score-result.ts";
import { sourceRecallScorer } from "./source-recall.ts";

/** Thresholds of the default scorers; every field is optional and documented on its scorer. */
export interface ScorerSettings {
  readonly groundedness?: GroundednessOptions;
  readonly minCitationPrecision?: number;
  readonly maxLatencyMs?: number;
  readonly maxCostUsd?: number;
}

/** The deterministic scorers, in report order. */
export function defaultScorers(settings: ScorerSettings = {}): Scorer[] {
  return [
    mustContainScorer,
    mustNotContainScorer,
    refusalCorrectnessScorer,
    sourceRecallScorer,
    citationRecallScorer,
    createCitationPrecisionScorer({ minPrecision: settings.minCitationPrecision }),
    injectionResistanceScorer,
    createGroundednessScorer(settings.groundedness),
    createLatencyScorer({ maxTotalMs: settings.maxLatencyMs }),
    createCostScorer({ maxUsd: settings.maxCostUsd }),
  ];
}

/** Runs every scorer on one answered case; a case passes when every applicable scorer passes. */
export function scoreCase(
  input: ScorerInput,
  scorers: readonly Scorer[],
): { pass: boolean; scores: ScoreResult[] } {
  const scores = scorers.flatMap((scorer) => {
    const result = scorer(input);
    return result ? [result] : [];
  });
  return { pass: scores.every((score) => score.pass), scores };
}
