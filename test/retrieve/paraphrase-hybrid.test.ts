import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.ts";
import type { Config } from "../../src/config/schema.ts";
import { type ConfiguredEmbedder, createEmbedder } from "../../src/embed/create-embedder.ts";
import { ingestFolders } from "../../src/pipeline/ingest-folders.ts";
import { planRetrieval } from "../../src/pipeline/plan-retrieval.ts";
import { retrieve } from "../../src/retrieve/retrieve.ts";
import { createSqliteStore } from "../../src/store/sqlite/create-sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { REPOSITORY_ROOT } from "../helpers/datasets.ts";
import { GLOVE, model } from "../helpers/models.ts";

const glove = model(GLOVE);
/** Worded unlike its section ("When Docent says \"I don't know\""): no "know", "Docent" or "says". */
const QUESTION = "Why does the assistant refuse to reply to me?";
const EXPECTED = "guides/asking-questions.md#when-docent-says-i-dont-know";

describe.runIf(glove.available)("hybrid retrieval on the bundled docs (GloVe-SIF via DOCENT_MODELS)", () => {
  const folder = mkdtempSync(join(tmpdir(), "docent-paraphrase-"));
  let store: Store;
  let config: Config;
  let configured: ConfiguredEmbedder | null;

  beforeAll(async () => {
    ({ config } = loadConfig({
      cwd: folder,
      overrides: [
        ["embedding.model", glove.path],
        ["index.path", join(folder, "index.db")],
      ],
    }));
    configured = await createEmbedder(config, { cwd: folder, environment: {} });
    store = createSqliteStore({ path: config.index.path, mode: "write" });
    const summary = await ingestFolders({
      store,
      paths: [join(REPOSITORY_ROOT, "docs")],
      config,
      cwd: folder,
      embedder: configured,
    });
    expect(summary.embedding?.embedded).toBe(summary.chunks);
  });

  afterAll(async () => {
    await store?.close();
    await configured?.embedder.close?.();
    rmSync(folder, { recursive: true, force: true });
  });

  it("is the default once the index has embeddings, and reports each source's ranks", async () => {
    const plan = await planRetrieval(store, config, configured);
    expect(plan.mode).toBe("hybrid");
    // No calibration stored and none configured: GloVe-SIF's measured default weight.
    expect(plan.denseWeightSource).toBe("model-default");
    expect(plan.fusion.denseWeight).toBe(0.1);
    const results = await retrieve(store, QUESTION, {
      ...config.retrieval,
      mode: plan.mode,
      embedder: plan.embedder,
      fusion: plan.fusion,
    });
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.lexicalRank !== null || result.vectorRank !== null).toBe(true);
    }
  });

  it("ranks the section of a paraphrase higher than BM25 does, from outside BM25's top 5 into hybrid's top 10", async () => {
    const plan = await planRetrieval(store, config, configured);
    const settings = { ...config.retrieval, topK: 10 };
    const lexical = await retrieve(store, QUESTION, { ...settings, mode: "bm25" });
    const hybrid = await retrieve(store, QUESTION, {
      ...settings,
      mode: plan.mode,
      embedder: plan.embedder,
      fusion: plan.fusion,
    });
    const rank = (results: typeof lexical) =>
      results.findIndex((result) => result.chunk.url === EXPECTED) + 1 || Infinity;
    expect(rank(lexical)).toBeGreaterThan(5);
    expect(rank(hybrid)).toBeLessThanOrEqual(10);
    expect(rank(hybrid)).toBeLessThan(rank(lexical));
    const found = hybrid.find((result) => result.chunk.url === EXPECTED);
    expect(found?.vectorRank).not.toBeNull();
  });
});
