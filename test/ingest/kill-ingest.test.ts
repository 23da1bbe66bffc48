import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../helpers/datasets.ts";
import { runDocent } from "../helpers/run-docent.ts";
import { runCliInProcess } from "./run-cli-in-process.ts";

const PAGES = 240;
/** Points in the ingest, as shares of one measured uninterrupted run, at which the process is killed. */
const KILL_POINTS = [0.3, 0.6, 0.8, 0.86, 0.9, 0.92, 0.94, 0.97];

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

function ingestProcess(index: string): { done: Promise<number | null>; kill: () => void } {
  const child = spawn(
    process.execPath,
    [join(REPOSITORY_ROOT, "bin", "docent.js"), "ingest", folder, "--index", index, "--json"],
    {
      cwd: workspace,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
      stdio: "ignore",
    },
  );
  return {
    done: new Promise((resolve) => child.on("exit", (code) => resolve(code))),
    kill: () => child.kill("SIGKILL"),
  };
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

  it("always leaves an index that opens and answers with wholly the old or wholly the new content", async () => {
    const observed: string[] = [];
    for (const [number, share] of KILL_POINTS.entries()) {
      const index = join(workspace, `killed-${number}.db`);
      copyFileSync(baseline, index);
      const run = ingestProcess(index);
      const timer = setTimeout(run.kill, Math.round(fullRunMs * share));
      const code = await run.done;
      clearTimeout(timer);

      const database = new BetterSqlite3(index);
      expect(database.pragma("integrity_check", { simple: true })).toBe("ok");
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
      expect(names).toEqual(version === "alpha" ? alphaNames : betaNames);
      expect(documents.every((document) => document.chunkCount > 0)).toBe(true);

      const asked = await runCliInProcess(
        ["ask", "--json", "--index", index, "What does page 100 explain?"],
        workspace,
      );
      expect(asked.code, asked.stderr).toBe(0);
      const answer = JSON.parse(asked.stdout) as { retrieved: Array<{ chunkId: string }>; answer: string };
      expect(answer.retrieved.length).toBeGreaterThan(0);
      const database2 = new BetterSqlite3(index, { readonly: true });
      const texts = database2.prepare("SELECT text FROM chunks").pluck().all() as string[];
      database2.close();
      const other = version === "alpha" ? "versionbeta" : "versionalpha";
      expect(texts.some((text) => text.includes(other))).toBe(false);
      observed.push(
        `${Math.round(share * 100)}% -> ${code === null ? "killed" : `exit ${code}`}, ${version}`,
      );
    }
    process.stderr.write(
      `kill -9 points (run ${Math.round(fullRunMs)} ms, shared machine): ${observed.join("; ")}\n`,
    );
    // The kills must not all have landed after the run finished, or the test proved nothing.
    expect(observed.filter((entry) => entry.includes("killed")).length).toBeGreaterThanOrEqual(
      KILL_POINTS.length / 2,
    );
  }, 240_000);
});
