/**
 * SciFact (BEIR) in every retrieval mode with one embedding model, sharing one index so the
 * corpus is embedded once:
 *
 *   node bench/scifact-modes.ts [model folder, hub id or use-lite]
 *     (default $DOCENT_MODELS/derived__glove-6B-100d-sif; dataset $DOCENT_DATASETS/beir-scifact)
 *
 * Prints nDCG@10, recall@100 and query latency of bm25, vector, hybrid with the dense weight
 * calibrated on the train split, hybrid at a few fixed weights, and hybrid RRF, on the test
 * split; plus corpus embedding throughput. The same figures come from `docent eval retrieval
 * --mode ... [--calibrate]`, one run per mode.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config/load-config.ts";
import { createEmbedder } from "../src/embed/create-embedder.ts";
import { type BeirModeResult, runBeirMode } from "../src/eval/run-beir-modes.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const datasets = process.env.DOCENT_DATASETS ?? resolve(root, "..", "shared", "datasets");
const models = process.env.DOCENT_MODELS ?? resolve(root, "..", "shared", "models");
const modelSetting = process.argv[2] ?? join(models, "derived__glove-6B-100d-sif");
const fixedWeights = (process.argv[3] ?? "0.1,0.2,0.3").split(",").map(Number);
const datasetDir = join(datasets, "beir-scifact");
const load = () => readFileSync("/proc/loadavg", "utf8").trim();

const folder = mkdtempSync(join(tmpdir(), "docent-scifact-modes-"));
const { config } = loadConfig({ cwd: folder, overrides: [["embedding.model", modelSetting]] });
const configured = await createEmbedder(config, { cwd: root, environment: process.env, worker: true });
if (!configured) throw new Error("no embedding model");
const indexPath = join(folder, "index.db");
const base = {
  datasetDir,
  split: "test",
  indexPath,
  retrieval: config.retrieval,
  chunk: config.chunk,
  embedder: configured,
};
const row = (label: string, result: BeirModeResult) =>
  `| ${label} | ${result.ndcg10.toFixed(4)} | ${result.recall100.toFixed(4)} | ${result.latencyMs.p50.toFixed(1)} | ${result.latencyMs.p95.toFixed(1)} |`;
try {
  console.log(`model ${configured.model.key} (${configured.model.dimensions} dimensions); load ${load()}`);
  console.log("(2-core machine shared with other work: latencies are indicative)\n");
  const started = performance.now();
  const vector = await runBeirMode({ ...base, mode: "vector", fusion: config.retrieval.fusion });
  const firstRunSeconds = (performance.now() - started) / 1000;
  console.log(
    `corpus: ${vector.documents} documents, ${vector.chunks} chunks; index + embed ${vector.indexSeconds.toFixed(1)} s ` +
      `(${(vector.chunks / vector.indexSeconds).toFixed(0)} chunks/s including chunking and writing); first run ${firstRunSeconds.toFixed(1)} s; load ${load()}\n`,
  );
  console.log("| mode | nDCG@10 | recall@100 | p50 ms | p95 ms |\n| --- | --- | --- | --- | --- |");
  const bm25 = await runBeirMode({ ...base, mode: "bm25", embedder: null, fusion: config.retrieval.fusion });
  console.log(row("bm25", bm25));
  console.log(row("vector", vector));
  const calibrated = await runBeirMode({
    ...base,
    mode: "hybrid",
    fusion: { ...config.retrieval.fusion, method: "weighted" },
    calibrate: true,
  });
  console.log(row(`hybrid weighted, calibrated on train (w=${calibrated.denseWeight})`, calibrated));
  for (const weight of fixedWeights) {
    const fixed = await runBeirMode({
      ...base,
      mode: "hybrid",
      fusion: { ...config.retrieval.fusion, method: "weighted", denseWeight: weight },
    });
    console.log(row(`hybrid weighted w=${weight}`, fixed));
  }
  const rrf = await runBeirMode({
    ...base,
    mode: "hybrid",
    fusion: { ...config.retrieval.fusion, method: "rrf" },
  });
  console.log(row(`hybrid rrf k=${config.retrieval.fusion.rrfK}`, rrf));
  const grid = calibrated.calibration?.grid.map((entry) => `${entry.denseWeight}: ${entry.score.toFixed(4)}`);
  console.log(`\ncalibration on train (nDCG@10 per weight): ${grid?.join(", ")}`);
  console.log(`calibration took ${calibrated.calibration?.seconds.toFixed(1)} s; load ${load()}`);
} finally {
  await configured.embedder.close?.();
  rmSync(folder, { recursive: true, force: true });
}
