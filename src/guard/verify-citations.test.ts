import { describe, expect, it } from "vitest";
import type { NumberedSource } from "../core/answer.ts";
import type { Chunk } from "../core/document.ts";
import { verifyCitations } from "./verify-citations.ts";

function source(n: number): NumberedSource {
  const chunk: Chunk = {
    id: `chunk-${n}`,
    documentId: "doc",
    ordinal: n,
    title: `Title ${n}`,
    headingPath: [],
    anchor: null,
    url: `page-${n}.md`,
    text: "text",
    contentHash: "hash",
    tokenCount: 1,
  };
  return { n, chunk };
}

describe("verifyCitations", () => {
  it("keeps valid citations in order of first appearance, once each", () => {
    const result = verifyCitations("B is true [2]. A is true [1]. Also B [2].", [source(1), source(2)]);
    expect(result.citations.map((citation) => citation.n)).toEqual([2, 1]);
    expect(result.citations[0]).toEqual({ n: 2, chunkId: "chunk-2", url: "page-2.md", title: "Title 2" });
    expect(result.removed).toBe(0);
  });

  it("removes an invented citation and counts it", () => {
    const result = verifyCitations("Claim one [1]. Invented claim [7].", [source(1), source(2), source(3)]);
    expect(result.text).toBe("Claim one [1]. Invented claim.");
    expect(result.citations.map((citation) => citation.n)).toEqual([1]);
    expect(result.removed).toBe(1);
  });

  it("returns no citations when none is valid", () => {
    expect(verifyCitations("No markers here.", [source(1)]).citations).toEqual([]);
    expect(verifyCitations("Bad [0] and [4].", [source(1)]).citations).toEqual([]);
  });
});
