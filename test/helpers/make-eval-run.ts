import type { CaseResult, RunFile } from "../../src/eval/runner/run-file.ts";
import { summarizeRun } from "../../src/eval/runner/summarize-run.ts";

/** A passing answerable case of the `golden` suite with one citation, for report tests; `fields` override. */
export function makeCaseResult(id: string, fields: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    kind: "answerable",
    suite: "golden",
    question: `Question ${id}`,
    tags: [],
    requiredSourceUrls: [],
    pass: true,
    passCount: 1,
    flaky: false,
    scores: [{ name: "mustContain", pass: true, score: 1, reason: "all found" }],
    metrics: { mustContain: 1 },
    answer: "An answer [1].",
    refused: false,
    citations: [{ n: 1, chunkId: "c", url: "guides/a.md#x", title: "A" }],
    retrieved: [{ url: "guides/a.md#x", title: "A", score: 3 }],
    timings: { retrieveMs: 1, generateMs: 1, totalMs: 2 },
    usage: null,
    cost: 0,
    error: null,
    attempts: [{ pass: true, totalMs: 2, error: null }],
    ...fields,
  };
}

/**
 * A run file of the extractive answerer over a `golden` suite of 2 cases and a `safety` suite of
 * 1, holding `cases` and their summary; `fields` override.
 */
export function makeRunFile(cases: readonly CaseResult[], fields: Partial<RunFile> = {}): RunFile {
  return {
    format: "docent-eval-run",
    formatVersion: 1,
    id: "run-1",
    startedAt: "2025-01-01T00:00:00.000Z",
    durationMs: 1234,
    label: "extractive",
    suites: [
      { file: "golden.yaml", name: "golden", hash: "a".repeat(64), cases: 2 },
      { file: "safety.yaml", name: "safety", hash: "b".repeat(64), cases: 1 },
    ],
    suiteHash: "c".repeat(64),
    corpus: { dir: "docs", hash: "d".repeat(64), version: 1, documents: 3, chunks: 9, planted: [] },
    promptVersion: "p1",
    provider: "extractive",
    model: "extractive-v1",
    retrieval: { topK: 5 },
    answerSettings: {},
    chunkSettings: {},
    repeat: 1,
    concurrency: 1,
    summary: summarizeRun(cases),
    cases,
    ...fields,
  };
}
