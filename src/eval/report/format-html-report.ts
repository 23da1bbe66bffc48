import type { Agreement } from "../review/cohen-kappa.ts";
import type { CaseResult, RunFile, RunSummary } from "../runner/run-file.ts";
import { effectivePass, type HumanVerdict } from "../runner/summarize-run.ts";
import { CASE_KINDS } from "../suite/eval-case.ts";
import { escapeMarkup } from "./escape-markup.ts";
import { barChartSvg, histogramSvg } from "./svg-charts.ts";

export interface HtmlReportOptions {
  readonly labels?: ReadonlyMap<string, HumanVerdict & { readonly note?: string }>;
  /** Judge-human (or scorer-human) agreement, shown once there are labels. */
  readonly agreement?: Agreement | null;
}

/**
 * A self-contained HTML report of a run: no script and no external resource (charts are inline
 * SVG, styles inline), so it can be attached to a CI job or mailed. Shows the run's settings,
 * pass rate by kind and by tag, latency and cost distributions, and every failing case with its
 * question, answer, sources and the reasons of its failing scorers. Every piece of text from the
 * suite, the docs or the model is escaped.
 */
export function formatHtmlReport(run: RunFile, summary: RunSummary, options: HtmlReportOptions = {}): string {
  const e = escapeMarkup;
  const labels = options.labels;
  const kindBars = CASE_KINDS.filter((kind) => summary.byKind[kind].total > 0).map((kind) => {
    const { passed, total } = summary.byKind[kind];
    return { label: kind, value: passed / total, text: `${passed}/${total}` };
  });
  const tagBars = Object.entries(summary.byTag).map(([tag, { passed, total }]) => ({
    label: tag,
    value: passed / total,
    text: `${passed}/${total}`,
  }));
  const costs = run.cases.flatMap((result) => (result.cost === null ? [] : [result.cost]));
  const failing = run.cases.filter((result) => !effectivePass(result, labels));
  const settings: Array<[string, string]> = [
    ["provider / model", `${run.provider} / ${run.model}`],
    ["suites", run.suites.map((suite) => `${suite.file} (${suite.hash.slice(0, 12)})`).join(", ")],
    [
      "corpus",
      `${run.corpus.dir} — hash ${run.corpus.hash.slice(0, 12)}, ${run.corpus.documents} documents, ${run.corpus.chunks} chunks, ${run.corpus.planted.length} planted page(s)`,
    ],
    ["prompt version", run.promptVersion],
    ["retrieval", JSON.stringify(run.retrieval)],
    ["repeat / concurrency", `${run.repeat} / ${run.concurrency}`],
    ["started", `${run.startedAt} (${(run.durationMs / 1000).toFixed(1)} s)`],
  ];
  const agreement = options.agreement;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(`Docent eval: ${run.label}`)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
.pass{color:#2e7d32}.fail{color:#c62828}.charts{display:flex;flex-wrap:wrap;gap:2rem}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.6rem;border-radius:4px}
section.case{border-top:2px solid #c62828;margin-top:1.5rem;padding-top:.5rem}
</style></head><body>
<h1>${e(`Docent evaluation — ${run.label}`)}</h1>
<p class="${summary.failed === 0 ? "pass" : "fail"}"><strong>${summary.passed}/${summary.total} passed (${(summary.passRate * 100).toFixed(1)}%)</strong>; false answers ${summary.falseAnswers}, false refusals ${summary.falseRefusals}, flaky ${summary.flaky.length}, errors ${summary.errors}; latency p50 ${summary.latencyMs.p50} ms, p95 ${summary.latencyMs.p95} ms; cost ${summary.costUsd === null ? "unknown" : `$${summary.costUsd.toFixed(4)}`}.${summary.humanLabelled > 0 ? ` ${summary.humanLabelled} verdict(s) set by human review.` : ""}</p>
${agreement && agreement.kappa !== null ? `<p>Agreement of automatic verdicts with ${agreement.items} human label(s): ${(agreement.observed * 100).toFixed(0)}% observed, Cohen's κ = ${agreement.kappa.toFixed(2)}.</p>` : ""}
<table>${settings.map(([name, value]) => `<tr><th>${e(name)}</th><td>${e(value)}</td></tr>`).join("")}</table>
<div class="charts">
${barChartSvg("Pass rate by kind", kindBars)}
${tagBars.length > 0 ? barChartSvg("Pass rate by tag", tagBars) : ""}
${histogramSvg(
  "Latency per case",
  run.cases.map((result) => result.timings.totalMs),
  "ms",
)}
${histogramSvg("Cost per case", costs, "USD")}
</div>
<h2>Failing cases (${failing.length})</h2>
${failing.length === 0 ? "<p>None.</p>" : failing.map((result) => formatFailingCase(result, labels)).join("\n")}
</body></html>
`;
}

function formatFailingCase(result: CaseResult, labels: HtmlReportOptions["labels"]): string {
  const e = escapeMarkup;
  const label = labels?.get(result.id);
  const sources =
    result.citations.length > 0
      ? result.citations.map((citation) => `[${citation.n}] ${citation.title} — ${citation.url}`)
      : result.retrieved.map(
          (item) => `(retrieved) ${item.title} — ${item.url} (score ${item.score.toFixed(2)})`,
        );
  return `<section class="case"><h3>${e(result.id)} <small>(${e(result.kind)}${result.tags.length > 0 ? `; ${e(result.tags.join(", "))}` : ""})</small></h3>
${label ? `<p><strong>Human review:</strong> ${label.pass ? "pass" : "fail"}${label.note ? ` — ${e(label.note)}` : ""}</p>` : ""}
<p><strong>Question:</strong> ${e(result.question)}</p>
<p><strong>Answer${result.refused ? " (refused)" : ""}:</strong></p><pre>${e(result.answer || result.error || "")}</pre>
<p><strong>Sources:</strong></p><ul>${sources.map((source) => `<li>${e(source)}</li>`).join("")}</ul>
<table><tr><th>scorer</th><th>verdict</th><th>score</th><th>reason</th></tr>${result.scores.map((score) => `<tr><td>${e(score.name)}</td><td class="${score.pass ? "pass" : "fail"}">${score.pass ? "pass" : "fail"}</td><td>${score.score.toFixed(2)}</td><td>${e(score.reason)}</td></tr>`).join("")}</table>
</section>`;
}
