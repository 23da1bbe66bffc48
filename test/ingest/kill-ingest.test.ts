import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../helpers/datasets.ts";
import { runDocent } from "../helpers/run-docent.ts";
import { runCliInProcess } from "./run-cli-in-process.ts";

const PAGES = 240;
/** Points in the ingest, as shares of one measured uninterrupted run, at which the process is killed. */
const KILL_POINTS = [0.3, 0.6, 0.85, 0.95];

let workspace = "";
let folder = "";
let baseline = "";

function pageText(index: number, version: "alpha" | "beta"): string {
  const paragraphs = Array.from(
    { length: 6 },
    (_, paragraph) =>
      `Paragraph ${paragraph} of page ${index} belongs to corpus version${version}. It explains setting number ${index * 7 + paragraph} in enough words to make a realistic chunk of documentation text for the index.`,
  );
  return `# Page ${index} (${version})\n\n${paragraphs.join("\n\n")}\n\n## Details\n\nMore about page ${index}: version${version} details.\n`;
}

/** Version alpha: pages 0..PAGES-1. Version beta: every page edited, the first 20 deleted, 20 new ones. */
function writeVersion(version: "alpha" | "beta"): Set<string> {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const names = new Set<string>();
  const first = version === "alpha" ? 0 : 20;
  for (let index = first; index < first + PAGES; index += 1) {
    const name = `page-${String(index).padStart(4, "0")}.md`;
    writeFileSync(join(folder, name), pageText(index, version));
    names.add(name);
  }
  return names;
}

/**
 * Starts `docent ingest` as its own process. With `pauseMarker`, the test-only hook
 * DOCENT_TEST_PAUSE_IN_TRANSACTION makes it write that file inside its write transaction (all
 * rows written, not committed) and wait there while the file exists.
 */
