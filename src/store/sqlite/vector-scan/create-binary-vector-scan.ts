import { hammingDistances } from "./hamming-distances.ts";
import { selectSmallestDistances } from "./select-smallest-distances.ts";
import { quantiseSignBits, signWords } from "./sign-bits.ts";

/** One stored vector handed to `createBinaryVectorScan`. */
export interface ScanRow {
  /** The row's id in the store (sqlite-vec rowid). */
  readonly rowid: number;
  readonly vector: Float32Array;
}

/** A candidate of the scan: its rowid and its cosine with the query (exact or float16). */
export interface ScanHit {
  readonly rowid: number;
  readonly score: number;
}

/** Settings of `createBinaryVectorScan`. */
export interface BinaryVectorScanOptions {
  readonly dimensions: number;
  /** How many rows `rows` yields (sizes the arrays up front). */
  readonly capacity: number;
  /** Keep float32 copies for re-scoring (exact scores) rather than float16 (half the memory). */
  readonly float32: boolean;
  /** Subtract the corpus mean before taking sign bits. Default true. */
  readonly centre?: boolean;
}

/**
 * An in-memory vector index: one sign bit per dimension (of the vector minus the corpus mean)
 * for a Hamming pre-scan, plus a float32 or float16 copy of each unit-scaled vector for cosine
 * re-scoring. Built once from `rows`; immutable afterwards (the caller rebuilds on change).
 * Memory: rows x (dimensions / 8 + dimensions x 4 or 2 + 8) bytes.
 */
export function createBinaryVectorScan(rows: Iterable<ScanRow>, options: BinaryVectorScanOptions) {
  const { dimensions, capacity } = options;
  const words = signWords(dimensions);
  const rowids = new Float64Array(capacity);
  const vectors = options.float32
    ? new Float32Array(capacity * dimensions)
    : new Float16Array(capacity * dimensions);
  let count = 0;
  for (const row of rows) {
    if (count === capacity || row.vector.length !== dimensions) continue;
    let norm = 0;
    for (let i = 0; i < dimensions; i++) norm += (row.vector[i] as number) ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const offset = count * dimensions;
    for (let i = 0; i < dimensions; i++) vectors[offset + i] = (row.vector[i] as number) * scale;
    rowids[count] = row.rowid;
    count += 1;
  }
  const centre = options.centre === false ? null : new Float64Array(dimensions);
  if (centre && count > 0) {
    for (let row = 0; row < count; row++) {
      const offset = row * dimensions;
      for (let i = 0; i < dimensions; i++)
        centre[i] = (centre[i] as number) + (vectors[offset + i] as number);
    }
    for (let i = 0; i < dimensions; i++) centre[i] = (centre[i] as number) / count;
  }
  const bits = new Uint32Array(count * words);
  for (let row = 0; row < count; row++) {
    quantiseSignBits(vectors.subarray(row * dimensions, (row + 1) * dimensions), centre, bits, row * words);
  }
  const distances = new Uint16Array(count);
  const queryBits = new Uint32Array(words);

  return {
    /** Rows held. */
    size: count,
    /** Whether the returned scores are exact (float32 copies) or float16 approximations. */
    exactScores: options.float32,
    /** Bytes held by the index's arrays. */
    bytes: rowids.byteLength + vectors.byteLength + bits.byteLength + distances.byteLength,

    /**
     * The `limit` best rows by cosine with `query` among the `candidates` rows nearest in
     * Hamming distance, best first. `candidates >= size` re-scores every row (exact search).
     */
    search(query: Float32Array, limit: number, candidates: number): ScanHit[] {
      if (count === 0 || limit <= 0) return [];
      // Ranking by x . q equals ranking by (x - mean) . q, so the query's own signs are compared
      // with the centred vectors' signs.
      quantiseSignBits(query, null, queryBits);
      let selected: Int32Array;
      if (candidates >= count) selected = Int32Array.from({ length: count }, (_, row) => row);
      else {
        hammingDistances(bits, words, count, queryBits, distances);
        selected = selectSmallestDistances(distances, count, candidates, words * 32);
      }
      let queryNorm = 0;
      for (let i = 0; i < dimensions; i++) queryNorm += (query[i] as number) ** 2;
      const queryScale = queryNorm > 0 ? 1 / Math.sqrt(queryNorm) : 0;
      const scores = new Float64Array(selected.length);
      for (let j = 0; j < selected.length; j++) {
        const offset = (selected[j] as number) * dimensions;
        let sum = 0;
        for (let i = 0; i < dimensions; i++) sum += (vectors[offset + i] as number) * (query[i] as number);
        scores[j] = sum * queryScale;
      }
      const order = Array.from({ length: selected.length }, (_, j) => j);
      order.sort((left, right) => (scores[right] as number) - (scores[left] as number));
      return order.slice(0, limit).map((j) => ({
        rowid: rowids[selected[j] as number] as number,
        score: scores[j] as number,
      }));
    },
  };
}

/** An in-memory vector index made by `createBinaryVectorScan`. */
export type BinaryVectorScan = ReturnType<typeof createBinaryVectorScan>;
