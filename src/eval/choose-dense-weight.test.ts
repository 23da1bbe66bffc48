import { describe, expect, it } from "vitest";
import { chooseDenseWeight } from "./choose-dense-weight.ts";

describe("chooseDenseWeight", () => {
  it("picks the best-scoring weight when it clearly beats BM25", () => {
    const results = [
      { denseWeight: 0, score: 0.7 },
      { denseWeight: 0.1, score: 0.71 },
      { denseWeight: 0.3, score: 0.72 },
      { denseWeight: 0.5, score: 0.65 },
    ];
    expect(chooseDenseWeight(results)).toEqual({ denseWeight: 0.3, score: 0.72, lexicalScore: 0.7 });
  });

  it("keeps weight 0 when the best gain is within the margin, or when every weight loses", () => {
    expect(
      chooseDenseWeight([
        { denseWeight: 0, score: 0.7 },
        { denseWeight: 0.1, score: 0.7015 },
      ]).denseWeight,
    ).toBe(0);
    expect(
      chooseDenseWeight([
        { denseWeight: 0, score: 0.7 },
        { denseWeight: 0.5, score: 0.44 },
      ]).denseWeight,
    ).toBe(0);
  });

  it("breaks ties towards the smaller weight and needs weight 0 to compare with", () => {
    const tie = [
      { denseWeight: 0.4, score: 0.8 },
      { denseWeight: 0, score: 0.7 },
      { denseWeight: 0.2, score: 0.8 },
    ];
    expect(chooseDenseWeight(tie).denseWeight).toBe(0.2);
    expect(() => chooseDenseWeight([{ denseWeight: 0.1, score: 1 }])).toThrow(RangeError);
  });
});
