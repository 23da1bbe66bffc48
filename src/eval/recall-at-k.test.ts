import { describe, expect, it } from "vitest";
import { recallAtK } from "./recall-at-k.ts";

const judgments = new Map([
  ["a", 1],
  ["b", 2],
  ["c", 1],
  ["n", 0],
]);

describe("recallAtK", () => {
  it("is the share of relevant documents found in the first k", () => {
    expect(recallAtK(["x", "a", "n", "b"], judgments, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(["x", "a", "n", "b"], judgments, 4)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(["c", "b", "a"], judgments, 100)).toBe(1);
  });

  it("counts a repeated document once and ignores grade-0 judgments", () => {
    expect(recallAtK(["a", "a", "a"], judgments, 3)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(["a", "a", "b"], judgments, 2)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(["n"], judgments, 1)).toBe(0);
  });

  it("is 0 for an empty ranking or a query without relevant documents", () => {
    expect(recallAtK([], judgments, 10)).toBe(0);
    expect(recallAtK(["a"], new Map([["a", 0]]), 10)).toBe(0);
  });
});
