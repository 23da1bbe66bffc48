import { compareFused, type FusedCandidate, ranksById, type ScoredHit } from "./fused-candidate.ts";

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): a candidate scores the sum over
 * lists of `1 / (k + rank)`. Uses ranks only, so it needs no calibration, but it gives a weak
 * list as much say as a strong one (on SciFact with a static word-vector model it fell from
 * nDCG@10 0.69 to about 0.44; see docs/benchmarks.md).
 *
 * @param k - rank constant, default 60; larger values flatten the difference between ranks.
 */
export function reciprocalRankFusion(
  lexical: readonly ScoredHit[],
  vector: readonly ScoredHit[],
  k = 60,
): FusedCandidate[] {
  if (!(k > 0)) throw new RangeError(`k must be positive, got ${k}`);
  const lexicalRanks = ranksById(lexical);
  const vectorRanks = ranksById(vector);
  const ids = new Set([...lexicalRanks.keys(), ...vectorRanks.keys()]);
  const fused: FusedCandidate[] = [];
  for (const chunkId of ids) {
    const lexicalRank = lexicalRanks.get(chunkId) ?? null;
    const vectorRank = vectorRanks.get(chunkId) ?? null;
    const fusedScore = (lexicalRank ? 1 / (k + lexicalRank) : 0) + (vectorRank ? 1 / (k + vectorRank) : 0);
    fused.push({ chunkId, fusedScore, lexicalRank, vectorRank });
  }
  return fused.sort(compareFused);
}
