import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EmbeddingModelInfo } from "../../src/core/embedder.ts";
import type { DocumentWrite, Store } from "../../src/store/store.ts";
import { documentWrite } from "./store-contract.ts";

const MODEL_A: EmbeddingModelInfo = { key: "test:model-a", dimensions: 3 };
const MODEL_B: EmbeddingModelInfo = { key: "test:model-b", dimensions: 2 };

/** A unit vector pointing at the given coordinates. */
function unit(...values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values.map((value) => value / norm));
}

/** Vectors for every chunk of the writes, from `vectorOf(text)`, keyed `key:<text>`. */
function vectorsFor(writes: readonly DocumentWrite[], vectorOf: (text: string) => Float32Array) {
  return writes.flatMap((write) =>
    write.chunks.map((chunk) => ({
      chunkId: chunk.id,
      key: `key:${chunk.text}`,
      vector: vectorOf(chunk.text),
    })),
  );
}

const AXES: Record<string, Float32Array> = {
  north: unit(1, 0, 0),
  "north by east": unit(1, 0.2, 0),
  east: unit(0, 1, 0),
  up: unit(0, 0, 1),
};
const axis = (text: string) => AXES[text] ?? unit(1, 1, 1);

/**
 * The vector half of the store contract (`searchVector`, embeddings in `applyChanges`, the
 * embedding cache, one model per index), run by `describeStoreContract` for every store.
 */
