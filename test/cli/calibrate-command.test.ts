import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseDenseWeight } from "../../src/eval/choose-dense-weight.ts";
import { createSqliteStore } from "../../src/store/sqlite/create-sqlite-store.ts";
import { REPOSITORY_ROOT } from "../helpers/datasets.ts";
import { GLOVE, model } from "../helpers/models.ts";
import { runDocent } from "../helpers/run-docent.ts";

const glove = model(GLOVE);
const golden = join(REPOSITORY_ROOT, "eval", "suites", "golden.yaml");

describe.runIf(glove.available)("docent calibrate (bundled docs, GloVe-SIF, golden suite)", () => {
  let folder: string;
  let index: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "docent-calibrate-"));
    index = join(folder, "index.db");
    const ingest = await runDocent(
      ["ingest", join(REPOSITORY_ROOT, "docs"), "--index", index, "--embed-model", glove.path],
      { cwd: folder },
    );
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("scores every weight, chooses by the margin rule and stores the choice with the index", async () => {
    const run = await runDocent(
      ["calibrate", "--questions", golden, "--index", index, "--embed-model", glove.path, "--json"],
      { cwd: folder },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      denseWeight: number;
      grid: Array<{ denseWeight: number; score: number }>;
      questions: number;
      stored: boolean;
      cache: { queryEmbeddings: number };
    };
    expect(result.grid.map((entry) => entry.denseWeight)).toContain(0);
    expect(result.grid.length).toBeGreaterThan(5);
    expect(result.denseWeight).toBe(chooseDenseWeight(result.grid).denseWeight);
    // Each question is embedded once, however many weights are tried.
    expect(result.cache.queryEmbeddings).toBe(result.questions);
    expect(result.stored).toBe(true);
    const store = createSqliteStore({ path: index, mode: "read" });
    try {
      const stored = (await store.embeddingModel())?.calibration;
      expect(stored?.denseWeight).toBe(result.denseWeight);
      expect(stored?.source).toContain("golden.yaml");
    } finally {
      await store.close();
    }
  }, 120_000);

  it("calibrates at ingest time when retrieval.fusion.calibrationQuestions is set", async () => {
    const calibrated = join(folder, "calibrated.db");
    const ingest = await runDocent(
      [
        "ingest",
        join(REPOSITORY_ROOT, "docs"),
        "--index",
        calibrated,
        "--embed-model",
        glove.path,
        "--set",
        `retrieval.fusion.calibrationQuestions=${golden}`,
        "--json",
      ],
      { cwd: folder },
    );
    expect(ingest.code, ingest.stderr).toBe(0);
    const summary = JSON.parse(ingest.stdout) as { calibration?: { denseWeight: number; source: string } };
    expect(summary.calibration?.source).toContain("golden.yaml");
    const store = createSqliteStore({ path: calibrated, mode: "read" });
    try {
      expect((await store.embeddingModel())?.calibration?.denseWeight).toBe(summary.calibration?.denseWeight);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("refuses another model's vectors, and an index without vectors, naming the fix", async () => {
    const other = await runDocent(
      ["calibrate", "--questions", golden, "--index", index, "--embed-model", "use-lite", "--dry-run"],
      { cwd: folder },
    );
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/holds vectors of .*glove.*not tfjs:use-lite/i);

    const bare = join(folder, "bare.db");
    const ingest = await runDocent(["ingest", join(REPOSITORY_ROOT, "docs"), "--index", bare], {
      cwd: folder,
    });
    expect(ingest.code, ingest.stderr).toBe(0);
    const none = await runDocent(
      ["calibrate", "--questions", golden, "--index", bare, "--embed-model", glove.path],
      { cwd: folder },
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/has no vectors: ingest with an embedding model/);
  }, 120_000);
});