function ingestProcess(
  index: string,
  pauseMarker?: string,
): { done: Promise<number | null>; kill: () => void; stderr: () => string } {
  const child = spawn(
    process.execPath,
    [join(REPOSITORY_ROOT, "bin", "docent.js"), "ingest", folder, "--index", index, "--json"],
    {
      cwd: workspace,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        ...(pauseMarker === undefined ? {} : { DOCENT_TEST_PAUSE_IN_TRANSACTION: pauseMarker }),
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  return {
    done: new Promise((resolve) => child.on("exit", (code) => resolve(code))),
    kill: () => child.kill("SIGKILL"),
    stderr: () => stderr,
  };
}

/** Waits until `file` exists (the ingest reached its pause point), or fails after 20 s. */
async function waitForFile(file: string, run: ReturnType<typeof ingestProcess>): Promise<void> {
  const exited = run.done;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 20_000;
  while (!existsSync(file)) {
    if (gone)
      throw new Error(
        `the ingest exited before it reached the pause point in its transaction: ${run.stderr().slice(-2000)}`,
      );
    if (Date.now() > deadline) throw new Error(`the ingest did not reach its pause point (${file})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Checks an index left by a (killed) ingest: intact file, wholly one version's documents with
 * chunks, answers, no chunk of the other version, and a corpus history consistent with the
 * content. Returns which version it holds.
 */
async function inspect(
  index: string,
  expected: { alpha: Set<string>; beta: Set<string> },
): Promise<"alpha" | "beta"> {
  const database = new BetterSqlite3(index);
  expect(database.pragma("integrity_check", { simple: true })).toBe("ok");
  const maxDocumentVersion = database.prepare("SELECT MAX(corpus_version) FROM documents").pluck().get();
  database.close();

  const sources = await runCliInProcess(["sources", "--json", "--index", index], workspace);
  expect(sources.code, sources.stderr).toBe(0);
  const { corpusVersion, documents } = JSON.parse(sources.stdout) as {
    corpusVersion: number;
    documents: Array<{ source: string; chunkCount: number }>;
  };
  const names = new Set(documents.map((document) => document.source.split("/").at(-1) ?? ""));
  expect([1, 2]).toContain(corpusVersion);
  const version = corpusVersion === 1 ? "alpha" : "beta";
  expect(names).toEqual(expected[version]);
  expect(documents.every((document) => document.chunkCount > 0)).toBe(true);

  // The corpus history ends at the version the documents show, and describes that content.
  const history = await runCliInProcess(["sources", "--history", "--json", "--index", index], workspace);
  expect(history.code, history.stderr).toBe(0);
  const records = (JSON.parse(history.stdout) as { history: Array<Record<string, number>> }).history;
  expect(records.map((record) => record.version)).toEqual(corpusVersion === 1 ? [1] : [2, 1]);
  expect(maxDocumentVersion).toBe(corpusVersion);
  expect(records[0]).toMatchObject(
    version === "alpha"
      ? { version: 1, added: PAGES, updated: 0, deleted: 0, documents: PAGES }
      : { version: 2, added: 20, updated: PAGES - 20, deleted: 20, unchanged: 0, documents: PAGES },
  );

  const asked = await runCliInProcess(
    ["ask", "--json", "--index", index, "What does page 100 explain?"],
    workspace,
  );
  expect(asked.code, asked.stderr).toBe(0);
  const answer = JSON.parse(asked.stdout) as { retrieved: Array<{ chunkId: string }>; answer: string };
  expect(answer.retrieved.length).toBeGreaterThan(0);
  const readOnly = new BetterSqlite3(index, { readonly: true });
  const texts = readOnly.prepare("SELECT text FROM chunks").pluck().all() as string[];
  readOnly.close();
  const other = version === "alpha" ? "versionbeta" : "versionalpha";
  expect(texts.some((text) => text.includes(other))).toBe(false);
  return version;
}

describe("kill -9 during an ingest", () => {
  let alphaNames: Set<string>;
  let betaNames: Set<string>;
  let fullRunMs = 0;

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), "docent-kill-"));
    folder = join(workspace, "docs");
    baseline = join(workspace, "baseline.db");
    alphaNames = writeVersion("alpha");
    const first = await runDocent(["ingest", folder, "--index", baseline], { cwd: workspace });
    expect(first.code, first.stderr).toBe(0);
    betaNames = writeVersion("beta");
    // One uninterrupted alpha -> beta sync, timed, to spread the kill points over a real run.
    const timed = join(workspace, "timed.db");
    copyFileSync(baseline, timed);
    const started = performance.now();
    const run = ingestProcess(timed);
    expect(await run.done).toBe(0);
    fullRunMs = performance.now() - started;
  }, 120_000);

  afterAll(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it("leaves the old content, whole, when killed inside the write transaction (test hook)", async () => {
    const index = join(workspace, "paused.db");
    const marker = join(workspace, "paused.marker");
    copyFileSync(baseline, index);
    const run = ingestProcess(index, marker);
    await waitForFile(marker, run);
    // The process is now known to be inside its transaction, every row written, nothing committed.
    run.kill();
    expect(await run.done).toBeNull();
    expect(await inspect(index, { alpha: alphaNames, beta: betaNames })).toBe("alpha");
  }, 60_000);

  it("commits the new content whole when the paused transaction is let go", async () => {
    const index = join(workspace, "released.db");
    const marker = join(workspace, "released.marker");
    copyFileSync(baseline, index);
    const run = ingestProcess(index, marker);
    await waitForFile(marker, run);
    rmSync(marker);
    expect(await run.done).toBe(0);
    expect(await inspect(index, { alpha: alphaNames, beta: betaNames })).toBe("beta");
  }, 60_000);

  it("always leaves an index that opens and answers with wholly the old or wholly the new content", async () => {
    const observed: string[] = [];
    for (const [number, share] of KILL_POINTS.entries()) {
      const index = join(workspace, `killed-${number}.db`);
      copyFileSync(baseline, index);
      const run = ingestProcess(index);
      const timer = setTimeout(run.kill, Math.round(fullRunMs * share));
      const code = await run.done;
      clearTimeout(timer);
      const version = await inspect(index, { alpha: alphaNames, beta: betaNames });
      observed.push(
        `${Math.round(share * 100)}% -> ${code === null ? "killed" : `exit ${code}`}, ${version}`,
      );
    }
    process.stderr.write(
      `kill -9 points (run ${Math.round(fullRunMs)} ms, shared machine): ${observed.join("; ")}\n`,
    );
    // The kills must not all have landed after the run finished, or the timed part proved nothing.
    expect(observed.filter((entry) => entry.includes("killed")).length).toBeGreaterThanOrEqual(
      KILL_POINTS.length / 2,
    );
  }, 240_000);
});
