import type { Citation, Usage } from "../../core/answer.ts";
import type { ScoreResult } from "../scorers/score-result.ts";
import type { CaseKind } from "../suite/eval-case.ts";

/** One answer to one case (a case is answered `repeat` times). */
export interface AttemptResult {
  readonly pass: boolean;
  readonly totalMs: number;
  /** The provider error or crash, when the attempt failed to produce an answer. */
  readonly error: string | null;
}

/** The result of one case in a run file. */
export interface CaseResult {
  readonly id: string;
  readonly kind: CaseKind;
  readonly suite: string;
  readonly question: string;
  readonly tags: readonly string[];
  readonly requiredSourceUrls: readonly string[];
  /** pass^N: true only when every attempt passed. */
  readonly pass: boolean;
  /** How many of the attempts passed. */
  readonly passCount: number;
  /** Some attempts passed and some failed. */
  readonly flaky: boolean;
  /** Scores of the reported attempt: the first failing one, else the first. */
  readonly scores: readonly ScoreResult[];
  /** Mean score of each scorer over all attempts (what comparisons use). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly answer: string;
  readonly refused: boolean;
  readonly citations: readonly Citation[];
  readonly retrieved: ReadonlyArray<{ readonly url: string; readonly title: string; readonly score: number }>;
  /** Timings of the reported attempt, in milliseconds. */
  readonly timings: { readonly retrieveMs: number; readonly generateMs: number; readonly totalMs: number };
  readonly usage: Usage | null;
  /** US dollars summed over attempts; null when the model's price is unknown. */
  readonly cost: number | null;
  readonly error: string | null;
  readonly attempts: readonly AttemptResult[];
}

/** Pass counts of one group of cases. */
export interface PassCount {
  readonly total: number;
  readonly passed: number;
}

/** The summary `docent eval run --json` prints. */
export interface RunSummary extends PassCount {
  readonly failed: number;
  readonly passRate: number;
  readonly byKind: Readonly<Record<CaseKind, PassCount>>;
  readonly byTag: Readonly<Record<string, PassCount>>;
  readonly flaky: readonly string[];
  readonly errors: number;
  /** Refusal errors both ways: refusal cases answered, answerable cases refused. */
  readonly falseAnswers: number;
  readonly falseRefusals: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly mean: number };
  readonly costUsd: number | null;
  /** Failing cases tagged `must-pass`. */
  readonly mustPassFailures: readonly string[];
  /** Cases whose verdict a human label decided. */
  readonly humanLabelled: number;
}

/**
 * Everything needed to reproduce a run and compare it with another one. Written by
 * `docent eval run --out run.json`.
 */
export interface RunFile {
  readonly format: "docent-eval-run";
  readonly formatVersion: 1;
  readonly id: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** Label of the configuration (provider spec), e.g. `extractive` or `openai:gpt-4.1-mini`. */
  readonly label: string;
  readonly suites: ReadonlyArray<{
    readonly file: string;
    readonly name: string;
    readonly hash: string;
    readonly cases: number;
  }>;
  /** sha256 over the suites' hashes: runs of different suites are not comparable. */
  readonly suiteHash: string;
  readonly corpus: {
    readonly dir: string;
    readonly hash: string;
    readonly version: number;
    readonly documents: number;
    readonly chunks: number;
    readonly planted: readonly string[];
  };
  readonly promptVersion: string;
  readonly provider: string;
  readonly model: string;
  readonly retrieval: Readonly<Record<string, unknown>>;
  readonly answerSettings: Readonly<Record<string, unknown>>;
  readonly chunkSettings: Readonly<Record<string, unknown>>;
  readonly repeat: number;
  readonly concurrency: number;
  /** The LLM judge of the run (`--judge`), or null/absent when none ran. */
  readonly judge?: {
    readonly provider: string;
    readonly model: string;
    readonly rubricVersion: string;
  } | null;
  readonly summary: RunSummary;
  readonly cases: readonly CaseResult[];
}
