import type { CaseResult, RunFile } from "../runner/run-file.ts";
import { effectivePass, type HumanVerdict } from "../runner/summarize-run.ts";
import { escapeMarkup } from "./escape-markup.ts";

const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(3);

/**
 * The run as JUnit XML (the de-facto schema CI systems read: `testsuites > testsuite > testcase`
 * with `failure`/`error` children): one `testsuite` per suite file, one `testcase` per case
 * (classname `docent.<suite>.<kind>`), a `failure` listing the failing scorers' reasons, an
 * `error` for a provider error, and the answer in `system-out`. Run settings are `properties`.
 * Human labels override verdicts.
 */
export function formatJunit(run: RunFile, labels?: ReadonlyMap<string, HumanVerdict>): string {
  const failed = (result: CaseResult) => !effectivePass(result, labels) && result.error === null;
  const errored = (result: CaseResult) => !effectivePass(result, labels) && result.error !== null;
  const attribute = (name: string, value: string | number) => `${name}="${escapeMarkup(String(value))}"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites ${attribute("name", `docent eval ${run.label}`)} ${attribute("tests", run.cases.length)} ${attribute("failures", run.cases.filter(failed).length)} ${attribute("errors", run.cases.filter(errored).length)} ${attribute("time", seconds(run.durationMs))}>`,
  );
  for (const suite of run.suites) {
    const cases = run.cases.filter((result) => result.suite === suite.name);
    const time = cases.reduce((sum, result) => sum + result.timings.totalMs, 0);
    lines.push(
      `  <testsuite ${attribute("name", suite.name)} ${attribute("tests", cases.length)} ${attribute("failures", cases.filter(failed).length)} ${attribute("errors", cases.filter(errored).length)} ${attribute("skipped", 0)} ${attribute("time", seconds(time))} ${attribute("timestamp", run.startedAt.replace(/\.\d+Z$/u, ""))}>`,
    );
    lines.push("    <properties>");
    const properties: Array<[string, string]> = [
      ["provider", run.provider],
      ["model", run.model],
      ["suite.file", suite.file],
      ["suite.hash", suite.hash],
      ["corpus.hash", run.corpus.hash],
      ["prompt.version", run.promptVersion],
      ["retrieval.topK", String(run.retrieval.topK)],
      ["repeat", String(run.repeat)],
    ];
    for (const [name, value] of properties)
      lines.push(`      <property ${attribute("name", name)} ${attribute("value", value)}/>`);
    lines.push("    </properties>");
    for (const result of cases) {
      lines.push(
        `    <testcase ${attribute("classname", `docent.${suite.name}.${result.kind}`)} ${attribute("name", result.id)} ${attribute("time", seconds(result.timings.totalMs))}>`,
      );
      const reasons = result.scores
        .filter((score) => !score.pass)
        .map((score) => `${score.name}: ${score.reason}`);
      if (labels?.has(result.id) && result.pass && !effectivePass(result, labels))
        reasons.unshift("failed by human review");
      if (errored(result)) {
        lines.push(
          `      <error ${attribute("message", result.error ?? "error")} ${attribute("type", "provider-error")}>${escapeMarkup(reasons.join("\n"))}</error>`,
        );
      } else if (failed(result)) {
        lines.push(
          `      <failure ${attribute("message", reasons[0] ?? "failed")} ${attribute("type", "eval-failure")}>${escapeMarkup(`Question: ${result.question}\n${reasons.join("\n")}`)}</failure>`,
        );
      }
      lines.push(`      <system-out>${escapeMarkup(result.answer)}</system-out>`);
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
