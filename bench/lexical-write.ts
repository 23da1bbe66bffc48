/**
 * The lexical index's write path alone: `addChunk` for every chunk of the benchmark corpus, then
 * `flush`, inside one transaction on a new SQLite file (the store's pragmas), as a first ingest
 * writes it. Chunk fields are prepared before the clock starts, so the figure is the index's own
 * work: tokenizing, stemming, counting, encoding postings and inserting rows.
 *
 *   node --expose-gc bench/lexical-write.ts [--chunks 30000] [--chunker] [--budget <bytes>]
 *
 * --chunks   corpus size (bench/retrieval-scale/build-corpus.ts: SciFact and FastAPI windows of
 *            ~190 words, repeated with a suffix token); default 30000.
 * --chunker  cut the windows with the pipeline's chunker first (slow: minutes at 100k); by default
 *            each window is one chunk (title, no headings, the window as body), which is what the
 *            chunker makes of ~95% of them.
 * --budget   the index's memory budget for open rows, in bytes (default: the index's default).
 *
 * Prints CPU seconds (user + system of this process, robust on a shared machine; wall time is
 * printed too), the peak memory used above the corpus (JS heap plus array buffers, sampled every
 * 1,000 chunks; includes garbage), what the index holds before the flush (after a full GC, with
 * --expose-gc) and what it counts against its budget, peak RSS and the rows written. The machine is shared: /proc/loadavg is printed before and after.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { chunkDocument } from "../src/chunk/chunk-document.ts";
import { configSchema } from "../src/config/schema.ts";
import {
  createLexicalIndex,
  LEXICAL_SCHEMA,
  type LexicalFields,
} from "../src/store/sqlite/lexical/create-lexical-index.ts";
import { buildCorpus } from "./retrieval-scale/build-corpus.ts";

const { values } = parseArgs({
  options: {
    chunks: { type: "string", default: "30000" },
    chunker: { type: "boolean", default: false },
    budget: { type: "string" },
  },
});
const size = Number(values.chunks);
const datasets = resolve(
  process.env.DOCENT_DATASETS ?? resolve(import.meta.dirname, "..", "..", "shared", "datasets"),
);
const loadavg = (): string => readFileSync("/proc/loadavg", "utf8").trim();
const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const collect = (globalThis as { gc?: () => void }).gc;
const loadBefore = loadavg();

// Fields prepared outside the timed part.
const corpus = buildCorpus(datasets, size);
const config = configSchema.parse({});
/**
 * A flat copy of a string: the corpus's copies are concatenations, which V8 would flatten (a new
 * string) the first time the index reads them, and that allocation is not the index's.
 */
const flat = (text: string): string => JSON.parse(JSON.stringify(text)) as string;
const fields: LexicalFields[] = [];
for (const chunk of corpus.chunks) {
  if (!values.chunker) {
    fields.push({ title: flat(chunk.title), headings: "", body: flat(chunk.text) });
    continue;
  }
  const pieces = chunkDocument(
    {
      id: chunk.id,
      source: chunk.id,
      url: chunk.id,
      title: chunk.title,
      format: "markdown",
      contentHash: chunk.id,
      blocks: [{ type: "paragraph", text: chunk.text }],
    },
    config.chunk,
  );
  for (const piece of pieces) {
    fields.push({
      title: flat(piece.title),
      headings: flat(piece.headingPath.join("\n")),
      body: flat(piece.text),
    });
  }
}

const folder = mkdtempSync(join(tmpdir(), "docent-lexical-write-"));
const database = new BetterSqlite3(join(folder, "index.db"));
database.pragma("journal_mode = WAL");
database.pragma("synchronous = NORMAL");
database.pragma("cache_size = -65536");
database.pragma("temp_store = MEMORY");
database.exec(LEXICAL_SCHEMA);
const index =
  values.budget === undefined
    ? createLexicalIndex(database)
    : createLexicalIndex(database, { memoryBudgetBytes: Number(values.budget) });

/** The JS heap plus array buffers (the index's typed arrays live outside the JS heap). */
const heapUsed = (): number => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};
collect?.();
const baseHeap = heapUsed();
let peakHeap = baseHeap;
let liveHeapBeforeFlush = Number.NaN;
let gcCpu = 0;
const cpuOf = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6;

const wallStarted = performance.now();
const cpuStarted = process.cpuUsage();
database.exec("BEGIN");
for (const [position, chunk] of fields.entries()) {
  index.addChunk(position + 1, chunk);
  if (position % 1000 === 999) {
    const heap = heapUsed();
    if (heap > peakHeap) peakHeap = heap;
  }
}
const addCpu = cpuOf(process.cpuUsage(cpuStarted));
const indexMemory = index.memoryBytes();
if (collect) {
  // Not timed: what the index holds once garbage is gone.
  const gcStarted = process.cpuUsage();
  collect();
  liveHeapBeforeFlush = heapUsed() - baseHeap;
  gcCpu = cpuOf(process.cpuUsage(gcStarted));
}
const flushStarted = process.cpuUsage();
index.flush();
const flushCpu = cpuOf(process.cpuUsage(flushStarted));
const heapAfterFlush = heapUsed();
if (heapAfterFlush > peakHeap) peakHeap = heapAfterFlush;
const totalCpu = cpuOf(process.cpuUsage(cpuStarted)) - gcCpu;
const wallSeconds = (performance.now() - wallStarted) / 1000;
const commitStarted = process.cpuUsage();
database.exec("COMMIT");
const commitCpu = cpuOf(process.cpuUsage(commitStarted));

const rows = database.prepare("SELECT count(*) FROM lexical_postings").pluck().get() as number;
const terms = database.prepare("SELECT count(DISTINCT term) FROM lexical_postings").pluck().get() as number;
const postings = database.prepare("SELECT sum(doc_count) FROM lexical_postings").pluck().get() as number;
database.close();
rmSync(folder, { recursive: true, force: true });

console.log(
  `lexical index write: ${fields.length} chunks (${values.chunker ? "pipeline chunker" : "bench windows"})`,
);
console.log(
  `  addChunk + flush: ${totalCpu.toFixed(2)} CPU s (addChunk ${addCpu.toFixed(2)}, flush ${flushCpu.toFixed(2)}); wall ${wallSeconds.toFixed(2)} s; commit ${commitCpu.toFixed(2)} CPU s`,
);
console.log(
  `  peak heap and array buffers used above the corpus: ${megabytes(peakHeap - baseHeap)} MB (sampled every 1,000 chunks, garbage included)`,
);
console.log(
  `  live heap held by the index before flush: ${collect ? `${megabytes(liveHeapBeforeFlush)} MB` : "n/a (run with --expose-gc)"}`,
);
console.log(`  memory the index counts against its budget before flush: ${megabytes(indexMemory)} MB`);
console.log(
  `  peak RSS of the process (corpus included): ${megabytes(process.resourceUsage().maxRSS * 1024)} MB`,
);
console.log(`  rows written: ${rows} (${terms} terms, ${postings} postings)`);
console.log(`  machine shared with other work: load average before ${loadBefore}, after ${loadavg()}`);
