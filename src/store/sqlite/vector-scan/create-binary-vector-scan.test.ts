import { describe, expect, it } from "vitest";
import { createBinaryVectorScan, type ScanRow } from "./create-binary-vector-scan.ts";

function randomRows(count: number, dimensions: number, seed: number): ScanRow[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  return Array.from({ length: count }, (_, index) => ({
    rowid: 1000 + index,
    vector: Float32Array.from({ length: dimensions }, next),
  }));
}

function bruteForce(rows: readonly ScanRow[], query: Float32Array, limit: number) {
  const cosine = (vector: Float32Array) => {
    let dot = 0;
    let left = 0;
    let right = 0;
    for (let i = 0; i < vector.length; i++) {
      dot += (vector[i] as number) * (query[i] as number);
      left += (vector[i] as number) ** 2;
      right += (query[i] as number) ** 2;
    }
    return dot / Math.sqrt(left * right);
  };
  return rows
    .map((row) => ({ rowid: row.rowid, score: cosine(row.vector) }))
    .sort((left, right) => right.score - left.score)
    .slice(0, limit);
}

describe("createBinaryVectorScan", () => {
  const rows = randomRows(500, 37, 5);
  const queries = randomRows(20, 37, 99).map((row) => row.vector);

  it("returns the exact cosine ranking when every row is a candidate", () => {
    const scan = createBinaryVectorScan(rows, { dimensions: 37, capacity: rows.length, float32: true });
    expect(scan.size).toBe(500);
    for (const query of queries) {
      const hits = scan.search(query, 10, rows.length);
      const expected = bruteForce(rows, query, 10);
      expect(hits.map((hit) => hit.rowid)).toEqual(expected.map((hit) => hit.rowid));
      for (const [index, hit] of hits.entries())
        expect(hit.score).toBeCloseTo(expected[index]?.score ?? 0, 6);
    }
  });

  it("with float16 copies, keeps the ranking and scores within 1e-3", () => {
    const scan = createBinaryVectorScan(rows, { dimensions: 37, capacity: rows.length, float32: false });
    expect(scan.exactScores).toBe(false);
    for (const query of queries) {
      const hits = scan.search(query, 5, rows.length);
      const expected = bruteForce(rows, query, 5);
      for (const [index, hit] of hits.entries())
        expect(Math.abs(hit.score - (expected[index]?.score ?? 0))).toBeLessThan(1e-3);
    }
  });

  it("finds a stored vector as its own nearest neighbour from a small candidate set", () => {
    const scan = createBinaryVectorScan(rows, { dimensions: 37, capacity: rows.length, float32: true });
    for (const row of rows.slice(0, 50)) {
      const [best] = scan.search(row.vector, 1, 20);
      expect(best?.rowid).toBe(row.rowid);
      expect(best?.score).toBeCloseTo(1, 6);
    }
  });

  it("re-scores only the candidates: fewer candidates cannot find rows outside them", () => {
    const scan = createBinaryVectorScan(rows, { dimensions: 37, capacity: rows.length, float32: true });
    const query = queries[0] as Float32Array;
    expect(scan.search(query, 50, 10)).toHaveLength(10);
    expect(scan.search(query, 0, 10)).toEqual([]);
  });

  it("is empty without rows", () => {
    const scan = createBinaryVectorScan([], { dimensions: 4, capacity: 0, float32: true });
    expect(scan.search(Float32Array.of(1, 0, 0, 0), 3, 100)).toEqual([]);
  });
});
