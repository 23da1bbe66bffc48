/** A dense weight and the score (nDCG@10) it reached on calibration data. */
export interface WeightScore {
  readonly denseWeight: number;
  readonly score: number;
}

/** Dense weights tried by calibration: 0 (BM25 ranking) up to 1 (vector ranking), finer near 0. */
export const DENSE_WEIGHT_GRID: readonly number[] = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1];

/**
 * A weight must beat weight 0 (BM25) on the calibration data by at least this much to be
 * chosen: smaller gains are within the noise of a few hundred queries and may not carry over
 * to new ones, while a wrong weight can cost a lot (see docs/benchmarks.md).
 */
export const CALIBRATION_MARGIN = 0.002;

/**
 * Picks the dense weight with the best score, unless it beats weight 0 by less than `margin`,
 * in which case 0 is chosen (hybrid then ranks exactly like BM25). Ties go to the smaller weight.
 *
 * @returns the chosen weight, its score and the score of weight 0.
 */
export function chooseDenseWeight(
  results: readonly WeightScore[],
  margin = CALIBRATION_MARGIN,
): { denseWeight: number; score: number; lexicalScore: number } {
  const lexical = results.find((result) => result.denseWeight === 0);
  if (!lexical) throw new RangeError("calibration results must include weight 0 (BM25)");
  let best = lexical;
  for (const result of results) {
    if (result.score > best.score || (result.score === best.score && result.denseWeight < best.denseWeight))
      best = result;
  }
  if (best.score - lexical.score < margin) best = lexical;
  return { denseWeight: best.denseWeight, score: best.score, lexicalScore: lexical.score };
}
