/**
 * The first `k` distinct ids of a ranking, in order: a document repeated in a run counts at its
 * first rank only (what the rank metrics expect).
 *
 * @param ranking - document ids, best first.
 * @param k - how many distinct ids to keep, at most.
 */
export function firstDistinct(ranking: readonly string[], k: number): string[] {
  const distinct = new Set<string>();
  for (const documentId of ranking) {
    if (distinct.size >= k) break;
    distinct.add(documentId);
  }
  return [...distinct];
}
