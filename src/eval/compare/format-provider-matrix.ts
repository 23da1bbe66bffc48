import { formatRate, formatTable } from "../report/format-run-table.ts";
import type { RunFile } from "../runner/run-file.ts";
import { CASE_KINDS } from "../suite/eval-case.ts";

/** Mean of a scorer's score over the cases that have it, or null. */
function meanMetric(run: RunFile, name: string): number | null {
  const values = run.cases.flatMap((result) =>
    result.metrics[name] === undefined ? [] : [result.metrics[name] as number],
  );
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * The side-by-side matrix of several runs of the same suites (one column per provider or
 * setting): pass rate overall and by kind, refusal errors both ways, citation precision,
 * groundedness, p50/p95 latency and cost per 100 answers.
 */
export function formatProviderMatrix(runs: readonly RunFile[]): string {
  const rows: string[][] = [];
  const row = (name: string, value: (run: RunFile) => string) => rows.push([name, ...runs.map(value)]);
  row(
    "pass rate",
    (run) =>
      `${formatRate(run.summary.passed, run.summary.total)} (${run.summary.passed}/${run.summary.total})`,
  );
  for (const kind of CASE_KINDS) {
    row(`  ${kind}`, (run) => {
      const { passed, total } = run.summary.byKind[kind];
      return `${formatRate(passed, total)} (${passed}/${total})`;
    });
  }
  row("false answers", (run) => String(run.summary.falseAnswers));
  row("false refusals", (run) => String(run.summary.falseRefusals));
  const metric = (value: number | null) => (value === null ? "-" : value.toFixed(3));
  row("citation precision", (run) => metric(meanMetric(run, "citationPrecision")));
  row("citation recall", (run) => metric(meanMetric(run, "citationRecall")));
  row("groundedness", (run) => metric(meanMetric(run, "groundedness")));
  row("latency p50 ms", (run) => String(run.summary.latencyMs.p50));
  row("latency p95 ms", (run) => String(run.summary.latencyMs.p95));
  row("cost / 100 answers", (run) =>
    run.summary.costUsd === null
      ? "unknown"
      : `$${((run.summary.costUsd / Math.max(1, run.summary.total * run.repeat)) * 100).toFixed(4)}`,
  );
  row("errors", (run) => String(run.summary.errors));
  return `${formatTable(["", ...runs.map((run) => run.label)], rows)}\n`;
}
