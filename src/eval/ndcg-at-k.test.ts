import { describe, expect, it } from "vitest";
import { ndcgAtK } from "./ndcg-at-k.ts";

const judgments = new Map([
  ["d2", 2],
  ["d4", 1],
  ["d5", 1],
  ["d9", 0],
]);

describe("ndcgAtK", () => {
  it("matches a hand computation with graded gains and an ideal from all judged relevant documents", () => {
    // DCG@3 = 0/log2(2) + 2/log2(3) + 0/log2(4); ideal gains 2, 1, 1 -> 2/1 + 1/log2(3) + 1/log2(4).
    const expected = 2 / Math.log2(3) / (2 + 1 / Math.log2(3) + 0.5);
    expect(ndcgAtK(["d1", "d2", "d3", "d4"], judgments, 3)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.40303, 5);
  });

  it("counts ranks up to k only, and relevance below k raises it", () => {
    // @4: DCG adds 1/log2(5) for d4.
    const expected = (2 / Math.log2(3) + 1 / Math.log2(5)) / (2 + 1 / Math.log2(3) + 0.5);
    expect(ndcgAtK(["d1", "d2", "d3", "d4"], judgments, 4)).toBeCloseTo(expected, 12);
  });

  it("is 1 for an ideal ranking and 0 when nothing relevant is retrieved", () => {
    expect(ndcgAtK(["d2", "d4", "d5"], judgments, 10)).toBe(1);
    expect(ndcgAtK(["d2", "d5", "d4", "d1"], judgments, 10)).toBe(1);
    expect(ndcgAtK(["d1", "d9", "d3"], judgments, 10)).toBe(0);
    expect(ndcgAtK([], judgments, 10)).toBe(0);
  });

  it("with binary judgments: one relevant document at rank 2 of one judged gives 1/log2(3)", () => {
    expect(ndcgAtK(["x", "y"], new Map([["y", 1]]), 10)).toBeCloseTo(0.63093, 6);
  });

  it("scores 0 for a query without relevant judgments, and counts a repeated document once", () => {
    expect(ndcgAtK(["d9"], new Map([["d9", 0]]), 10)).toBe(0);
    expect(ndcgAtK(["d1", "d1", "d2"], judgments, 2)).toBeCloseTo(
      2 / Math.log2(3) / (2 + 1 / Math.log2(3)),
      12,
    );
  });
});
