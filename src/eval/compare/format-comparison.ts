import { formatTable } from "../report/format-run-table.ts";
import { formatSigned, type RunComparison } from "./compare-runs.ts";

/** The terminal report of a comparison: warnings, flips, metric deltas with CIs, McNemar, verdict. */
export function formatComparison(comparison: RunComparison): string {
  const out: string[] = [
    `Baseline ${comparison.baselineLabel} vs candidate ${comparison.candidateLabel}: ${comparison.paired} paired cases`,
  ];
  for (const warning of comparison.warnings) out.push(`warning: ${warning}`);
  if (comparison.onlyInBaseline.length > 0)
    out.push(`only in baseline: ${comparison.onlyInBaseline.join(", ")}`);
  if (comparison.onlyInCandidate.length > 0)
    out.push(`only in candidate: ${comparison.onlyInCandidate.join(", ")}`);
  out.push("");
  if (comparison.flips.length === 0) out.push("No case flipped.");
  else {
    out.push("Flipped cases:");
    for (const flip of comparison.flips) {
      out.push(
        `  ${flip.direction === "regression" ? "pass -> FAIL" : "fail -> pass"}  ${flip.id} (${flip.kind})`,
      );
      if (flip.direction === "regression") for (const reason of flip.reasons) out.push(`      ${reason}`);
    }
  }
  out.push("");
  const level = Math.round((comparison.metrics[0]?.confidence ?? 0.95) * 100);
  out.push(
    formatTable(
      ["metric", "baseline", "candidate", "delta", `${level}% CI`, "cases", ""],
      comparison.metrics.map((metric) => [
        metric.name,
        metric.baseline.toFixed(3),
        metric.candidate.toFixed(3),
        formatSigned(metric.delta),
        `[${formatSigned(metric.low)}, ${formatSigned(metric.high)}]`,
        String(metric.cases),
        metric.significantDrop ? "DROP" : "",
      ]),
    ),
  );
  out.push(
    "",
    `McNemar exact test: ${comparison.mcnemar.regressions} regression(s), ${comparison.mcnemar.improvements} improvement(s), p = ${comparison.mcnemar.pValue.toPrecision(3)}`,
    "",
    comparison.regressed ? `REGRESSION: ${comparison.reasons.join("; ")}` : "No significant regression.",
  );
  return `${out.join("\n")}\n`;
}