export function describeVectorStoreContract(name: string, createStore: () => Promise<Store>): void {
  describe(`Store contract (vectors): ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await createStore();
    });

    afterEach(async () => {
      await store.close();
    });

    it("has no model and finds nothing before vectors are written", async () => {
      await store.applyChanges({ upserts: [documentWrite("a.md", ["north"])], deletions: [] });
      expect(await store.embeddingModel()).toBeNull();
      expect(await store.searchVector({ vector: unit(1, 0, 0), limit: 5 })).toEqual([]);
    });

    it("returns the nearest chunks by cosine similarity, best first, within the limit", async () => {
      const writes = [
        documentWrite("a.md", ["north", "east"]),
        documentWrite("b.md", ["north by east", "up"]),
      ];
      await store.applyChanges({
        upserts: writes,
        deletions: [],
        embeddings: { model: MODEL_A, vectors: vectorsFor(writes, axis) },
      });

      const hits = await store.searchVector({ vector: unit(1, 0.05, 0), limit: 3 });
      const texts = (await store.getChunks(hits.map((hit) => hit.chunkId))).map((chunk) => chunk.text);
      expect(texts).toEqual(["north", "north by east", "east"]);
      expect(hits[0]?.score).toBeCloseTo(0.9988, 3);
      expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
      expect(await store.embeddingModel()).toMatchObject({ ...MODEL_A, vectors: 4, calibration: null });
    });

    it("drops a document's vectors with the document, and replaces them when it is rewritten", async () => {
      const first = [documentWrite("a.md", ["north"]), documentWrite("b.md", ["east"])];
      await store.applyChanges({
        upserts: first,
        deletions: [],
        embeddings: { model: MODEL_A, vectors: vectorsFor(first, axis) },
      });
      await store.applyChanges({ upserts: [], deletions: ["a.md"] });
      const afterDelete = await store.searchVector({ vector: unit(1, 0, 0), limit: 5 });
      expect(afterDelete.map((hit) => hit.chunkId)).toEqual([first[1]?.chunks[0]?.id]);

      const rewritten = [documentWrite("b.md", ["up"])];
      await store.applyChanges({
        upserts: rewritten,
        deletions: [],
        embeddings: { model: MODEL_A, vectors: vectorsFor(rewritten, axis) },
      });
      const hits = await store.searchVector({ vector: unit(0, 0, 1), limit: 5 });
      expect(hits.map((hit) => hit.chunkId)).toEqual([rewritten[0]?.chunks[0]?.id]);
      expect(hits[0]?.score).toBeCloseTo(1, 5);
    });

    it("refuses a change set that would leave chunks of an embedded index without vectors, applying none of it", async () => {
      const first = [documentWrite("a.md", ["north"])];
      await store.applyChanges({
        upserts: first,
        deletions: [],
        embeddings: { model: MODEL_A, vectors: vectorsFor(first, axis) },
      });
      const before = await store.stats();
      await expect(
        store.applyChanges({ upserts: [documentWrite("b.md", ["east"])], deletions: [] }),
      ).rejects.toThrow(/test:model-a/);
      expect(await store.stats()).toEqual(before);
    });

    it("refuses to mix two models: a new model must cover every chunk, and then replaces the old vectors", async () => {
      const writes = [documentWrite("a.md", ["north"]), documentWrite("b.md", ["east"])];
      await store.applyChanges({
        upserts: writes,
        deletions: [],
        embeddings: { model: MODEL_A, vectors: vectorsFor(writes, axis) },
      });
      await store.saveCalibration({ denseWeight: 0.2, source: "test", score: 0.5, lexicalScore: 0.4 });

      const partial = vectorsFor(writes, () => unit(1, 0)).slice(0, 1);
      await expect(
        store.applyChanges({ upserts: [], deletions: [], embeddings: { model: MODEL_B, vectors: partial } }),
      ).rejects.toThrow(/without one/);
      expect(await store.embeddingModel()).toMatchObject({
        key: MODEL_A.key,
        calibration: { denseWeight: 0.2 },
      });

      expect((await store.chunksWithoutVectors(MODEL_B.key)).map((chunk) => chunk.text)).toEqual([
        "north",
        "east",
      ]);
      const full = vectorsFor(writes, (text) => (text === "north" ? unit(1, 0) : unit(0, 1)));
      await store.applyChanges({ upserts: [], deletions: [], embeddings: { model: MODEL_B, vectors: full } });
      expect(await store.embeddingModel()).toMatchObject({ ...MODEL_B, vectors: 2, calibration: null });
      const hits = await store.searchVector({ vector: unit(0, 1), limit: 1 });
      expect((await store.getChunks(hits.map((hit) => hit.chunkId)))[0]?.text).toBe("east");
      await expect(store.searchVector({ vector: unit(1, 0, 0), limit: 1 })).rejects.toThrow(/dimension/);
    });

    it("caches vectors by (model, key) and lists the chunks that still need one", async () => {
      const writes = [documentWrite("a.md", ["north", "east"])];
      await store.applyChanges({
        upserts: writes,
        deletions: [],
        embeddings: { model: MODEL_A, vectors: vectorsFor(writes, axis) },
      });
      const cached = await store.cachedEmbeddings(MODEL_A.key, ["key:north", "key:nowhere"]);
      expect([...cached.keys()]).toEqual(["key:north"]);
      expect([...(cached.get("key:north") ?? [])]).toEqual([...axis("north")]);
      expect((await store.cachedEmbeddings(MODEL_B.key, ["key:north"])).size).toBe(0);
      expect(await store.chunksWithoutVectors(MODEL_A.key)).toEqual([]);
      expect(await store.chunksWithoutVectors(MODEL_B.key)).toHaveLength(2);
    });

    it("keeps a saved calibration with the model", async () => {
      await expect(
        store.saveCalibration({ denseWeight: 0.1, source: "test", score: 0, lexicalScore: 0 }),
      ).rejects.toThrow(/no vectors/);
      const writes = [documentWrite("a.md", ["north"])];
      await store.applyChanges({
        upserts: writes,
        deletions: [],
        embeddings: { model: MODEL_A, vectors: vectorsFor(writes, axis) },
      });
      const calibration = { denseWeight: 0.15, source: "beir-scifact train", score: 0.71, lexicalScore: 0.7 };
      await store.saveCalibration(calibration);
      expect((await store.embeddingModel())?.calibration).toEqual(calibration);
    });

    it("ranks a few hundred vectors exactly as an exhaustive cosine search does", async () => {
      const next = seededRandom(17);
      const vectorOf = new Map<string, Float32Array>();
      const writes = Array.from({ length: 30 }, (_, document) =>
        documentWrite(
          `random-${document}.md`,
          Array.from({ length: 10 }, (_, piece) => `random ${document} ${piece}`),
        ),
      );
      for (const write of writes)
        for (const chunk of write.chunks) vectorOf.set(chunk.id, randomUnit(RANDOM_MODEL.dimensions, next));
      await store.applyChanges({
        upserts: writes,
        deletions: [],
        embeddings: {
          model: RANDOM_MODEL,
          vectors: [...vectorOf].map(([chunkId, vector]) => ({ chunkId, key: `key:${chunkId}`, vector })),
        },
      });
      for (let query = 0; query < 10; query++) {
        const vector = randomUnit(RANDOM_MODEL.dimensions, next);
        const expected = [...vectorOf]
          .map(([chunkId, stored]) => ({ chunkId, score: dot(stored, vector) }))
          .sort((left, right) => right.score - left.score)
          .slice(0, 20);
        const hits = await store.searchVector({ vector, limit: 20 });
        expect(hits.map((hit) => hit.chunkId)).toEqual(expected.map((hit) => hit.chunkId));
        for (const [index, hit] of hits.entries())
          expect(hit.score).toBeCloseTo(expected[index]?.score ?? 0, 5);
      }
    });

    it("answers from the latest writes after earlier searches: new, rewritten and deleted chunks", async () => {
      const first = [documentWrite("a.md", ["north"]), documentWrite("b.md", ["east"])];
      await store.applyChanges({
        upserts: first,
        deletions: [],
        embeddings: { model: MODEL_A, vectors: vectorsFor(first, axis) },
      });
      const before = await store.searchVector({ vector: unit(0, 0, 1), limit: 5 });
      expect(before).toHaveLength(2);

      const added = [documentWrite("c.md", ["up"]), documentWrite("b.md", ["north by east"])];
      await store.applyChanges({
        upserts: added,
        deletions: ["a.md"],
        embeddings: { model: MODEL_A, vectors: vectorsFor(added, axis) },
      });
      const hits = await store.searchVector({ vector: unit(0, 0, 1), limit: 5 });
      const texts = (await store.getChunks(hits.map((hit) => hit.chunkId))).map((chunk) => chunk.text);
      expect(texts).toEqual(["up", "north by east"]);
      expect(hits[0]?.score).toBeCloseTo(1, 5);
      expect(hits.map((hit) => hit.chunkId)).not.toContain(first[0]?.chunks[0]?.id);
    });
  });
}

const RANDOM_MODEL: EmbeddingModelInfo = { key: "test:random", dimensions: 24 };

/** A deterministic generator of numbers in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomUnit(dimensions: number, next: () => number): Float32Array {
  return unit(...Array.from({ length: dimensions }, () => next() - 0.5));
}

function dot(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < left.length; i++) sum += (left[i] as number) * (right[i] as number);
  return sum;
}
