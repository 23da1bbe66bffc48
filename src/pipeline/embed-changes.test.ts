import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { documentWrite } from "../../test/store/store-contract.ts";
import type { Embedder } from "../core/embedder.ts";
import type { ConfiguredEmbedder } from "../embed/create-embedder.ts";
import { createSqliteStore } from "../store/sqlite/create-sqlite-store.ts";
import type { IndexChanges, Store } from "../store/store.ts";
import { embedChanges } from "./embed-changes.ts";

/** A deterministic 4-d embedder that records every text it is asked to embed. */
function countingEmbedder(modelId: string): ConfiguredEmbedder & { texts: string[] } {
  const texts: string[] = [];
  const embedder: Embedder = {
    provider: "test",
    modelId,
    dimensions: 4,
    maxBatchSize: 3,
    async embed(input) {
      texts.push(...input);
      return input.map((text) => {
        const vector = Float32Array.from([text.length, text.charCodeAt(0) || 1, modelId.length, 1]);
        const norm = Math.hypot(...vector);
        return vector.map((value) => value / norm);
      });
    },
  };
  return { embedder, model: { key: `test:${modelId}`, dimensions: 4 }, texts };
}

let folder: string;
let store: Store;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "docent-embed-changes-"));
  store = createSqliteStore({ path: join(folder, "index.db"), mode: "write" });
});
afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

async function apply(configured: ConfiguredEmbedder, changes: Omit<IndexChanges, "embeddings">) {
  const { write, summary } = await embedChanges(store, configured, changes);
  await store.applyChanges({ ...changes, embeddings: write });
  return summary;
}

describe("embedChanges", () => {
  it("embeds new chunks in batches, and never re-embeds an unchanged chunk when its page is rewritten", async () => {
    const model = countingEmbedder("a");
    const first = await apply(model, {
      upserts: [documentWrite("a.md", ["one", "two", "three", "four"]), documentWrite("b.md", ["five"])],
      deletions: [],
    });
    expect(first).toMatchObject({ embedded: 5, cached: 0, model: "test:a" });
    expect(model.texts).toHaveLength(5);
    expect(model.texts[0]).toBe("Title of a.md\n\none");

    model.texts.length = 0;
    // a.md changes one chunk of four: only that chunk is embedded again.
    const second = await apply(model, {
      upserts: [documentWrite("a.md", ["one", "two", "THREE changed", "four"])],
      deletions: [],
    });
    expect(second).toMatchObject({ embedded: 1, cached: 3 });
    expect(model.texts).toEqual(["Title of a.md\n\nTHREE changed"]);
    expect((await store.embeddingModel())?.vectors).toBe(5);
  });

  it("writes nothing when nothing changed, and re-embeds everything for a new model", async () => {
    const modelA = countingEmbedder("a");
    await apply(modelA, { upserts: [documentWrite("a.md", ["one", "two"])], deletions: [] });
    const unchanged = await embedChanges(store, modelA, { upserts: [], deletions: [] });
    expect(unchanged.write).toBeUndefined();

    const modelB = countingEmbedder("bb");
    const switched = await apply(modelB, { upserts: [], deletions: [] });
    expect(switched).toMatchObject({ embedded: 2, model: "test:bb" });
    expect(await store.embeddingModel()).toMatchObject({ key: "test:bb", vectors: 2 });

    // Switching back finds model a's vectors still cached.
    modelA.texts.length = 0;
    const back = await apply(modelA, { upserts: [], deletions: [] });
    expect(back).toMatchObject({ embedded: 0, cached: 2 });
    expect(modelA.texts).toEqual([]);
  });

  it("does not embed chunks of documents being deleted, and embeds chunks a previous run left without vectors", async () => {
    const model = countingEmbedder("a");
    await apply(model, {
      upserts: [documentWrite("a.md", ["one"]), documentWrite("b.md", ["two"])],
      deletions: [],
    });
    model.texts.length = 0;
    const summary = await apply(countingEmbedder("other"), { upserts: [], deletions: ["b.md"] });
    expect(summary.embedded).toBe(1);
    expect((await store.embeddingModel())?.vectors).toBe(1);
  });
});
