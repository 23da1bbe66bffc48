import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.ts";
import { AUTO_POOL_MIN_FILES, parseWorkerCount } from "../../src/pipeline/create-parse-pool.ts";
import { ingestFolders } from "../../src/pipeline/ingest-folders.ts";
import { createSqliteStore } from "../../src/store/sqlite/create-sqlite-store.ts";

/**
 * Parse workers (ingest.parseWorkers) change where files are parsed and chunked, never what is
 * written: the same folder gives the same summary and the same chunks, in the same order, with
 * workers as without, bad files included.
 */

let workspace: string;
let docs: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), "docent-parse-workers-"));
  docs = join(workspace, "docs");
  mkdirSync(join(docs, "guide"), { recursive: true });
  for (let page = 0; page < 24; page++) {
    const sections = Array.from(
      { length: 1 + (page % 4) },
      (_, section) =>
        `## Part ${section} of page ${page}\n\nPage ${page} explains setting number ${section}: ${"the option changes how the server behaves when a request arrives. ".repeat(3 + ((page * 7 + section) % 40))}\n`,
    ).join("\n");
    writeFileSync(
      join(docs, "guide", `page-${String(page).padStart(2, "0")}.md`),
      `# Page ${page}\n\n${sections}`,
    );
  }
  writeFileSync(join(docs, "notes.txt"), "Plain text notes about the release schedule.\n");
  writeFileSync(join(docs, "empty.md"), "   \n");
  writeFileSync(join(docs, "binary.md"), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]));
  writeFileSync(join(docs, "broken.md"), "---\ntitle: [unclosed\n---\n# Broken front matter\n");
});

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

async function ingestWith(parseWorkers: number) {
  const path = join(workspace, `index-${parseWorkers}.db`);
  const store = createSqliteStore({ path, mode: "write" });
  const { config } = loadConfig({
    cwd: workspace,
    overrides: [["ingest.parseWorkers", String(parseWorkers)]],
  });
  expect(config.ingest.parseWorkers).toBe(parseWorkers);
  const progress: string[] = [];
  try {
    const summary = await ingestFolders({
      store,
      paths: [docs],
      config,
      cwd: workspace,
      onProgress: ({ source }) => progress.push(source),
    });
    const documents = await store.listDocuments();
    const hits = await store.searchLexical({
      terms: ["option", "server", "request", "page", "release"],
      limit: 1000,
      fieldWeights: config.retrieval.fieldWeights,
    });
    const chunks = await store.getChunks(hits.map((hit) => hit.chunkId));
    await store.close();
    // The order chunks were written in (their row ids), which ties in ranking follow.
    const database = new Database(path, { readonly: true });
    const written = database.prepare("SELECT id FROM chunks ORDER BY fts_rowid").pluck().all();
    database.close();
    return { summary, documents, chunks, hits, written, progress };
  } catch (error) {
    await store.close();
    throw error;
  }
}

describe("ingest.parseWorkers", () => {
  it("writes exactly what the main thread writes, in the same order", async () => {
    const inProcess = await ingestWith(0);
    const withWorkers = await ingestWith(2);
    const { durationMs: _a, ...summary } = inProcess.summary;
    const { durationMs: _b, ...workerSummary } = withWorkers.summary;
    expect(workerSummary).toEqual(summary);
    expect(summary.documents.added).toBe(25);
    expect(summary.skipped.map((skip) => skip.source).sort()).toEqual(["binary.md", "broken.md", "empty.md"]);
    expect(withWorkers.progress).toEqual(inProcess.progress);
    const strip = (documents: typeof inProcess.documents) =>
      documents.map(({ ingestedAt: _ingestedAt, ...document }) => document);
    expect(strip(withWorkers.documents)).toEqual(strip(inProcess.documents));
    expect(withWorkers.written).toEqual(inProcess.written);
    expect(inProcess.written.length).toBeGreaterThan(30);
    expect(withWorkers.hits).toEqual(inProcess.hits);
    expect(withWorkers.chunks).toEqual(inProcess.chunks);
  });

  it("uses no workers for small ingests or on two cores on auto, and the number given otherwise", () => {
    expect(parseWorkerCount("auto", AUTO_POOL_MIN_FILES - 1, 8)).toBe(0);
    expect(parseWorkerCount("auto", AUTO_POOL_MIN_FILES, 2)).toBe(0);
    expect(parseWorkerCount("auto", AUTO_POOL_MIN_FILES, 3)).toBe(2);
    expect(parseWorkerCount("auto", 100_000, 16)).toBe(4);
    expect(parseWorkerCount(0, 100_000, 16)).toBe(0);
    expect(parseWorkerCount(3, 1, 2)).toBe(3);
  });

  it("rejects a worker count that is not a number or auto", () => {
    expect(() => loadConfig({ cwd: workspace, overrides: [["ingest.parseWorkers", "many"]] })).toThrow(
      /ingest\.parseWorkers/,
    );
  });
});
