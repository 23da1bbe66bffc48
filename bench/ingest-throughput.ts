/**
 * Ingest throughput on the FastAPI docs, three ways: the Markdown folder, the same pages rendered
 * to HTML in a folder, and those HTML pages crawled as a website from a loopback server. Each is
 * ingested into a new index, then again unchanged (the re-crawl is one 304 per page).
 *
 *   node bench/ingest-throughput.ts [--docs <folder>]
 *
 * The folder defaults to $DOCENT_DATASETS/fastapi-docs/docs. The HTML is generated at run time:
 * every Markdown page is rendered with `marked` into a page with site chrome (header, a nav with
 * links to every page, footer, a canonical link; links to `.md` files point at the `.html`
 * pages), written under a temporary folder and served by node:http with ETags; `/dir/` serves
 * `/dir/index.html`. Figures are the pipeline's own `durationMs` (scan/fetch, hash, parse, chunk, one SQLite
 * write), not process start-up. The machine is shared: /proc/loadavg is printed before and after.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { marked } from "marked";
import { loadConfig } from "../src/config/load-config.ts";
import { type IngestSummary, ingestFolders } from "../src/pipeline/ingest-folders.ts";
import { createSqliteStore } from "../src/store/sqlite/create-sqlite-store.ts";

const { values } = parseArgs({ options: { docs: { type: "string" } } });
const datasets =
  process.env.DOCENT_DATASETS ?? resolve(import.meta.dirname, "..", "..", "shared", "datasets");
const docsRoot = resolve(values.docs ?? join(datasets, "fastapi-docs", "docs"));
const loadavg = (): string => readFileSync("/proc/loadavg", "utf8").trim();
const loadBefore = loadavg();

const workspace = mkdtempSync(join(tmpdir(), "docent-ingest-bench-"));
const htmlRoot = join(workspace, "html");

// 1. Render every Markdown page to an HTML page with site chrome.
const markdownFiles = readdirSync(docsRoot, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".md"))
  .sort();
const htmlPath = (file: string): string => file.replace(/\.md$/u, ".html");
const nav = `<nav><ul>${markdownFiles.map((file) => `<li><a href="/${htmlPath(file)}">${file}</a></li>`).join("")}</ul></nav>`;
let htmlBytes = 0;
for (const file of markdownFiles) {
  const markdown = readFileSync(join(docsRoot, file), "utf8");
  const title = /^#\s+(.+)$/mu.exec(markdown)?.[1] ?? file;
  // Links between pages point at the generated .html files, as a static-site generator would make them.
  const body = (await marked.parse(markdown)).replace(
    /href="([^":#]+?)\.md(#[^"]*)?"/gu,
    (_match, path: string, fragment: string | undefined) => `href="${path}.html${fragment ?? ""}"`,
  );
  const canonical = `<link rel="canonical" href="/${htmlPath(file)}">`;
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>${title} - FastAPI</title>${canonical}</head><body><header><a href="/index.html">FastAPI</a></header>${nav}<main><article>${body}</article></main><footer>FastAPI docs, rendered for a benchmark</footer></body></html>`;
  const target = join(htmlRoot, htmlPath(file));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, page);
  htmlBytes += Buffer.byteLength(page);
}

// 2. Serve the HTML folder on loopback, with ETags so an unchanged re-crawl costs one 304 a page.
const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
  if (path === "/robots.txt") {
    response.writeHead(404).end();
    return;
  }
  const file = path.endsWith("/") ? `${path.slice(1)}index.html` : path.slice(1);
  let body: Buffer;
  try {
    body = readFileSync(join(htmlRoot, file));
  } catch {
    response.writeHead(404, { "content-type": "text/html" }).end("<h1>Not found</h1>");
    return;
  }
  const etag = `"${createHash("sha1").update(body).digest("hex")}"`;
  if (request.headers["if-none-match"] === etag) {
    response.writeHead(304, { etag }).end();
    return;
  }
  response.writeHead(200, { "content-type": "text/html; charset=utf-8", etag }).end(body);
});
await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const config = loadConfig({
  cwd: workspace,
  environment: {},
  overrides: [
    ["ingest.web.allowHosts", ["127.0.0.1"]],
    ["ingest.web.delayMs", 0],
    ["ingest.web.maxPages", 5000],
  ],
}).config;

interface Row {
  readonly name: string;
  readonly run: "first" | "unchanged";
  readonly summary: IngestSummary;
}
const rows: Row[] = [];
async function measure(name: string, source: string): Promise<void> {
  const store = createSqliteStore({
    path: join(workspace, `${name.replace(/\W+/gu, "-")}.db`),
    mode: "write",
  });
  try {
    for (const run of ["first", "unchanged"] as const) {
      const summary = await ingestFolders({ store, paths: [source], config, cwd: workspace });
      rows.push({ name, run, summary });
    }
  } finally {
    await store.close();
  }
}

try {
  await measure("folder, Markdown", docsRoot);
  await measure("folder, HTML", htmlRoot);
  await measure("website crawl, HTML", `${origin}/`);
} finally {
  server.closeAllConnections();
  server.close();
  rmSync(workspace, { recursive: true, force: true });
}

const table = [
  "| source | run | documents | chunks written | bytes read | pipeline time | pages/s | MB/s |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map(({ name, run, summary }) => {
    const seconds = summary.durationMs / 1000;
    const { added, updated, unchanged } = summary.documents;
    const pages = added + updated + unchanged;
    return `| ${name} | ${run} | ${pages} | ${summary.chunksWritten} | ${summary.bytesRead.toLocaleString("en-US")} | ${seconds.toFixed(2)} s | ${(pages / seconds).toFixed(1)} | ${(summary.bytesRead / 1e6 / seconds).toFixed(2)} |`;
  }),
];
process.stdout.write(
  `${[
    `Ingest throughput: ${markdownFiles.length} FastAPI pages (${htmlBytes.toLocaleString("en-US")} bytes as generated HTML), Node ${process.version}`,
    "",
    ...table,
    "",
    `/proc/loadavg before: ${loadBefore}; after: ${loadavg()} (shared machine: other jobs were running)`,
    `skipped: ${rows.map(({ name, run, summary }) => `${name} ${run} ${summary.skipped.length}`).join(", ")}`,
    ...(process.env.BENCH_SHOW_SKIPS
      ? rows.flatMap((row) => row.summary.skipped.map((item) => `  ${item.source}: ${item.reason}`))
      : []),
  ].join("\n")}\n`,
);
