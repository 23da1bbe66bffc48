import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import type { ModelPrice } from "../../answer/usage/price-table.ts";
import type { Generator } from "../../core/answer.ts";
import { DocentError } from "../../core/errors.ts";
import { compareRuns } from "../../eval/compare/compare-runs.ts";
import { formatComparison } from "../../eval/compare/format-comparison.ts";
import { createJudge, type Judge } from "../../eval/judge/create-judge.ts";
import { createFileJudgeCache } from "../../eval/judge/judge-cache.ts";
import { formatHtmlReport } from "../../eval/report/format-html-report.ts";
import { formatJunit } from "../../eval/report/format-junit.ts";
import { formatRunTable } from "../../eval/report/format-run-table.ts";
import { agreementWithHumans, formatAgreement } from "../../eval/review/agreement-with-humans.ts";
import { labelsPathFor, readReviewLabels, verdictsOf } from "../../eval/review/review-labels.ts";
import { evaluateSuites } from "../../eval/runner/evaluate-suites.ts";
import { readRunFile } from "../../eval/runner/read-run-file.ts";
import type { RunFile } from "../../eval/runner/run-file.ts";
import { summarizeRun } from "../../eval/runner/summarize-run.ts";
import { loadSuites } from "../../eval/suite/load-suite.ts";
import { createGenerator } from "../../pipeline/create-generator.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";
import { createProgressReporter } from "../progress-reporter.ts";
import { BUNDLED_DOCS } from "./demo-command.ts";

interface EvalRunOptions extends CommonOptions {
  readonly docs?: string;
  readonly provider?: string;
  readonly repeat: number;
  readonly concurrency: number;
  readonly out?: string;
  readonly junit?: string;
  readonly html?: string;
  readonly baseline?: string;
  readonly seed: number;
  readonly strict?: boolean;
  readonly price?: ModelPrice;
  readonly label?: string;
  readonly judge?: string;
  readonly judgeRubric?: string;
  readonly judgeCache?: string;
}

/** The rubric the judge grades by unless `--judge-rubric` names another. */
export const DEFAULT_JUDGE_RUBRIC = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "eval",
  "judge",
  "rubric.md",
);

/** Builds the `--judge` of a run: its own generator (no fallback), the rubric file, the verdict cache. */
export function buildJudge(
  options: EvalRunOptions,
  environment: CommandEnvironment,
  underTest: Generator,
): Judge | undefined {
  if (options.judge === undefined) return undefined;
  const config = resolveConfig(options, environment, providerSettings(options.judge));
  const rubricPath = resolve(environment.cwd, options.judgeRubric ?? DEFAULT_JUDGE_RUBRIC);
  if (!existsSync(rubricPath))
    throw new DocentError("INPUT_INVALID", `--judge-rubric: ${rubricPath} does not exist`);
  return createJudge({
    generator: createGenerator({ ...config, answer: { ...config.answer, fallback: [] } }),
    rubric: readFileSync(rubricPath, "utf8"),
    underTest,
    cache: createFileJudgeCache(
      resolve(environment.cwd, options.judgeCache ?? join(".docent", "judge-cache")),
    ),
  });
}

/** Parses a positive integer flag value. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return number;
}

function parsePrice(value: string): ModelPrice {
  const [input, output] = value.split(",").map(Number);
  if (input === undefined || output === undefined || !(input >= 0) || !(output >= 0)) {
    throw new InvalidArgumentError(`expected <input>,<output> US dollars per million tokens, got "${value}"`);
  }
  return { inputPerMillion: input, outputPerMillion: output };
}

/** Settings a provider spec (`provider[:model]`) sets. */
export function providerSettings(spec: string | undefined): Array<[string, string]> {
  if (spec === undefined) return [];
  const colon = spec.indexOf(":");
  if (colon < 0) return [["answer.provider", spec]];
  return [
    ["answer.provider", spec.slice(0, colon)],
    ["answer.model", spec.slice(colon + 1)],
  ];
}

