import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Embedder } from "../../src/core/embedder.ts";

/** What an embedder under contract should report about itself. */
export interface EmbedderExpectations {
  readonly provider: string;
  readonly modelId: string;
  readonly dimensions: number;
  /**
   * Least cosine between a question and its paraphrase, and least margin over an unrelated
   * sentence. A static word-vector model and a sentence encoder differ; both must separate.
   */
  readonly paraphraseSimilarity: number;
  readonly paraphraseMargin: number;
}

const dot = (left: Float32Array, right: Float32Array) =>
  left.reduce((sum, value, i) => sum + value * (right[i] ?? 0), 0);

/**
 * The behaviour every local `Embedder` adapter owes its callers (the OpenAI-compatible adapter
 * has its own wire-level tests): identity, one unit vector of the model's width per text in
 * order, batch-independent vectors, paraphrases nearer than unrelated text, and abort.
 *
 * @param create - builds a fresh embedder (called once per suite; closed afterwards).
 */
export function describeEmbedderContract(
  name: string,
  create: () => Promise<Embedder>,
  expected: EmbedderExpectations,
): void {
  describe(`embedder contract: ${name}`, () => {
    let embedder: Embedder;
    beforeAll(async () => {
      embedder = await create();
    }, 60_000);
    afterAll(async () => {
      await embedder?.close?.();
    });

    it("reports its identity", () => {
      expect(embedder).toMatchObject({
        provider: expected.provider,
        modelId: expected.modelId,
        dimensions: expected.dimensions,
      });
      expect(embedder.maxBatchSize).toBeGreaterThan(0);
    });

    it("returns one unit vector of its width per text, in order, and nothing for no texts", async () => {
      const texts = ["reset my password", "the cafeteria opens at noon", "proxy timeout"];
      const vectors = await embedder.embed(texts);
      expect(vectors).toHaveLength(3);
      for (const vector of vectors) {
        expect(vector).toBeInstanceOf(Float32Array);
        expect(vector.length).toBe(expected.dimensions);
        expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 4);
      }
      const [second] = await embedder.embed([texts[1] as string]);
      expect(dot(second as Float32Array, vectors[1] as Float32Array)).toBeCloseTo(1, 4);
      expect(dot(vectors[0] as Float32Array, vectors[1] as Float32Array)).toBeLessThan(0.99);
      expect(await embedder.embed([])).toEqual([]);
    });

    it("gives the same vector for a text whatever the batch it is in (also beyond one batch)", async () => {
      const [alone] = await embedder.embed(["configure the proxy timeout"]);
      const filler = Array.from({ length: embedder.maxBatchSize + 1 }, (_, i) => `filler sentence ${i}`);
      const batched = await embedder.embed([...filler, "configure the proxy timeout"]);
      expect(batched).toHaveLength(filler.length + 1);
      expect(dot(alone as Float32Array, batched.at(-1) as Float32Array)).toBeCloseTo(1, 4);
    });

    it("places a paraphrase nearer than an unrelated sentence", async () => {
      const [question, paraphrase, unrelated] = await embedder.embed([
        "How do I reset my password?",
        "Steps to change your account password",
        "The cafeteria opens at noon",
      ]);
      const near = dot(question as Float32Array, paraphrase as Float32Array);
      const far = dot(question as Float32Array, unrelated as Float32Array);
      expect(near).toBeGreaterThan(expected.paraphraseSimilarity);
      expect(near - far).toBeGreaterThan(expected.paraphraseMargin);
    });

    it("embeds an empty or whitespace-only text without failing", async () => {
      const vectors = await embedder.embed(["", "   "]);
      expect(vectors).toHaveLength(2);
      for (const vector of vectors) expect(vector.length).toBe(expected.dimensions);
    });

    it("rejects when the signal is aborted", async () => {
      await expect(embedder.embed(["x"], { signal: AbortSignal.abort() })).rejects.toThrow();
    });
  });
}
