import { percentile } from "../../core/percentile.ts";
import { refusalError } from "../scorers/refusal-correctness.ts";
import { CASE_KINDS, type CaseKind } from "../suite/eval-case.ts";
import type { CaseResult, PassCount, RunSummary } from "./run-file.ts";

/** A human verdict on a case, overriding the automatic one. */
export interface HumanVerdict {
  readonly pass: boolean;
}

/** A case's verdict after human labels: the label wins when there is one. */
export function effectivePass(result: CaseResult, labels?: ReadonlyMap<string, HumanVerdict>): boolean {
  return labels?.get(result.id)?.pass ?? result.pass;
}

/** Summarises case results; human labels, when given, override automatic verdicts. */
export function summarizeRun(
  cases: readonly CaseResult[],
  labels?: ReadonlyMap<string, HumanVerdict>,
): RunSummary {
  const count = (subset: readonly CaseResult[]): PassCount => ({
    total: subset.length,
    passed: subset.filter((result) => effectivePass(result, labels)).length,
  });
  const byKind = Object.fromEntries(
    CASE_KINDS.map((kind) => [kind, count(cases.filter((result) => result.kind === kind))]),
  ) as Record<CaseKind, PassCount>;
  const tags = [...new Set(cases.flatMap((result) => result.tags))].sort();
  const byTag = Object.fromEntries(
    tags.map((tag) => [tag, count(cases.filter((result) => result.tags.includes(tag)))]),
  );
  const latencies = cases.map((result) => result.timings.totalMs);
  const costs = cases.map((result) => result.cost);
  const all = count(cases);
  const refusalErrors = cases.map((result) =>
    refusalError(result.scores.find((score) => score.name === "refusal")),
  );
  return {
    ...all,
    failed: all.total - all.passed,
    passRate: all.total === 0 ? 0 : all.passed / all.total,
    byKind,
    byTag,
    flaky: cases.filter((result) => result.flaky).map((result) => result.id),
    errors: cases.filter((result) => result.error !== null).length,
    falseAnswers: refusalErrors.filter((error) => error === "false-answer").length,
    falseRefusals: refusalErrors.filter((error) => error === "false-refusal").length,
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      mean: round(
        latencies.length === 0 ? 0 : latencies.reduce((sum, value) => sum + value, 0) / latencies.length,
      ),
    },
    costUsd: costs.some((cost) => cost === null)
      ? null
      : costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0),
    mustPassFailures: cases
      .filter((result) => result.tags.includes("must-pass") && !effectivePass(result, labels))
      .map((result) => result.id),
    humanLabelled: labels ? cases.filter((result) => labels.has(result.id)).length : 0,
  };
}

function round(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(value * 100) / 100;
}