/** Writes the reports a run asked for (`--out`, `--junit`, `--html`). */
export function writeReports(
  run: RunFile,
  options: { out?: string; junit?: string; html?: string; labelsPath?: string },
  environment: CommandEnvironment,
): void {
  const labelsPath =
    options.labelsPath ?? (options.out ? labelsPathFor(resolve(environment.cwd, options.out)) : null);
  const labels = labelsPath && existsSync(labelsPath) ? readReviewLabels(labelsPath, run.id) : null;
  const verdicts = labels ? verdictsOf(labels) : undefined;
  const summary = summarizeRun(run.cases, verdicts);
  if (options.out) writeFileSync(resolve(environment.cwd, options.out), `${JSON.stringify(run, null, 2)}\n`);
  if (options.junit) writeFileSync(resolve(environment.cwd, options.junit), formatJunit(run, verdicts));
  if (options.html) {
    const rated = labels ? agreementWithHumans(labels) : null;
    const agreement = rated ? (rated.judge ?? rated.scorers) : null;
    writeFileSync(
      resolve(environment.cwd, options.html),
      formatHtmlReport(run, summary, { labels: verdicts, agreement }),
    );
  }
}

/** `docent eval run <suite...>` */
export function evalRunCommand(environment: CommandEnvironment): Command {
  return new Command("run")
    .description(
      "Run evaluation suites (YAML or JSONL cases) through the real answer pipeline on a private, freshly " +
        "indexed copy of the docs, score every answer, and report. A failing case or a provider error is " +
        "recorded, never aborts the run. Exits 1 when a must-pass case fails, when --baseline finds a " +
        "significant regression, or (with --strict) when any case not tagged known-gap fails.",
    )
    .argument("<suite...>", "suite files (.yaml, .yml or .jsonl)")
    .option("--docs <dir>", "documentation folder to evaluate (default: the bundled docs)")
    .option("--provider <provider[:model]>", "answerer to evaluate (sets answer.provider and answer.model)")
    .option(
      "--repeat <n>",
      "answer each case n times; a case passes only if all pass (pass^n)",
      positiveInteger,
      1,
    )
    .option("--concurrency <n>", "cases answered at the same time", positiveInteger, 1)
    .option("--out <file>", "write the run file (JSON) for compare, review and reports")
    .option("--junit <file>", "write JUnit XML for CI")
    .option("--html <file>", "write a self-contained HTML report")
    .option("--baseline <run.json>", "compare with a baseline run and exit 1 on a significant regression")
    .option("--seed <n>", "seed of the bootstrap resampling", positiveInteger, 1)
    .option("--label <name>", "name of this configuration in reports (default provider:model)")
    .option("--strict", "exit 1 when any case fails, except cases tagged known-gap")
    .option("--price <in,out>", "model price in US dollars per million input,output tokens", parsePrice)
    .option(
      "--judge <provider:model>",
      "also grade each answer with an LLM judge (must differ from the model under test); advisory, uncertain verdicts go to review",
    )
    .option("--judge-rubric <file>", "rubric the judge grades by (default: eval/judge/rubric.md)")
    .option(
      "--judge-cache <dir>",
      "where judge verdicts are cached by input hash (default: .docent/judge-cache)",
    )
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable (e.g. --set retrieval.topK=1)", collect)
    .option("--json", "print the summary { total, passed, byKind, ... } as one JSON object")
    .addHelpText(
      "after",
      "\nExamples:\n  docent eval run eval/suites/*.yaml --out run.json --junit junit.xml --html report.html\n" +
        "  docent eval run eval/suites/*.yaml --set retrieval.topK=1 --baseline run.json\n" +
        "  docent eval run eval/suites/golden.yaml --repeat 3 --json\n" +
        "  OPENAI_API_KEY=sk-... docent eval run eval/suites/*.yaml --judge openai:gpt-4.1-mini --out run.json\n",
    )
    .action(async (files: string[], options: EvalRunOptions) => {
      const config = resolveConfig(options, environment, providerSettings(options.provider));
      const suites = loadSuites(files, environment.cwd);
      const baseline = options.baseline ? readRunFile(resolve(environment.cwd, options.baseline)) : null;
      const generator = createGenerator(config);
      const judge = buildJudge(options, environment, generator);
      const progress = createProgressReporter(environment.stderr, "eval");
      const run = await evaluateSuites({
        suites,
        docsDir: options.docs ? resolve(environment.cwd, options.docs) : BUNDLED_DOCS,
        docsLabel: options.docs ?? "docs (bundled)",
        config,
        generator,
        judge,
        label: options.label ?? options.provider,
        repeat: options.repeat,
        concurrency: options.concurrency,
        price: options.price,
        onProgress: ({ done, total, caseId }) => progress.update(done, total, caseId),
      });
      progress.stop();
      writeReports(run, options, environment);
      const comparison = baseline ? compareRuns(baseline, run, { seed: options.seed }) : null;
      if (options.json) {
        environment.stdout.write(
          `${JSON.stringify(comparison ? { ...run.summary, gate: comparison } : run.summary)}\n`,
        );
      } else {
        environment.stdout.write(formatRunTable(run, run.summary));
        if (comparison) environment.stdout.write(`\n${formatComparison(comparison)}`);
      }
      const problems: string[] = [];
      if (run.summary.mustPassFailures.length > 0)
        problems.push(`must-pass case(s) failed: ${run.summary.mustPassFailures.join(", ")}`);
      if (comparison?.regressed)
        problems.push(`regression against ${options.baseline}: ${comparison.reasons.join("; ")}`);
      if (options.strict) {
        const failing = run.cases.filter((result) => !result.pass && !result.tags.includes("known-gap"));
        if (failing.length > 0)
          problems.push(`${failing.length} case(s) failed: ${failing.map((result) => result.id).join(", ")}`);
      }
      if (problems.length > 0)
        throw new DocentError("EVAL_FAILED", `evaluation failed: ${problems.join("; ")}`);
    });
}

