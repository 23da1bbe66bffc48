import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../../test/helpers/datasets.ts";
import { createSqliteStore } from "../store/sqlite/create-sqlite-store.ts";
import { type BeirProgress, runBeirRetrieval } from "./run-beir-retrieval.ts";

const datasetDir = join(REPOSITORY_ROOT, "test", "fixtures", "beir-mini");
const settings = {
  datasetDir,
  retrieval: { fieldWeights: { title: 2, headings: 2, body: 1 } },
  chunk: { targetTokens: 320, overlapTokens: 48 },
};
const folder = mkdtempSync(join(tmpdir(), "docent-beir-runner-"));

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe("runBeirRetrieval", () => {
  it("scores the judged queries of the split with exact, hand-computed metrics", async () => {
    const result = await runBeirRetrieval({ ...settings, split: "test" });
    // q1 ranks d1, d5, d2 with d1 and d2 relevant: (1 + 1/log2(4)) / (1 + 1/log2(3)).
    const q1 = 1.5 / (1 + 1 / Math.log2(3));
    // q2 finds d3 first; q3 has no content words (0); q4 finds its relevant d3 second: 1/log2(3).
    const q4 = 1 / Math.log2(3);
    expect(result.queries).toBe(4);
    expect(result.ndcg10).toBeCloseTo((q1 + 1 + 0 + q4) / 4, 10);
    expect(result.recall10).toBeCloseTo(3 / 4, 10);
    expect(result.recall100).toBeCloseTo(3 / 4, 10);
    expect(result.mrr10).toBeCloseTo((1 + 1 + 0 + 0.5) / 4, 10);
    expect(result.documents).toBe(5);
    expect(result.chunks).toBe(5);
    expect(result.indexSeconds).toBeGreaterThanOrEqual(0);
    expect(result.queryMilliseconds.p95).toBeGreaterThanOrEqual(result.queryMilliseconds.p50);
    const { p50, p95, p99 } = result.latencyMs;
    expect([p50, p95]).toEqual([result.queryMilliseconds.p50, result.queryMilliseconds.p95]);
    expect(p99).toBeGreaterThanOrEqual(p95);
    expect(p50).toBeGreaterThan(0);
  });

  it("counts only the queries of the chosen split", async () => {
    const result = await runBeirRetrieval({ ...settings, split: "train" });
    expect(result).toMatchObject({ queries: 1, ndcg10: 1, recall10: 1, recall100: 1, mrr10: 1 });
  });

  it("keeps a given index and reuses it, rewriting documents only when chunk settings change", async () => {
    const indexPath = join(folder, "kept.db");
    const progress: BeirProgress[] = [];
    const first = await runBeirRetrieval({
      ...settings,
      split: "test",
      indexPath,
      onProgress: (p) => progress.push(p),
    });
    expect(progress.at(0)).toEqual({ phase: "index", done: 5, total: 5 });
    expect(progress.at(-1)).toEqual({ phase: "query", done: 4, total: 4 });

    const again = await runBeirRetrieval({ ...settings, split: "test", indexPath });
    expect(again.ndcg10).toBe(first.ndcg10);
    const store = createSqliteStore({ path: indexPath, mode: "read" });
    expect((await store.stats()).corpusVersion).toBe(1);
    await store.close();

    await runBeirRetrieval({
      ...settings,
      chunk: { targetTokens: 256, overlapTokens: 0 },
      split: "test",
      indexPath,
    });
    const reopened = createSqliteStore({ path: indexPath, mode: "read" });
    expect(await reopened.stats()).toEqual({ documents: 5, chunks: 5, corpusVersion: 2 });
    await reopened.close();
  });

  it("reports a missing split as an invalid dataset", async () => {
    await expect(runBeirRetrieval({ ...settings, split: "dev" })).rejects.toMatchObject({
      code: "DATASET_INVALID",
    });
  });
});
