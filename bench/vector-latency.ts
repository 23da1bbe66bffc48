/**
 * Vector query latency of the SQLite index at 10k and 100k chunks, 100-d (GloVe-SIF width) and
 * 512-d (USE-lite width):
 *
 *   node bench/vector-latency.ts [sizes, default 10000,100000] [dimensions, default 100,512]
 *
 * - `sqlite-vec float32`: Docent's own search path (`createSqliteVectorIndex().search`, exact
 *   brute-force cosine KNN in a `vec0` table, k = 50, plus the rowid -> chunk id lookup).
 * - `sqlite-vec int8`: the same vectors quantised to int8 (`vec_quantize_int8(v, 'unit')`,
 *   `int8[d]`, L2 KNN of 200 candidates) then re-scored exactly in SQL: the quantised option
 *   (binary quantisation needs a width divisible by 8, which 100 is not).
 * - `js float32 scan`: all vectors held in one Float32Array in memory, dot products in JS.
 * Random unit vectors (brute-force cost does not depend on the values); 200 queries per cell
 * after 20 warm-up queries. Prints p50/p95 in ms and the machine load.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import {
  createSqliteVectorIndex,
  loadVectorExtension,
} from "../src/store/sqlite/create-sqlite-vector-index.ts";
import { VECTOR_SCHEMA_SQL } from "../src/store/sqlite/vector-schema.ts";

const sizes = (process.argv[2] ?? "10000,100000").split(",").map(Number);
const widths = (process.argv[3] ?? "100,512").split(",").map(Number);
const QUERIES = 200;
const WARM_UP = 20;
const K = 50;
const load = () => readFileSync("/proc/loadavg", "utf8").trim();

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}
function unitVector(dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    const value = random() * 2 - 1;
    vector[i] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) vector[i] = (vector[i] as number) / norm;
  return vector;
}
function percentiles(times: number[]): string {
  const sorted = [...times].sort((left, right) => left - right);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
  return `${at(50).toFixed(2)} | ${at(95).toFixed(2)}`;
}
function time(run: (query: Float32Array) => unknown, queries: Float32Array[]): string {
  for (const query of queries.slice(0, WARM_UP)) run(query);
  const times: number[] = [];
  for (const query of queries.slice(WARM_UP)) {
    const started = performance.now();
    run(query);
    times.push(performance.now() - started);
  }
  return percentiles(times);
}

console.log(`load ${load()} (2-core machine shared with other work)\n`);
console.log("| chunks | dimensions | method | p50 ms | p95 ms |\n| --- | --- | --- | --- | --- |");
for (const dimensions of widths) {
  for (const size of sizes) {
    const folder = mkdtempSync(join(tmpdir(), "docent-vector-latency-"));
    const database = new Database(join(folder, "index.db"));
    try {
      // The SQLite store's own pragmas (create-sqlite-store.ts): WAL and a 64 MiB page cache.
      database.pragma("journal_mode = WAL");
      database.pragma("cache_size = -65536");
      loadVectorExtension(database);
      database.exec(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE chunks (id TEXT PRIMARY KEY);",
      );
      database.exec(VECTOR_SCHEMA_SQL);
      const vectors = Array.from({ length: size }, () => unitVector(dimensions));
      const index = createSqliteVectorIndex(database, "bench");
      const insertChunk = database.prepare("INSERT INTO chunks (id) VALUES (?)");
      database.transaction(() => {
        for (let i = 0; i < size; i++) insertChunk.run(`chunk-${i}`);
        index.apply({
          model: { key: "bench:random", dimensions },
          vectors: vectors.map((vector, i) => ({ chunkId: `chunk-${i}`, key: `key-${i}`, vector })),
        });
      })();
      const queries = Array.from({ length: QUERIES + WARM_UP }, () => unitVector(dimensions));

      console.log(
        `| ${size} | ${dimensions} | sqlite-vec float32 (Docent's search) | ${time((query) => index.search({ vector: query, limit: K }), queries)} |`,
      );

      database.exec(`CREATE VIRTUAL TABLE quantised USING vec0(embedding int8[${dimensions}])`);
      const insertQuantised = database.prepare(
        "INSERT INTO quantised (rowid, embedding) VALUES (?, vec_quantize_int8(?, 'unit'))",
      );
      database.transaction(() => {
        for (let i = 0; i < size; i++) insertQuantised.run(BigInt(i + 1), vectors[i] as Float32Array);
      })();
      const quantisedSearch = database.prepare(`
        WITH coarse AS (
          SELECT rowid FROM quantised WHERE embedding MATCH vec_quantize_int8(?, 'unit') AND k = 200
        )
        SELECT coarse.rowid, vec_distance_cosine(chunk_vectors.embedding, ?) AS distance
        FROM coarse JOIN chunk_vectors ON chunk_vectors.rowid = coarse.rowid
        ORDER BY distance LIMIT ${K}`);
      console.log(
        `| ${size} | ${dimensions} | sqlite-vec int8 + exact re-score of 200 | ${time((query) => quantisedSearch.all(query, query), queries)} |`,
      );

      const matrix = new Float32Array(size * dimensions);
      for (const [i, vector] of vectors.entries()) matrix.set(vector, i * dimensions);
      const scores = new Float32Array(size);
      const scan = (query: Float32Array) => {
        for (let row = 0; row < size; row++) {
          let sum = 0;
          const offset = row * dimensions;
          for (let i = 0; i < dimensions; i++) sum += (matrix[offset + i] as number) * (query[i] as number);
          scores[row] = sum;
        }
        // Top k kept in a small array with its current worst entry; a row replaces it only when better.
        const top: number[] = [];
        let worst = -1;
        const findWorst = () => {
          worst = 0;
          for (let j = 1; j < top.length; j++)
            if ((scores[top[j] as number] as number) < (scores[top[worst] as number] as number)) worst = j;
        };
        for (let row = 0; row < size; row++) {
          if (top.length < K) {
            top.push(row);
            if (top.length === K) findWorst();
          } else if ((scores[row] as number) > (scores[top[worst] as number] as number)) {
            top[worst] = row;
            findWorst();
          }
        }
        return top;
      };
      console.log(`| ${size} | ${dimensions} | js float32 scan (in memory) | ${time(scan, queries)} |`);
    } finally {
      database.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }
}
console.log(`\nload ${load()}`);
