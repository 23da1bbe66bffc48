/**
 * Quality of the `binary-rescore` vector search against sqlite-vec's exact search, on SciFact
 * with real embeddings (GloVe-SIF 100-d from DOCENT_MODELS, USE-lite 512-d bundled):
 *
 *   node bench/vector-recall.ts [models, default glove,use-lite] [index folder, default <tmp>/docent-vector-bench]
 *
 * For each model: the SciFact corpus is indexed once into `<index folder>/scifact-<model>.db` (kept
 * and reused; embedding 5k abstracts with USE-lite takes ~7 min on 2 cores), then
 * - recall@10 and recall@50 of `binary-rescore` against `exact` over the 300 test queries, for
 *   several `minimumCandidates` (R = max(minimumCandidates, 40 x limit) candidates of the Hamming
 *   pre-scan), with the in-memory index's build time and size;
 * - hybrid nDCG@10 / recall@100 of `retrieve` on the test split with each search method (the same
 *   index, the model's default dense weight).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config/load-config.ts";
import { createEmbedder } from "../src/embed/create-embedder.ts";
import { loadBeirDataset } from "../src/eval/load-beir-dataset.ts";
import { runBeirRetrieval } from "../src/eval/run-beir-retrieval.ts";
import { createSqliteStore } from "../src/store/sqlite/create-sqlite-store.ts";
import {
  DEFAULT_VECTOR_SEARCH,
  type VectorSearchSettings,
} from "../src/store/sqlite/vector-scan/vector-search-settings.ts";
import type { Store } from "../src/store/store.ts";

const models = (process.argv[2] ?? "glove,use-lite").split(",");
const indexFolder = process.argv[3] ?? join(tmpdir(), "docent-vector-bench");
const datasets = process.env.DOCENT_DATASETS;
const modelsFolder = process.env.DOCENT_MODELS;
if (!datasets) throw new Error("Set DOCENT_DATASETS to the folder holding beir-scifact");
const datasetDir = join(datasets, "beir-scifact");
const modelSetting: Record<string, () => string> = {
  glove: () => {
    if (!modelsFolder) throw new Error("Set DOCENT_MODELS to the folder holding derived__glove-6B-100d-sif");
    return join(modelsFolder, "derived__glove-6B-100d-sif");
  },
  "use-lite": () => "use-lite",
};
const load = () => readFileSync("/proc/loadavg", "utf8").trim();
const EXACT: VectorSearchSettings = { ...DEFAULT_VECTOR_SEARCH, method: "exact" };
/** Values of `minimumCandidates` tried (the default, 2,000, among them). */
const MINIMUM_CANDIDATES = [500, 1000, 2000, 4000];

function overlap(exact: readonly string[], approximate: readonly string[]): number {
  if (exact.length === 0) return 1;
  const found = new Set(approximate);
  return exact.filter((id) => found.has(id)).length / exact.length;
}

/** Bytes of the in-memory index, as `createBinaryVectorScan` allocates them. */
function scanBytes(rows: number, dimensions: number, settings: VectorSearchSettings): number {
  const float32 = rows * dimensions * 4 <= settings.float32MemoryMb * 2 ** 20;
  return rows * (dimensions * (float32 ? 4 : 2) + Math.ceil(dimensions / 32) * 4 + 8 + 2);
}

