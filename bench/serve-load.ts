/**
 * Load test of `docent serve`: requests per second and p50/p99 latency of /api/search and
 * /api/ask (extractive) on a 10,000-chunk index, with autocannon over loopback.
 *
 *   node bench/serve-load.ts [--seconds 10] [--connections 10]
 *
 * The index is synthetic: 10,000 chunks built from the sentences of Docent's own docs/ (shuffled
 * into 500 documents of 20 sections), so BM25 sees realistic words and document frequencies.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pino from "pino";
import { loadConfig } from "../src/config/load-config.ts";
import type { Chunk } from "../src/core/document.ts";
import { sha256 } from "../src/core/hash.ts";
import { createSqliteQualityLog } from "../src/observe/create-sqlite-quality-log.ts";
import { createGenerator } from "../src/pipeline/create-generator.ts";
import { createServer } from "../src/server/create-server.ts";
import { createSqliteStore } from "../src/store/sqlite/create-sqlite-store.ts";
import { describeMachine } from "./describe-machine.ts";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, connections: { type: "string", default: "10" } },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const docsRoot = resolve(import.meta.dirname, "..", "docs");
const sentences = readdirSync(docsRoot, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".md"))
  .flatMap((file) => readFileSync(join(docsRoot, file), "utf8").split(/(?<=[.!?])\s+/))
  .map((sentence) => sentence.replace(/\s+/g, " ").trim())
  .filter((sentence) => sentence.length > 30 && !sentence.startsWith("|"));

const folder = mkdtempSync(join(tmpdir(), "docent-load-"));
const indexPath = join(folder, "index.db");
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const writer = createSqliteStore({ path: indexPath, mode: "write" });
const upserts = Array.from({ length: 500 }, (_, d) => {
  const documentId = `doc-${d}`;
  const chunks: Chunk[] = Array.from({ length: 20 }, (_, s) => {
    const text = Array.from({ length: 6 }, () => sentences[Math.floor(random() * sentences.length)]).join(
      " ",
    );
    return {
      id: `${documentId}#s${s}`,
      documentId,
      ordinal: s,
      title: `Page ${d}`,
      headingPath: [`Section ${s}`],
      anchor: `s${s}`,
      url: `page-${d}/#s${s}`,
      text,
      contentHash: sha256(`${d}/${s}/${text}`),
      tokenCount: text.split(/\s+/).length,
    };
  });
  return {
    document: {
      id: documentId,
      source: `/load/${d}.md`,
      url: `page-${d}/`,
      title: `Page ${d}`,
      format: "markdown" as const,
      contentHash: sha256(String(d)),
    },
    chunks,
  };
});
await writer.applyChanges({ upserts, deletions: [] });
await writer.close();

const store = createSqliteStore({ path: indexPath, mode: "read" });
const qualityLog = createSqliteQualityLog(indexPath);
const config = loadConfig({ cwd: folder, overrides: [["index.path", indexPath]] }).config;
const server = await createServer({
  store,
  qualityLog,
  config,
  generator: createGenerator(config, { environment: {} }),
  logger: pino({ level: "warn" }),
  settings: {
    ...config.server,
    rateLimitMax: 10_000_000,
    adminKeyHashes: [],
    apiKeyHashes: [],
    userIdSalt: "load-test-salt-0123456789",
  },
});
const url = await server.app.listen({ port: 0, host: "127.0.0.1" });
const stats = await store.stats();

const questions = [
  "How do I configure the index path?",
  "Which file formats can I ingest?",
  "How does retrieval rank chunks?",
  "What does the refusal threshold do?",
];
async function run(title: string, options: autocannon.Options) {
  const result = await autocannon({ connections, duration: seconds, ...options });
  const bad = result.non2xx + result.errors;
  console.log(
    `| ${title} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${result.requests.total} | ${bad} |`,
  );
}

console.log(
  `serve load on ${stats.chunks} chunks in ${stats.documents} documents, ${connections} connections, ${seconds} s per route`,
);
console.log(
  describeMachine("server and load generator in one process; shared with other work while measured"),
);
console.log("| route | req/s | p50 ms | p99 ms | requests | errors/non-2xx |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
let searchIndex = 0;
await run("GET /api/search", {
  url: `${url}/api/search?q=index`,
  requests: [
    {
      setupRequest: (request) => ({
        ...request,
        path: `/api/search?q=${encodeURIComponent(questions[searchIndex++ % questions.length] ?? "")}`,
      }),
    },
  ],
});
let askIndex = 0;
await run("POST /api/ask (extractive)", {
  url: `${url}/api/ask`,
  method: "POST",
  headers: { "content-type": "application/json" },
  requests: [
    {
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({ question: questions[askIndex++ % questions.length] }),
      }),
    },
  ],
});
await server.shutdown();
await qualityLog.close();
await store.close();
rmSync(folder, { recursive: true, force: true });