/** `docent eval report <run.json>`: re-renders the reports of a run, with human review labels applied. */
export function evalReportCommand(environment: CommandEnvironment): Command {
  return new Command("report")
    .description(
      "Render the reports of a saved run again, applying the human review labels stored next to it " +
        "(<run>.labels.json): terminal table, JSON summary, JUnit XML, HTML.",
    )
    .argument("<run.json>", "run file written by docent eval run --out")
    .option("--junit <file>", "write JUnit XML")
    .option("--html <file>", "write a self-contained HTML report")
    .option("--json", "print the summary as one JSON object")
    .addHelpText("after", "\nExample:\n  docent eval report run.json --html report.html --junit junit.xml\n")
    .action((file: string, options: { junit?: string; html?: string; json?: boolean }) => {
      const path = resolve(environment.cwd, file);
      const run = readRunFile(path);
      const labels = readReviewLabels(labelsPathFor(path), run.id);
      const verdicts = verdictsOf(labels);
      const summary = summarizeRun(run.cases, verdicts);
      writeReports(
        run,
        { junit: options.junit, html: options.html, labelsPath: labelsPathFor(path) },
        environment,
      );
      if (options.json) {
        const { judge, scorers } = agreementWithHumans(labels);
        environment.stdout.write(
          `${JSON.stringify({ ...summary, agreement: judge ?? scorers, judgeAgreement: judge, scorerAgreement: scorers })}\n`,
        );
      } else {
        environment.stdout.write(formatRunTable(run, summary, verdicts));
        if (labels.labels.length > 0)
          environment.stdout.write(`\n${formatAgreement(agreementWithHumans(labels))}\n`);
      }
    });
}
