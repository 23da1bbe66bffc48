import { firstDistinct } from "./first-distinct.ts";

/**
 * Reciprocal rank at `k`: `1 / rank` of the first relevant document (grade above 0) within the
 * first `k` results, else 0. Averaged over queries it is MRR@k. A document repeated in
 * `ranking` counts at its first rank only.
 *
 * @param ranking - retrieved document ids, best first.
 * @param relevance - the query's judgments: document id -> grade; grades of 0 or less are not relevant.
 * @param k - the cut-off rank, a positive integer (10 for MRR@10).
 * @returns a value in [0, 1]: 1 when the first result is relevant.
 */
export function mrrAtK(
  ranking: readonly string[],
  relevance: ReadonlyMap<string, number>,
  k: number,
): number {
  for (const [index, documentId] of firstDistinct(ranking, k).entries()) {
    if ((relevance.get(documentId) ?? 0) > 0) return 1 / (index + 1);
  }
  return 0;
}
