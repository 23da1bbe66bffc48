import { compareFused, type FusedCandidate, ranksById, type ScoredHit } from "./fused-candidate.ts";
import { minMaxNormalize } from "./min-max-normalize.ts";

/**
 * Weighted fusion of normalised scores (Docent's default): each list's scores are min-max
 * normalised to 0-1, and a candidate scores `(1 - denseWeight) * lexical + denseWeight * vector`,
 * counting 0 for a list it is absent from.
 *
 * `denseWeight` (0-1): 0 gives exactly the lexical order, 1 the vector order. Unlike rank
 * fusion it keeps how far apart scores are, so a weak embedding model with a small weight only
 * reorders near-ties of BM25 instead of promoting its own poor guesses. Calibrate it per model
 * on labelled data (`docent eval retrieval --calibrate`); see docs/benchmarks.md for figures.
 */
export function weightedScoreFusion(
  lexical: readonly ScoredHit[],
  vector: readonly ScoredHit[],
  denseWeight: number,
): FusedCandidate[] {
  if (!(denseWeight >= 0 && denseWeight <= 1))
    throw new RangeError(`denseWeight must be within 0-1, got ${denseWeight}`);
  const lexicalRanks = ranksById(lexical);
  const vectorRanks = ranksById(vector);
  const lexicalNormalised = normalisedById(lexical);
  const vectorNormalised = normalisedById(vector);
  const ids = new Set([...lexicalRanks.keys(), ...vectorRanks.keys()]);
  const fused: FusedCandidate[] = [];
  for (const chunkId of ids) {
    const fusedScore =
      (1 - denseWeight) * (lexicalNormalised.get(chunkId) ?? 0) +
      denseWeight * (vectorNormalised.get(chunkId) ?? 0);
    fused.push({
      chunkId,
      fusedScore,
      lexicalRank: lexicalRanks.get(chunkId) ?? null,
      vectorRank: vectorRanks.get(chunkId) ?? null,
    });
  }
  return fused.sort(compareFused);
}

/** Min-max normalised scores by chunk id; the first occurrence of an id wins, as in `ranksById`. */
function normalisedById(hits: readonly ScoredHit[]): Map<string, number> {
  const normalised = new Map<string, number>();
  for (const [index, value] of minMaxNormalize(hits.map((hit) => hit.score)).entries()) {
    const id = (hits[index] as ScoredHit).chunkId;
    if (!normalised.has(id)) normalised.set(id, value);
  }
  return normalised;
}
