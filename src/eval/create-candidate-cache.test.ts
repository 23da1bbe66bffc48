import { describe, expect, it } from "vitest";
import type { Chunk } from "../core/document.ts";
import type { Embedder } from "../core/embedder.ts";
import type { Store } from "../store/store.ts";
import { createCandidateCache } from "./create-candidate-cache.ts";

/** A store answering searches from fixed lists and counting the calls that reach it. */
function countingStore() {
  const calls = { lexical: 0, vector: 0, chunks: 0, stats: 0 };
  const chunk = (id: string) => ({ id, text: `text ${id}` }) as unknown as Chunk;
  const store = {
    kind: "test",
    location: "memory",
    async searchLexical() {
      calls.lexical += 1;
      return [{ chunkId: "a", score: 3 }];
    },
    async searchVector(query: { limit: number }) {
      calls.vector += 1;
      return [{ chunkId: "b", score: 0.5 + query.limit / 1000 }];
    },
    async getChunks(ids: readonly string[]) {
      calls.chunks += ids.length;
      return ids.map(chunk);
    },
    async stats() {
      calls.stats += 1;
      return { documents: 1, chunks: 2, corpusVersion: 7 };
    },
  } as unknown as Store;
  return { store, calls };
}

function countingEmbedder() {
  let calls = 0;
  const embedder: Embedder = {
    provider: "test",
    modelId: "m",
    dimensions: 2,
    maxBatchSize: 8,
    async embed(texts, options) {
      calls += 1;
      return texts.map((text) => Float32Array.of(text.length, options?.inputType === "query" ? 1 : 0));
    },
  };
  return { embedder, calls: () => calls };
}

describe("createCandidateCache", () => {
  it("answers a repeated search from memory, and a different one from the store", async () => {
    const { store, calls } = countingStore();
    const cache = createCandidateCache();
    const cached = cache.wrapStore(store);
    const query = { terms: ["proxy"], limit: 10, fieldWeights: { title: 1, headings: 1, body: 1 } };
    const first = await cached.searchLexical(query);
    expect(await cached.searchLexical({ ...query })).toEqual(first);
    await cached.searchLexical({ ...query, limit: 20 });
    expect(calls.lexical).toBe(2);

    const vector = Float32Array.of(1, 0);
    await cached.searchVector({ vector, limit: 5 });
    await cached.searchVector({ vector, limit: 5 });
    const wider = await cached.searchVector({ vector, limit: 50 });
    expect(wider[0]?.score).toBeCloseTo(0.55);
    expect(calls.vector).toBe(2);

    expect((await cached.getChunks(["x", "y"])).map((chunk) => chunk.id)).toEqual(["x", "y"]);
    expect((await cached.getChunks(["y", "z"])).map((chunk) => chunk.id)).toEqual(["y", "z"]);
    expect(calls.chunks).toBe(3);
    expect(cache.stats()).toMatchObject({ lexicalSearches: 2, vectorSearches: 2 });
  });

  it("passes every other store member through, bound to the store", async () => {
    const { store, calls } = countingStore();
    const cached = createCandidateCache().wrapStore(store);
    expect(cached.kind).toBe("test");
    expect((await cached.stats()).corpusVersion).toBe(7);
    expect(calls.stats).toBe(1);
  });

  it("embeds each (text, input type) once and returns the same vector object", async () => {
    const { embedder, calls } = countingEmbedder();
    const cached = createCandidateCache().wrapEmbedder(embedder);
    const [first] = await cached.embed(["reset password"], { inputType: "query" });
    const [again] = await cached.embed(["reset password"], { inputType: "query" });
    const [asDocument] = await cached.embed(["reset password"]);
    expect(again).toBe(first);
    expect(asDocument).not.toBe(first);
    expect(asDocument?.[1]).toBe(0);
    expect(calls()).toBe(2);
  });
});
