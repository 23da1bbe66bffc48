/**
 * Runs one engine on one corpus size, in this process alone, and prints one JSON line:
 *
 *   node bench/retrieval-scale/run-engine.ts <engine> <chunks> <work folder>
 *
 * Called by `run.ts`; each engine gets a fresh process so peak RSS is its own.
 */
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { percentile } from "../../src/core/percentile.ts";
import { ndcgAtK } from "../../src/eval/ndcg-at-k.ts";
import { recallAtK } from "../../src/eval/recall-at-k.ts";
import { type BenchChunk, type BenchQuery, buildCorpus } from "./build-corpus.ts";
import { ENGINES, phases } from "./engines.ts";

/** Per-phase time budget for slow engines: they answer a documented smaller sample. */
const PHASE_BUDGET_MS = Number(process.env.BENCH_PHASE_BUDGET_MS ?? 60_000);

const [engineName = "docent", sizeText = "10000", workFolderArgument = "bench/out/retrieval-scale"] =
  process.argv.slice(2);
const engine = ENGINES[engineName];
if (!engine) throw new Error(`unknown engine ${engineName}: one of ${Object.keys(ENGINES).join(", ")}`);
const size = Number(sizeText);
const datasetsRoot = resolve(process.env.DOCENT_DATASETS ?? "../shared/datasets");
const folder = resolve(workFolderArgument, `${engineName}-${size}`);
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });

const corpus = buildCorpus(datasetsRoot, size);
const documentOf = new Map<string, string>(
  corpus.chunks.map((chunk: BenchChunk) => [chunk.id, chunk.documentId]),
);

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
await engine.prepare?.(corpus.chunks, folder);
// What the process holds before indexing (Node, the corpus and its queries): peak RSS minus this
// is what the engine itself added.
const baselineRssMb = process.memoryUsage().rss / 1024 / 1024;
const indexStarted = performance.now();
const indexCpuStarted = process.cpuUsage();
const built = await engine.build(corpus.chunks, folder);
const indexSeconds = (performance.now() - indexStarted) / 1000;
// CPU time of this process: robust when other work shares the machine (wall time is not).
const indexCpuSeconds = cpuSeconds(indexCpuStarted);
const sizeBytes = await built.persist();
const reopenStarted = performance.now();
const searcher = await built.reopen();
const reopenMs = performance.now() - reopenStarted;

async function timed(queries: readonly BenchQuery[], limit: number) {
  const latencies: number[] = [];
  const cpuLatencies: number[] = [];
  const results: string[][] = [];
  const started = performance.now();
  for (const query of queries) {
    const queryStarted = performance.now();
    const queryCpuStarted = process.cpuUsage();
    results.push(await searcher.search(query.text, limit));
    latencies.push(performance.now() - queryStarted);
    cpuLatencies.push(cpuSeconds(queryCpuStarted) * 1000);
    if (performance.now() - started > PHASE_BUDGET_MS) break;
  }
  return { latencies, cpuLatencies, results };
}

const timing = await timed(corpus.timedQueries, 10);
// Copies of a chunk share a document: fetch deep enough to rank 100 distinct documents.
const qualityDepth = Math.min(2000, Math.ceil(corpus.copies) * 100 + 100);
const quality = await timed(corpus.judgedQueries, qualityDepth);
let ndcg10 = 0;
let recall100 = 0;
for (const [index, chunkIds] of quality.results.entries()) {
  const query = corpus.judgedQueries[index] as BenchQuery;
  const ranking = [...new Set(chunkIds.map((id) => documentOf.get(id) ?? id))].slice(0, 100);
  const relevance = corpus.qrels.get(query.id) ?? new Map<string, number>();
  ndcg10 += ndcgAtK(ranking, relevance, 10);
  recall100 += recallAtK(ranking, relevance, 100);
}
await searcher.close();
const judged = quality.results.length;
console.log(
  JSON.stringify({
    engine: engineName,
    label: engine.label,
    chunks: corpus.chunks.length,
    indexSeconds,
    indexCpuSeconds,
    ...phases,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    baselineRssMb,
    sizeMb: sizeBytes / 1024 / 1024,
    reopenMs,
    timedQueries: timing.latencies.length,
    latencyMs: {
      p50: percentile(timing.latencies, 50),
      p95: percentile(timing.latencies, 95),
      p99: percentile(timing.latencies, 99),
    },
    cpuLatencyMs: {
      p50: percentile(timing.cpuLatencies, 50),
      p95: percentile(timing.cpuLatencies, 95),
      p99: percentile(timing.cpuLatencies, 99),
    },
    judgedQueries: judged,
    ndcg10: judged ? ndcg10 / judged : Number.NaN,
    recall100: judged ? recall100 / judged : Number.NaN,
  }),
);
rmSync(folder, { recursive: true, force: true });