mkdirSync(indexFolder, { recursive: true });
console.log(`load ${load()} (2-core machine shared with other work)`);
for (const name of models) {
  const setting = modelSetting[name];
  if (!setting) throw new Error(`Unknown model ${name}: use glove or use-lite`);
  const { config } = loadConfig({
    cwd: process.cwd(),
    environment: process.env,
    overrides: [["embedding.model", setting()]],
  });
  const configured = await createEmbedder(config, {
    cwd: process.cwd(),
    environment: process.env,
    worker: true,
  });
  if (!configured) throw new Error("no embedder");
  const indexPath = join(indexFolder, `scifact-${name}.db`);
  try {
    // Hybrid retrieval quality with each search method (the first run also builds the index).
    const quality: Record<string, { ndcg10: number; recall100: number; p50: number; p95: number }> = {};
    for (const method of ["exact", "binary-rescore"] as const) {
      let exactStore: Store | null = null;
      const result = await runBeirRetrieval({
        datasetDir,
        split: "test",
        indexPath,
        retrieval: config.retrieval,
        chunk: config.chunk,
        embedder: configured,
        hybrid: { mode: "hybrid", embedder: configured.embedder, fusion: config.retrieval.fusion },
        // The run's own store uses the default (binary-rescore); `exact` answers vector
        // searches from a second connection opened with `method: exact`.
        wrapStore:
          method === "exact"
            ? (store) => {
                exactStore = createSqliteStore({ path: indexPath, mode: "read", vectorSearch: EXACT });
                const exact = exactStore;
                return { ...store, searchVector: (query, options) => exact.searchVector(query, options) };
              }
            : undefined,
      });
      await (exactStore as Store | null)?.close();
      quality[method] = {
        ndcg10: result.ndcg10,
        recall100: result.recall100,
        p50: result.latencyMs.p50,
        p95: result.latencyMs.p95,
      };
    }

    // Recall of the approximate search against the exact one, per rescore factor.
    const dataset = await loadBeirDataset(datasetDir, "test");
    const queryVectors = await configured.embedder.embed(
      dataset.queries.map((query) => query.text),
      { inputType: "query" },
    );
    const exact = createSqliteStore({ path: indexPath, mode: "read", vectorSearch: EXACT });
    const stats = await exact.stats();
    const exactTop: Array<{ 10: string[]; 50: string[] }> = [];
    for (const vector of queryVectors) {
      const hits = (await exact.searchVector({ vector, limit: 50 })).map((hit) => hit.chunkId);
      exactTop.push({ 10: hits.slice(0, 10), 50: hits });
    }
    await exact.close();
    console.log(
      `\n${name} (${configured.model.key}, ${configured.model.dimensions}-d), SciFact ${stats.chunks} chunks, ${queryVectors.length} test queries`,
    );
    console.log(
      "| minimumCandidates | R at limit 10 / 50 | recall@10 vs exact (limit 10) | recall@50 vs exact (limit 50) | first query ms (build) | index MiB |",
    );
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const minimumCandidates of MINIMUM_CANDIDATES) {
      const settings = { ...DEFAULT_VECTOR_SEARCH, minimumCandidates };
      const candidates = (limit: number) =>
        Math.min(stats.chunks, Math.max(minimumCandidates, settings.rescoreFactor * limit));
      const store = createSqliteStore({ path: indexPath, mode: "read", vectorSearch: settings });
      let recall10 = 0;
      let recall50 = 0;
      for (const [index, vector] of queryVectors.entries()) {
        const top10 = (await store.searchVector({ vector, limit: 10 })).map((hit) => hit.chunkId);
        const top50 = (await store.searchVector({ vector, limit: 50 })).map((hit) => hit.chunkId);
        recall10 += overlap(exactTop[index]?.[10] ?? [], top10);
        recall50 += overlap(exactTop[index]?.[50] ?? [], top50);
      }
      // The first query of a fresh store builds the in-memory index: its time is the build's.
      const probe = createSqliteStore({ path: indexPath, mode: "read", vectorSearch: settings });
      const probeStarted = performance.now();
      await probe.searchVector({ vector: queryVectors[0] as Float32Array, limit: 10 });
      const buildMs = performance.now() - probeStarted;
      await probe.close();
      await store.close();
      const bytes = scanBytes(stats.chunks, configured.model.dimensions, settings);
      console.log(
        `| ${minimumCandidates}${minimumCandidates === DEFAULT_VECTOR_SEARCH.minimumCandidates ? " (default)" : ""} | ${candidates(10)} / ${candidates(50)} | ${(recall10 / queryVectors.length).toFixed(4)} | ${(recall50 / queryVectors.length).toFixed(4)} | ${buildMs.toFixed(0)} | ${(bytes / 2 ** 20).toFixed(1)} |`,
      );
    }
    console.log(
      "\n| vector search | hybrid nDCG@10 | hybrid recall@100 | retrieve p50 ms | retrieve p95 ms |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    for (const [method, result] of Object.entries(quality)) {
      console.log(
        `| ${method} | ${result.ndcg10.toFixed(4)} | ${result.recall100.toFixed(4)} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} |`,
      );
    }
  } finally {
    await configured.embedder.close?.();
  }
}
console.log(`\nload ${load()}`);
