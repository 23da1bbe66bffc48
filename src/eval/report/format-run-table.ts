import type { CaseResult, RunFile, RunSummary } from "../runner/run-file.ts";
import { effectivePass, type HumanVerdict } from "../runner/summarize-run.ts";
import { CASE_KINDS } from "../suite/eval-case.ts";

/** Formats rows as a plain-text table with aligned columns (first column left, others right). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** `12/14 (85.7%)` */
export function formatRate(passed: number, total: number): string {
  return total === 0 ? "-" : `${((passed / total) * 100).toFixed(1)}%`;
}

/**
 * The terminal report of a run: what was run, pass rates by kind, refusal errors, latency and
 * cost, then each failing case with the reasons of its failing scorers. Human labels (when
 * given) override verdicts and are marked.
 */
export function formatRunTable(
  run: RunFile,
  summary: RunSummary,
  labels?: ReadonlyMap<string, HumanVerdict>,
): string {
  const out: string[] = [];
  out.push(
    `Run ${run.label} on ${run.suites.map((suite) => suite.name).join(", ")}: corpus ${run.corpus.hash.slice(0, 12)} (${run.corpus.documents} documents, ${run.corpus.chunks} chunks), prompt ${run.promptVersion}, top-k ${String(run.retrieval.topK)}, repeat ${run.repeat}`,
    "",
  );
  const rows = CASE_KINDS.filter((kind) => summary.byKind[kind].total > 0).map((kind) => {
    const { total, passed } = summary.byKind[kind];
    return [kind, String(total), String(passed), String(total - passed), formatRate(passed, total)];
  });
  rows.push([
    "total",
    String(summary.total),
    String(summary.passed),
    String(summary.failed),
    formatRate(summary.passed, summary.total),
  ]);
  out.push(formatTable(["kind", "cases", "passed", "failed", "pass rate"], rows), "");
  out.push(
    `false answers ${summary.falseAnswers}, false refusals ${summary.falseRefusals}, flaky ${summary.flaky.length}, errors ${summary.errors}` +
      `; latency p50 ${summary.latencyMs.p50} ms, p95 ${summary.latencyMs.p95} ms; cost ${summary.costUsd === null ? "unknown" : `$${summary.costUsd.toFixed(4)}`}` +
      (summary.humanLabelled > 0 ? `; ${summary.humanLabelled} verdict(s) set by human review` : ""),
  );
  const failing = run.cases.filter((result) => !effectivePass(result, labels));
  if (failing.length > 0) {
    out.push("", "Failing cases:");
    for (const result of failing) out.push(...describeFailure(result, labels));
  }
  if (summary.flaky.length > 0)
    out.push("", `Flaky (passed some attempts only): ${summary.flaky.join(", ")}`);
  return `${out.join("\n")}\n`;
}

function describeFailure(result: CaseResult, labels?: ReadonlyMap<string, HumanVerdict>): string[] {
  const lines = [
    `  ${result.id} (${result.kind}${result.tags.length > 0 ? `; ${result.tags.join(", ")}` : ""})${result.attempts.length > 1 ? ` passed ${result.passCount}/${result.attempts.length}` : ""}`,
  ];
  if (labels?.has(result.id) && result.pass) lines.push("    failed by human review");
  for (const score of result.scores.filter((item) => !item.pass))
    lines.push(`    ${score.name}: ${score.reason}`);
  return lines;
}
