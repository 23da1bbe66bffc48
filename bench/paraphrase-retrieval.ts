/**
 * Page-level retrieval on the paraphrase questions over the FastAPI docs, per mode.
 *
 *   node bench/paraphrase-retrieval.ts [model folder, hub id or use-lite]
 *     (default $DOCENT_MODELS/derived__glove-6B-100d-sif; datasets from $DOCENT_DATASETS)
 *
 * Ingests fastapi-docs/docs into a temporary index with the model, then for each mode reports
 * found@5, found@10 (any expected page among the first k distinct pages) and MRR@10.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config/load-config.ts";
import { createEmbedder } from "../src/embed/create-embedder.ts";
import { ingestFolders } from "../src/pipeline/ingest-folders.ts";
import { retrieve } from "../src/retrieve/retrieve.ts";
import { createSqliteStore } from "../src/store/sqlite/create-sqlite-store.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const datasets = process.env.DOCENT_DATASETS ?? resolve(root, "..", "shared", "datasets");
const models = process.env.DOCENT_MODELS ?? resolve(root, "..", "shared", "models");
const modelSetting = process.argv[2] ?? join(models, "derived__glove-6B-100d-sif");
const docs = join(datasets, "fastapi-docs", "docs");
const questions = readFileSync(join(root, "eval", "paraphrase", "fastapi-paraphrase.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as { id: string; question: string; sources: string[] });

const folder = mkdtempSync(join(tmpdir(), "docent-paraphrase-"));
const { config } = loadConfig({
  cwd: folder,
  overrides: [
    ["embedding.model", modelSetting],
    ["index.path", join(folder, "index.db")],
  ],
});
const configured = await createEmbedder(config, { cwd: root, environment: process.env, worker: true });
if (!configured) throw new Error("no embedding model");
const store = createSqliteStore({ path: config.index.path, mode: "write" });
try {
  const summary = await ingestFolders({ store, paths: [docs], config, cwd: root, embedder: configured });
  console.log(
    `model ${configured.model.key}; ${summary.chunks} chunks; embedding ${JSON.stringify(summary.embedding)}`,
  );
  console.log("(timings on a 2-core machine shared with other work)\n");
  const modes: Array<{
    label: string;
    mode: "bm25" | "vector" | "hybrid";
    method?: "weighted" | "rrf";
    weight?: number;
  }> = [
    { label: "bm25", mode: "bm25" },
    { label: "vector", mode: "vector" },
    ...[0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7].map((weight) => ({
      label: `hybrid weighted w=${weight}`,
      mode: "hybrid" as const,
      weight,
    })),
    { label: "hybrid rrf k=60", mode: "hybrid", method: "rrf" },
  ];
  const pageBySourceId = new Map(
    (await store.listDocuments()).map((document) => [document.id, relative(docs, document.source)]),
  );
  console.log(`load ${readFileSync("/proc/loadavg", "utf8").trim()}`);
  console.log("| mode | found@5 | found@10 | MRR@10 |\n| --- | --- | --- | --- |");
  for (const setting of modes) {
    let found5 = 0;
    let found10 = 0;
    let mrr = 0;
    for (const question of questions) {
      const results = await retrieve(store, question.question, {
        ...config.retrieval,
        topK: 50,
        candidates: 100,
        mode: setting.mode,
        embedder: configured.embedder,
        fusion: {
          ...config.retrieval.fusion,
          method: setting.method ?? "weighted",
          denseWeight: setting.weight ?? 0.3,
        },
      });
      const pages: string[] = [];
      for (const { chunk } of results) {
        const page = pageBySourceId.get(chunk.documentId) ?? "";
        if (!pages.includes(page)) pages.push(page);
      }
      const rank = pages.findIndex((page) => question.sources.includes(page)) + 1;
      if (rank > 0 && rank <= 5) found5 += 1;
      if (rank > 0 && rank <= 10) {
        found10 += 1;
        mrr += 1 / rank;
      }
    }
    const n = questions.length;
    console.log(
      `| ${setting.label} | ${(found5 / n).toFixed(3)} | ${(found10 / n).toFixed(3)} | ${(mrr / n).toFixed(3)} |`,
    );
  }
  console.log(`load ${readFileSync("/proc/loadavg", "utf8").trim()}`);
} finally {
  await store.close();
  await configured.embedder.close?.();
  rmSync(folder, { recursive: true, force: true });
}
