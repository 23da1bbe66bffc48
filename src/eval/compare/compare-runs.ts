import type { CaseResult, RunFile } from "../runner/run-file.ts";
import { effectivePass, type HumanVerdict } from "../runner/summarize-run.ts";
import { type McNemarResult, mcnemarExact } from "./mcnemar-exact.ts";
import { type BootstrapInterval, pairedBootstrap } from "./paired-bootstrap.ts";

/** A case whose verdict differs between the two runs. */
export interface Flip {
  readonly id: string;
  readonly kind: string;
  readonly tags: readonly string[];
  readonly direction: "regression" | "improvement";
  /** Reasons of the failing scorers in the run where it fails. */
  readonly reasons: readonly string[];
}

/** One metric's change with its paired-bootstrap interval. */
export interface MetricDelta extends BootstrapInterval {
  readonly name: string;
  readonly baseline: number;
  readonly candidate: number;
  /** Cases paired for this metric (both runs scored it). */
  readonly cases: number;
  /** The whole interval lies below zero. */
  readonly significantDrop: boolean;
}

export interface RunComparison {
  readonly baselineLabel: string;
  readonly candidateLabel: string;
  /** Differences that make the comparison less meaningful (other suites, other corpus). */
  readonly warnings: readonly string[];
  readonly paired: number;
  readonly onlyInBaseline: readonly string[];
  readonly onlyInCandidate: readonly string[];
  readonly flips: readonly Flip[];
  readonly metrics: readonly MetricDelta[];
  readonly mcnemar: McNemarResult;
  /** Cases tagged `must-pass` that fail in the candidate. */
  readonly mustPassFailures: readonly string[];
  /** True when the candidate should be blocked; `reasons` says why. */
  readonly regressed: boolean;
  readonly reasons: readonly string[];
}

export interface CompareRunsOptions {
  readonly baselineLabels?: ReadonlyMap<string, HumanVerdict>;
  readonly candidateLabels?: ReadonlyMap<string, HumanVerdict>;
  /** Seed of the bootstrap. Default 1. */
  readonly seed?: number;
  /** Bootstrap resamples. Default 2000. */
  readonly iterations?: number;
  /** Significance level of the McNemar test and 1 - confidence of the intervals. Default 0.05. */
  readonly alpha?: number;
}

/** Scorers whose score is informational (always 1 without a budget) and not compared. */
const NOT_COMPARED = new Set(["latency", "cost", "error"]);

/**
 * Compares a candidate run with a baseline, case by case (paired by id): which cases flipped,
 * the pass rate and each scorer's mean score with a paired-bootstrap interval, and an exact
 * McNemar test on the flips. The candidate regressed when a `must-pass` case fails, when a
 * metric's interval lies wholly below zero, or when McNemar finds significantly more
 * regressions than improvements.
 */
export function compareRuns(
  baseline: RunFile,
  candidate: RunFile,
  options: CompareRunsOptions = {},
): RunComparison {
  const alpha = options.alpha ?? 0.05;
  const warnings: string[] = [];
  if (baseline.suiteHash !== candidate.suiteHash)
    warnings.push("the runs used different suite files (suite hashes differ)");
  if (baseline.corpus.hash !== candidate.corpus.hash)
    warnings.push("the runs evaluated different corpora (corpus hashes differ)");
  const baselineById = new Map(baseline.cases.map((result) => [result.id, result]));
  const candidateById = new Map(candidate.cases.map((result) => [result.id, result]));
  const pairs: Array<[CaseResult, CaseResult]> = [];
  for (const result of candidate.cases) {
    const before = baselineById.get(result.id);
    if (before) pairs.push([before, result]);
  }
  const passBefore = (result: CaseResult) => effectivePass(result, options.baselineLabels);
  const passAfter = (result: CaseResult) => effectivePass(result, options.candidateLabels);

  const flips: Flip[] = [];
  for (const [before, after] of pairs) {
    if (passBefore(before) === passAfter(after)) continue;
    const regression = passBefore(before);
    const failing = regression ? after : before;
    flips.push({
      id: after.id,
      kind: after.kind,
      tags: after.tags,
      direction: regression ? "regression" : "improvement",
      reasons: failing.scores.filter((score) => !score.pass).map((score) => `${score.name}: ${score.reason}`),
    });
  }
  const bootstrap = { seed: options.seed ?? 1, iterations: options.iterations, confidence: 1 - alpha };
  const metric = (name: string, values: Array<[number, number]>): MetricDelta => {
    const interval = pairedBootstrap(
      values.map(([before]) => before),
      values.map(([, after]) => after),
      bootstrap,
    );
    const mean = (side: 0 | 1) =>
      values.length === 0 ? 0 : values.reduce((sum, pair) => sum + pair[side], 0) / values.length;
    return {
      name,
      baseline: mean(0),
      candidate: mean(1),
      cases: values.length,
      ...interval,
      significantDrop: interval.high < 0,
    };
  };
  const metrics: MetricDelta[] = [
    metric(
      "passRate",
      pairs.map(([before, after]) => [passBefore(before) ? 1 : 0, passAfter(after) ? 1 : 0]),
    ),
  ];
  const scorerNames = [...new Set(pairs.flatMap(([before]) => Object.keys(before.metrics)))].filter(
    (name) => !NOT_COMPARED.has(name),
  );
  for (const name of scorerNames) {
    const values = pairs.flatMap(([before, after]): Array<[number, number]> => {
      const left = before.metrics[name];
      const right = after.metrics[name];
      return left === undefined || right === undefined ? [] : [[left, right]];
    });
    if (values.length > 0) metrics.push(metric(name, values));
  }
  const regressions = flips.filter((flip) => flip.direction === "regression").length;
  const mcnemar = mcnemarExact(regressions, flips.length - regressions);
  const mustPassFailures = candidate.cases
    .filter((result) => result.tags.includes("must-pass") && !passAfter(result))
    .map((result) => result.id);

  const reasons: string[] = [];
  if (mustPassFailures.length > 0) reasons.push(`must-pass case(s) failing: ${mustPassFailures.join(", ")}`);
  for (const item of metrics.filter((entry) => entry.significantDrop)) {
    reasons.push(
      `${item.name} dropped ${formatSigned(item.delta)} (${Math.round((1 - alpha) * 100)}% CI ${formatSigned(item.low)} to ${formatSigned(item.high)})`,
    );
  }
  if (mcnemar.pValue < alpha && mcnemar.regressions > mcnemar.improvements) {
    reasons.push(
      `McNemar: ${mcnemar.regressions} regressions vs ${mcnemar.improvements} improvements, p = ${mcnemar.pValue.toPrecision(3)}`,
    );
  }
  return {
    baselineLabel: baseline.label,
    candidateLabel: candidate.label,
    warnings,
    paired: pairs.length,
    onlyInBaseline: baseline.cases
      .filter((result) => !candidateById.has(result.id))
      .map((result) => result.id),
    onlyInCandidate: candidate.cases
      .filter((result) => !baselineById.has(result.id))
      .map((result) => result.id),
    flips,
    metrics,
    mcnemar,
    mustPassFailures,
    regressed: reasons.length > 0,
    reasons,
  };
}

/** `+0.042` / `-0.100` */
export function formatSigned(value: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(3)}`;
}
