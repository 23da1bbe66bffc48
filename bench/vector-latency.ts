/**
 * Vector query latency of the SQLite index at 10k and 100k chunks, 100-d (GloVe-SIF width) and
 * 512-d (USE-lite width):
 *
 *   node bench/vector-latency.ts [sizes, default 10000,100000] [dimensions, default 100,512] [methods, default exact,binary-rescore]
 *
 * Methods (all through `createSqliteVectorIndex(...).search`, k = 50 as `retrieve` asks, plus the
 * rowid -> chunk id lookup):
 * - `exact`: sqlite-vec's brute-force cosine KNN over a float32 `vec0` table.
 * - `binary-rescore`: Docent's default, the in-memory sign-bit index with exact re-scoring
 *   (src/store/sqlite/vector-scan/), default settings (R = 2,000 candidates).
 * - `int8`: sqlite-vec's int8 quantisation (`vec_quantize_int8(v, 'unit')`, L2 KNN of 200) then an
 *   exact re-score in SQL: measured earlier, slower than `exact`.
 *
 * The vectors are RANDOM (normal, scaled to unit length), not embeddings: the cost of a scan does
 * not depend on the values (recall on real embeddings is measured by bench/vector-recall.ts).
 * Each method runs in its own child process on the built file: the first query's time (the
 * in-memory index's build), then p50/p95/p99 of 500 queries after 20 warm-up queries, and the
 * child's peak RSS (Node, SQLite's page cache and the index). Prints the machine load.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import {
  createSqliteVectorIndex,
  loadVectorExtension,
} from "../src/store/sqlite/create-sqlite-vector-index.ts";
import { DEFAULT_VECTOR_SEARCH } from "../src/store/sqlite/vector-scan/vector-search-settings.ts";
import { VECTOR_SCHEMA_SQL } from "../src/store/sqlite/vector-schema.ts";

const QUERIES = 500;
const WARM_UP = 20;
const K = 50;
const load = () => readFileSync("/proc/loadavg", "utf8").trim();

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return (seed + 1) / (2 ** 31 + 1);
}
/** A random direction: normal coordinates (Box-Muller), scaled to unit length. */
function unitVector(dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    const value = Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
    vector[i] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) vector[i] = (vector[i] as number) / norm;
  return vector;
}
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function openDatabase(path: string): Database.Database {
  const database = new Database(path);
  // The SQLite store's own pragmas (create-sqlite-store.ts): WAL and a 64 MiB page cache.
  database.pragma("journal_mode = WAL");
  database.pragma("cache_size = -65536");
  loadVectorExtension(database);
  return database;
}

/** Child mode: times one method on a built file and prints one JSON line. */
function measure(path: string, dimensions: number, method: string): void {
  const database = openDatabase(path);
  const queries = Array.from({ length: QUERIES + WARM_UP }, () => unitVector(dimensions));
  let run: (query: Float32Array) => unknown;
  let indexBytes = () => 0;
  if (method === "int8") {
    database.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS quantised USING vec0(embedding int8[${dimensions}])`);
    database.exec(
      "INSERT INTO quantised (rowid, embedding) SELECT rowid, vec_quantize_int8(embedding, 'unit') FROM chunk_vectors",
    );
    const quantisedSearch = database.prepare(`
      WITH coarse AS (
        SELECT rowid FROM quantised WHERE embedding MATCH vec_quantize_int8(?, 'unit') AND k = 200
      )
      SELECT coarse.rowid, vec_distance_cosine(chunk_vectors.embedding, ?) AS distance
      FROM coarse JOIN chunk_vectors ON chunk_vectors.rowid = coarse.rowid
      ORDER BY distance LIMIT ${K}`);
    run = (query) => quantisedSearch.all(query, query);
  } else {
    const index = createSqliteVectorIndex(database, "bench", {
      ...DEFAULT_VECTOR_SEARCH,
      method: method as "exact" | "binary-rescore",
    });
    run = (query) => index.search({ vector: query, limit: K });
    indexBytes = () => index.scanBuild()?.bytes ?? 0;
  }
  const firstStarted = performance.now();
  run(queries[0] as Float32Array);
  const firstMs = performance.now() - firstStarted;
  for (const query of queries.slice(1, WARM_UP)) run(query);
  const times: number[] = [];
  for (const query of queries.slice(WARM_UP)) {
    const started = performance.now();
    run(query);
    times.push(performance.now() - started);
  }
  times.sort((left, right) => left - right);
  console.log(
    JSON.stringify({
      firstMs,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      indexMb: indexBytes() / 2 ** 20,
    }),
  );
  database.close();
}

if (process.argv[2] === "--measure") {
  measure(process.argv[3] as string, Number(process.argv[4]), process.argv[5] as string);
} else {
  const sizes = (process.argv[2] ?? "10000,100000").split(",").map(Number);
  const widths = (process.argv[3] ?? "100,512").split(",").map(Number);
  const methods = (process.argv[4] ?? "exact,binary-rescore").split(",");
  console.log(`load ${load()} (2-core machine shared with other work)`);
  console.log("random unit vectors (normal coordinates), not embeddings; k = 50\n");
  console.log(
    "| chunks | dimensions | method | first query ms (build) | p50 ms | p95 ms | p99 ms | peak RSS MB | in-memory index MiB |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const dimensions of widths) {
    for (const size of sizes) {
      const folder = mkdtempSync(join(tmpdir(), "docent-vector-latency-"));
      const path = join(folder, "index.db");
      try {
        const database = openDatabase(path);
        database.exec(
          "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE chunks (id TEXT PRIMARY KEY);",
        );
        database.exec(VECTOR_SCHEMA_SQL);
        database.prepare("INSERT INTO meta (key, value) VALUES ('corpus_version', '1')").run();
        const index = createSqliteVectorIndex(database, "bench");
        const insertChunk = database.prepare("INSERT INTO chunks (id) VALUES (?)");
        const BATCH = 5000;
        for (let first = 0; first < size; first += BATCH) {
          const count = Math.min(BATCH, size - first);
          const vectors = Array.from({ length: count }, (_, i) => ({
            chunkId: `chunk-${first + i}`,
            key: `key-${first + i}`,
            vector: unitVector(dimensions),
          }));
          database.transaction(() => {
            for (const { chunkId } of vectors) insertChunk.run(chunkId);
            index.apply({ model: { key: "bench:random", dimensions }, vectors });
          })();
        }
        database.close();
        for (const method of methods) {
          const output = execFileSync(
            process.execPath,
            [process.argv[1] as string, "--measure", path, String(dimensions), method],
            { encoding: "utf8" },
          );
          const result = JSON.parse(output.trim().split("\n").at(-1) as string) as Record<string, number>;
          const cell = (value: number | undefined) => (value ?? Number.NaN).toFixed(2);
          console.log(
            `| ${size} | ${dimensions} | ${method} | ${cell(result.firstMs)} | ${cell(result.p50)} | ${cell(result.p95)} | ${cell(result.p99)} | ${(result.peakRssMb ?? 0).toFixed(0)} | ${(result.indexMb ?? 0).toFixed(1)} |`,
          );
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  }
  console.log(`\nload ${load()}`);
}
