/**
 * Retrieval at scale: Docent against its peers, each engine in its own process, one after the
 * other, at each corpus size. Prints a Markdown table and writes an SVG chart.
 *
 *   node bench/retrieval-scale/run.ts [sizes] [engines]
 *   e.g. node bench/retrieval-scale/run.ts 10000,100000 docent,fts5,flexsearch,minisearch,orama,langchain
 *
 * Needs DOCENT_DATASETS (default ../shared/datasets); LangChain needs LANGCHAIN_MODULES (see
 * docs/benchmarks.md). Results are appended to bench/out/retrieval-scale/results.jsonl.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderChart } from "./render-chart.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "bench", "out", "retrieval-scale");
mkdirSync(out, { recursive: true });
const sizes = (process.argv[2] ?? "10000,100000").split(",").map(Number);
const engines = (process.argv[3] ?? "docent,fts5,flexsearch,minisearch,orama,langchain").split(",");

console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; load average at start ${loadavg()
    .map((value) => value.toFixed(2))
    .join(" ")} (the machine was shared with other work while this ran)`,
);
const results: Array<Record<string, unknown>> = [];
for (const size of sizes) {
  for (const engine of engines) {
    const load = loadavg()[0]?.toFixed(2);
    try {
      const output = execFileSync(
        process.execPath,
        [join(root, "bench", "retrieval-scale", "run-engine.ts"), engine, String(size), out],
        { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
      );
      const result = { ...JSON.parse(output.trim().split("\n").at(-1) ?? "{}"), loadAverage: Number(load) };
      results.push(result);
      appendFileSync(join(out, "results.jsonl"), `${JSON.stringify(result)}\n`);
      console.error(`done ${engine} ${size}`);
    } catch (error) {
      console.error(`${engine} at ${size} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

const number = (value: unknown, digits = 1) => (typeof value === "number" ? value.toFixed(digits) : "n/a");
console.log(
  "\n| chunks | engine | index s (CPU s) | peak RSS MB (above start) | disk MB | reopen ms | p50 / p95 / p99 ms (n) | CPU p50 / p95 / p99 ms | nDCG@10 | R@100 (n) | p95 vs Docent | RSS vs Docent |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const result of results) {
  const docent = results.find((other) => other.engine === "docent" && other.chunks === result.chunks);
  const latency = result.latencyMs as { p50: number; p95: number; p99: number };
  const cpu = (result.cpuLatencyMs ?? {}) as { p50?: number; p95?: number; p99?: number };
  const docentLatency = docent?.latencyMs as { p95: number } | undefined;
  console.log(
    `| ${result.chunks} | ${result.label} | ${number(result.indexSeconds)} (${number(result.indexCpuSeconds)}) | ${number(result.peakRssMb, 0)} (${typeof result.baselineRssMb === "number" ? number((result.peakRssMb as number) - result.baselineRssMb, 0) : "n/a"}) | ${number(result.sizeMb)} | ${number(result.reopenMs)} | ${number(latency.p50)} / ${number(latency.p95)} / ${number(latency.p99)} (${result.timedQueries}) | ${number(cpu.p50)} / ${number(cpu.p95)} / ${number(cpu.p99)} | ${number(result.ndcg10, 4)} | ${number(result.recall100, 4)} (${result.judgedQueries}) | ${docentLatency ? `${(latency.p95 / docentLatency.p95).toFixed(1)}x` : "n/a"} | ${docent ? `${((result.peakRssMb as number) / (docent.peakRssMb as number)).toFixed(1)}x` : "n/a"} |`,
  );
}
const all = readFileSync(join(out, "results.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown>);
writeFileSync(join(root, "docs", "retrieval-scale.svg"), renderChart(all));
console.log("\nchart: docs/retrieval-scale.svg");
