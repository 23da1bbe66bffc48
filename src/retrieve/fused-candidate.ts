/** A scored hit from one retriever (lexical or vector): higher score is better. */
export interface ScoredHit {
  readonly chunkId: string;
  readonly score: number;
}

/** A candidate after fusion, with where it stood in each list. */
export interface FusedCandidate {
  readonly chunkId: string;
  /** The fused score (higher is better); its scale depends on the fusion method. */
  readonly fusedScore: number;
  /** 1-based rank in the lexical list, or null when it was not there. */
  readonly lexicalRank: number | null;
  /** 1-based rank in the vector list, or null when it was not there. */
  readonly vectorRank: number | null;
}

/** Sorts by fused score, then by the better of the two ranks, then by id, so ties are deterministic. */
export function compareFused(left: FusedCandidate, right: FusedCandidate): number {
  if (right.fusedScore !== left.fusedScore) return right.fusedScore - left.fusedScore;
  const leftBest = Math.min(left.lexicalRank ?? Infinity, left.vectorRank ?? Infinity);
  const rightBest = Math.min(right.lexicalRank ?? Infinity, right.vectorRank ?? Infinity);
  if (leftBest !== rightBest) return leftBest - rightBest;
  return left.chunkId < right.chunkId ? -1 : left.chunkId > right.chunkId ? 1 : 0;
}

/** 1-based ranks by chunk id; the first occurrence of an id wins. */
export function ranksById(hits: readonly ScoredHit[]): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const [index, hit] of hits.entries()) if (!ranks.has(hit.chunkId)) ranks.set(hit.chunkId, index + 1);
  return ranks;
}
