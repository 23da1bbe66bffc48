import { firstDistinct } from "./first-distinct.ts";

/**
 * Normalised discounted cumulative gain at rank `k`, with trec_eval's `ndcg_cut` semantics (the
 * ones Pyserini, BEIR and MTEB report): a document's gain is its judged relevance grade (linear,
 * not `2^grade - 1`), discounted by `log2(rank + 1)`; the ideal DCG ranks *all* judged relevant
 * documents of the query by grade, whether retrieved or not, and is cut at `k` too.
 *
 * Unjudged documents and grades of 0 or less gain nothing. A document repeated in `ranking`
 * counts at its first rank only. A query without any relevant judgment scores 0.
 *
 * @param ranking - retrieved document ids, best first (ties are in the caller's order).
 * @param relevance - the query's judgments: document id -> grade (BEIR qrels: 1 = relevant).
 * @param k - the cut-off rank, a positive integer (10 for nDCG@10).
 * @returns a value in [0, 1]; 1 when the top `k` is an ideal ordering.
 */
export function ndcgAtK(
  ranking: readonly string[],
  relevance: ReadonlyMap<string, number>,
  k: number,
): number {
  const idealGains = [...relevance.values()]
    .filter((grade) => grade > 0)
    .sort((left, right) => right - left)
    .slice(0, k);
  const idealDcg = discountedCumulativeGain(idealGains);
  if (idealDcg === 0) return 0;
  const gains = firstDistinct(ranking, k).map((documentId) => Math.max(0, relevance.get(documentId) ?? 0));
  return discountedCumulativeGain(gains) / idealDcg;
}

/** Sum of `gains[i] / log2(i + 2)`: the gain at rank 1 is undiscounted. */
function discountedCumulativeGain(gains: readonly number[]): number {
  let total = 0;
  for (const [index, gain] of gains.entries()) total += gain / Math.log2(index + 2);
  return total;
}
