/**
 * The BM25 scoring function of Docent's lexical index, written as pure functions so the pruned
 * top-k search, the exhaustive reference scorer and the tests all compute exactly the same
 * numbers.
 *
 * It is SQLite FTS5's `bm25()` (the function Docent ranked with before its own index), which is
 * BM25F-like: a term's frequency in each field is multiplied by the field's weight and summed,
 * and the chunk's length (all fields) normalises that weighted frequency once:
 *
 *   score(q, d) = sum over query words t (a word repeated after stemming counts again) of
 *     idf(t) * wtf * (k1 + 1) / (wtf + k1 * (1 - b + b * length(d) / averageLength))
 *   wtf = wTitle * tf(t, title) + wHeadings * tf(t, headings) + wBody * tf(t, body)
 *         (computed as FTS5 does, by adding a field's weight once per occurrence)
 *   idf(t) = ln((N - df + 0.5) / (df + 0.5)), raised to 1e-6 when not positive
 *
 * Scaling every field weight by c behaves like dividing k1 by c, which is how the configured
 * weights (5.2 / 2.6 / 1.3) were tuned with FTS5's fixed k1.
 */

/**
 * Term-frequency saturation. 0 ignores how often a term occurs (binary match); larger values
 * let repeats count for longer. Sensible range 0.5 to 2; FTS5 and Lucene's classic default 1.2.
 */
export const BM25_K1 = 1.2;

/**
 * Length normalisation. 0 ignores chunk length; 1 divides fully by the length relative to the
 * average. Sensible range 0.3 to 0.9; default 0.75 (FTS5, Lucene).
 */
export const BM25_B = 0.75;

/** The smallest idf: FTS5 raises non-positive idf (terms in more than half the chunks) to this. */
export const MINIMUM_IDF = 1e-6;

/** Collection statistics a score depends on. */
export interface CollectionStatistics {
  /** Number of chunks in the index. */
  readonly documentCount: number;
  /** Sum of the lengths (tokens in all fields) of every chunk. */
  readonly totalLength: number;
}

/**
 * Inverse document frequency of a term found in `documentFrequency` of `documentCount` chunks.
 *
 * @param logarithm - the natural logarithm to use. The lexical index passes SQLite's `ln()`,
 *   the C library's `log()` that FTS5 calls: V8's `Math.log` differs from it in the last bit for
 *   about 7% of arguments, enough to swap two near-tied chunks.
 */
export function inverseDocumentFrequency(
  documentCount: number,
  documentFrequency: number,
  logarithm: (value: number) => number = Math.log,
): number {
  const idf = logarithm((documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
  return idf > 0 ? idf : MINIMUM_IDF;
}

/** Average chunk length, 1 for an empty collection (so no division by zero). */
export function averageLength(statistics: CollectionStatistics): number {
  return statistics.documentCount > 0 && statistics.totalLength > 0
    ? statistics.totalLength / statistics.documentCount
    : 1;
}

/**
 * One term's contribution to a chunk's score.
 *
 * @param idf - from `inverseDocumentFrequency`.
 * @param weightedFrequency - the weighted term frequency `wtf` (0 gives 0).
 * @param length - the chunk's length in tokens, all fields.
 * @param average - from `averageLength`.
 */
export function termScore(idf: number, weightedFrequency: number, length: number, average: number): number {
  if (weightedFrequency <= 0) return 0;
  // The operations in FTS5's order (fts5Bm25Function), so scores equal its scores to the bit.
  return (
    idf *
    ((weightedFrequency * (BM25_K1 + 1)) /
      (weightedFrequency + BM25_K1 * (1 - BM25_B + (BM25_B * length) / average)))
  );
}

/**
 * The weighted term frequency `wtf` as FTS5 computes it: the field weight added once per
 * occurrence, title occurrences first, then headings, then body. Repeated addition can differ
 * from `weight * frequency` in the last bit, and that bit can order two near-tied chunks.
 */
export function weightedFrequency(
  weights: { readonly title: number; readonly headings: number; readonly body: number },
  title: number,
  headings: number,
  body: number,
): number {
  let sum = 0;
  for (let occurrence = 0; occurrence < title; occurrence++) sum += weights.title;
  for (let occurrence = 0; occurrence < headings; occurrence++) sum += weights.headings;
  for (let occurrence = 0; occurrence < body; occurrence++) sum += weights.body;
  return sum;
}
