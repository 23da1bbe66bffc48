/**
 * How the SQLite store answers `searchVector` (config `retrieval.vectorSearch`).
 *
 * - `exact`: sqlite-vec's brute-force cosine KNN over every stored vector (float32).
 * - `binary-rescore` (default): an in-memory index built from the stored vectors on the first
 *   query (and rebuilt when the corpus version or model changes): a Hamming pre-scan of one
 *   sign bit per dimension picks R = max(`minimumCandidates`, `rescoreFactor` x limit)
 *   candidates, which are re-scored by cosine; the returned scores are exact float32 cosines. Measured on SciFact (GloVe-SIF 100-d,
 *   USE-lite 512-d) in docs/benchmarks.md: recall@10 against `exact` and latency at 100k chunks.
 */
export interface VectorSearchSettings {
  readonly method: "exact" | "binary-rescore";
  /**
   * Candidates of the Hamming pre-scan per result wanted. Higher finds more of the exact top at
   * a small cost per candidate (a dot product). Range 1-1000, default 40.
   */
  readonly rescoreFactor: number;
  /**
   * Fewest candidates of the Hamming pre-scan, whatever the limit. Range 1-1,000,000, default
   * 2,000 (re-scoring 2,000 candidates costs ~0.3 ms at 100-d, ~1.5 ms at 512-d).
   */
  readonly minimumCandidates: number;
  /**
   * The candidates are re-scored from float32 copies held in memory while those take at most
   * this many MiB (100k chunks x 100-d = 38 MiB); above it from float16 copies (half the
   * memory), and the best `limit + 16` of those are re-scored exactly from the float32 vectors
   * in the SQLite file. Range 0-65536, default 64.
   */
  readonly float32MemoryMb: number;
}

/** The defaults of `retrieval.vectorSearch`. */
export const DEFAULT_VECTOR_SEARCH: VectorSearchSettings = {
  method: "binary-rescore",
  rescoreFactor: 40,
  minimumCandidates: 2000,
  float32MemoryMb: 64,
};

/** Extra float16-scored candidates re-scored exactly from SQLite, beyond the limit. */
export const EXACT_RESCORE_MARGIN = 16;
