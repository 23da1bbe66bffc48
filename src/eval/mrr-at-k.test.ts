import { describe, expect, it } from "vitest";
import { mrrAtK } from "./mrr-at-k.ts";

const judgments = new Map([
  ["a", 1],
  ["b", 1],
  ["n", 0],
]);

describe("mrrAtK", () => {
  it("is one over the rank of the first relevant document", () => {
    expect(mrrAtK(["a", "b"], judgments, 10)).toBe(1);
    expect(mrrAtK(["x", "n", "b", "a"], judgments, 10)).toBeCloseTo(1 / 3, 12);
  });

  it("is 0 when the first relevant document is below k or missing", () => {
    expect(mrrAtK(["x", "y", "a"], judgments, 2)).toBe(0);
    expect(mrrAtK(["n"], judgments, 10)).toBe(0);
    expect(mrrAtK([], judgments, 10)).toBe(0);
  });

  it("counts a repeated document at its first rank", () => {
    expect(mrrAtK(["x", "x", "a"], judgments, 2)).toBe(0.5);
  });
});
