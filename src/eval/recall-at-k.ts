import { firstDistinct } from "./first-distinct.ts";

/**
 * Recall at rank `k`: the share of the query's relevant documents (grade above 0) found in the
 * first `k` results, as trec_eval's `recall_k`. A document repeated in `ranking` counts once,
 * at its first rank. A query without any relevant judgment scores 0.
 *
 * @param ranking - retrieved document ids, best first.
 * @param relevance - the query's judgments: document id -> grade; grades of 0 or less are not relevant.
 * @param k - the cut-off rank, a positive integer (10 and 100 are usual).
 * @returns a value in [0, 1].
 */
export function recallAtK(
  ranking: readonly string[],
  relevance: ReadonlyMap<string, number>,
  k: number,
): number {
  let relevantCount = 0;
  for (const grade of relevance.values()) if (grade > 0) relevantCount += 1;
  if (relevantCount === 0) return 0;
  const found = new Set<string>();
  for (const documentId of firstDistinct(ranking, k)) {
    if ((relevance.get(documentId) ?? 0) > 0) found.add(documentId);
  }
  return found.size / relevantCount;
}
