import { describe, expect, it } from "vitest";
import { capPerDocument } from "./cap-per-document.ts";
import { minMaxNormalize } from "./min-max-normalize.ts";
import { reciprocalRankFusion } from "./reciprocal-rank-fusion.ts";
import { jaccard, removeNearDuplicates, wordShingles } from "./remove-near-duplicates.ts";
import { weightedScoreFusion } from "./weighted-score-fusion.ts";

const hits = (...pairs: Array<[string, number]>) => pairs.map(([chunkId, score]) => ({ chunkId, score }));
const lexical = hits(["a", 12], ["b", 10], ["c", 2]);
const vector = hits(["c", 0.9], ["d", 0.8], ["a", 0.5]);

describe("minMaxNormalize", () => {
  it("maps the best to 1 and the worst to 0, and equal scores to 1", () => {
    expect(minMaxNormalize([12, 10, 2])).toEqual([1, 0.8, 0]);
    expect(minMaxNormalize([3, 3])).toEqual([1, 1]);
    expect(minMaxNormalize([])).toEqual([]);
  });
});

describe("weightedScoreFusion", () => {
  it("keeps the lexical order at weight 0 and the vector order at weight 1", () => {
    expect(
      weightedScoreFusion(lexical, vector, 0)
        .slice(0, 3)
        .map((item) => item.chunkId),
    ).toEqual(["a", "b", "c"]);
    expect(
      weightedScoreFusion(lexical, vector, 1)
        .slice(0, 3)
        .map((item) => item.chunkId),
    ).toEqual(["c", "d", "a"]);
  });

  it("blends normalised scores and reports both ranks", () => {
    const fused = weightedScoreFusion(lexical, vector, 0.5);
    // a: 0.5*1 + 0.5*0 = 0.5; b: 0.5*0.8 = 0.4; c: 0.5*0 + 0.5*1 = 0.5; d: 0.5*0.75 = 0.375
    expect(fused.map((item) => [item.chunkId, Number(item.fusedScore.toFixed(3))])).toEqual([
      ["a", 0.5],
      ["c", 0.5],
      ["b", 0.4],
      ["d", 0.375],
    ]);
    expect(fused[0]).toMatchObject({ lexicalRank: 1, vectorRank: 3 });
    expect(fused.find((item) => item.chunkId === "d")).toMatchObject({ lexicalRank: null, vectorRank: 2 });
  });

  it("lets a small weight reorder only near-ties of BM25", () => {
    const close = hits(["x", 10], ["y", 9.9], ["z", 1]);
    const dense = hits(["y", 0.9], ["z", 0.85], ["x", 0.1]);
    expect(weightedScoreFusion(close, dense, 0.1).map((item) => item.chunkId)).toEqual(["y", "x", "z"]);
  });

  it("rejects a weight outside 0-1", () => {
    expect(() => weightedScoreFusion(lexical, vector, 1.5)).toThrow(RangeError);
  });
});

describe("reciprocalRankFusion", () => {
  it("sums 1 / (k + rank) over the lists", () => {
    const fused = reciprocalRankFusion(lexical, vector, 60);
    expect(fused[0]?.chunkId).toBe("a"); // 1/61 + 1/63 beats c's 1/63 + 1/61? equal: tie broken by best rank
    const score = (id: string) => fused.find((item) => item.chunkId === id)?.fusedScore ?? 0;
    expect(score("a")).toBeCloseTo(1 / 61 + 1 / 63, 10);
    expect(score("d")).toBeCloseTo(1 / 62, 10);
    expect(score("a")).toBeGreaterThan(score("b"));
  });
});

describe("removeNearDuplicates", () => {
  const item = (id: string, text: string, contentHash = id) => ({ id, text, contentHash });
  const describeItem = (value: { text: string; contentHash: string }) => value;

  it("drops exact copies and texts whose trigrams overlap at least the threshold, keeping the first", () => {
    const base = "Set the proxy timeout in seconds with the timeout option of the server settings file";
    const items = [
      item("first", base),
      item("copy", "anything", "first"),
      item("near", `${base} today`),
      item("other", "Logs go to standard error unless a log file is configured"),
    ];
    expect(removeNearDuplicates(items, describeItem, 0.8).map((value) => value.id)).toEqual([
      "first",
      "other",
    ]);
    expect(removeNearDuplicates(items, describeItem, 1).map((value) => value.id)).toEqual([
      "first",
      "near",
      "other",
    ]);
  });

  it("measures overlap with word trigrams", () => {
    expect(wordShingles("a b c d")).toEqual(new Set(["a b c", "b c d"]));
    expect(jaccard(new Set(["x", "y"]), new Set(["y", "z"]))).toBeCloseTo(1 / 3, 10);
  });
});

describe("capPerDocument", () => {
  it("keeps at most n items per document, in order", () => {
    const items = ["a1", "a2", "b1", "a3", "b2", "c1"];
    expect(capPerDocument(items, (value) => value[0] as string, 2)).toEqual(["a1", "a2", "b1", "b2", "c1"]);
    expect(capPerDocument(items, (value) => value[0] as string, 1)).toEqual(["a1", "b1", "c1"]);
  });
});
