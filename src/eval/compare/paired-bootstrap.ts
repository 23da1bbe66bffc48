import { seededRandom } from "./seeded-random.ts";

/** A mean difference with its bootstrap confidence interval. */
export interface BootstrapInterval {
  /** mean(candidate) - mean(baseline) over the paired cases. */
  readonly delta: number;
  readonly low: number;
  readonly high: number;
  /** Confidence level of [low, high], e.g. 0.95. */
  readonly confidence: number;
}

export interface PairedBootstrapOptions {
  /** Resamples. Default 2000; 1000-10000 is sensible (more is smoother and slower). */
  readonly iterations?: number;
  /** Default 0.95. */
  readonly confidence?: number;
  /** Seed of the resampling; the same seed gives the same interval. Default 1. */
  readonly seed?: number;
}

/**
 * Paired bootstrap of a mean difference: resamples the case indices with replacement (the same
 * indices for both runs, so each case is compared with itself) and takes the percentile
 * interval of the resampled mean differences. A drop is significant at the given confidence
 * when `high < 0`.
 *
 * @param baseline - one value per case (e.g. 1/0 pass, or a scorer's score).
 * @param candidate - the same cases, same order.
 */
export function pairedBootstrap(
  baseline: readonly number[],
  candidate: readonly number[],
  options: PairedBootstrapOptions = {},
): BootstrapInterval {
  if (baseline.length !== candidate.length)
    throw new Error("pairedBootstrap needs paired samples of equal length");
  const iterations = options.iterations ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const n = baseline.length;
  const differences = baseline.map((value, index) => (candidate[index] as number) - value);
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  if (n === 0) return { delta: 0, low: 0, high: 0, confidence };
  const delta = mean(differences);
  const random = seededRandom(options.seed ?? 1);
  const means: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration++) {
    let sum = 0;
    for (let draw = 0; draw < n; draw++) sum += differences[Math.floor(random() * n)] as number;
    means.push(sum / n);
  }
  means.sort((left, right) => left - right);
  const tail = (1 - confidence) / 2;
  const at = (quantile: number) =>
    means[Math.min(iterations - 1, Math.max(0, Math.floor(quantile * iterations)))] as number;
  return { delta, low: at(tail), high: at(1 - tail), confidence };
}
