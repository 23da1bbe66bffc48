import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Command } from "commander";
import { DocentError } from "../../core/errors.ts";
import { compareRuns } from "../../eval/compare/compare-runs.ts";
import { formatComparison } from "../../eval/compare/format-comparison.ts";
import { formatProviderMatrix } from "../../eval/compare/format-provider-matrix.ts";
import { labelsPathFor, readReviewLabels, verdictsOf } from "../../eval/review/review-labels.ts";
import { evaluateSuites } from "../../eval/runner/evaluate-suites.ts";
import { parseProviderSpecs } from "../../eval/runner/provider-spec.ts";
import { readRunFile } from "../../eval/runner/read-run-file.ts";
import type { RunFile } from "../../eval/runner/run-file.ts";
import { loadSuites } from "../../eval/suite/load-suite.ts";
import { createGenerator } from "../../pipeline/create-generator.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";
import { createProgressReporter } from "../progress-reporter.ts";
import { BUNDLED_DOCS } from "./demo-command.ts";
import { positiveInteger } from "./eval-run-command.ts";

interface EvalCompareOptions extends CommonOptions {
  readonly providers?: string;
  readonly docs?: string;
  readonly repeat: number;
  readonly concurrency: number;
  readonly seed: number;
  readonly outDir?: string;
}

/** `docent eval compare a.json b.json` or `docent eval compare --providers a,b <suite...>` */
export function evalCompareCommand(environment: CommandEnvironment): Command {
  return new Command("compare")
    .description(
      "Compare two run files (baseline first): flipped cases, metric deltas with paired-bootstrap " +
        "confidence intervals and an exact McNemar test; exits 1 on a must-pass failure or a significant " +
        "drop. With --providers, run the suites once per provider (or setting) and print a side-by-side matrix.",
    )
    .argument("<files...>", "two run files, or (with --providers) suite files")
    .option(
      "--providers <list>",
      "comma-separated provider[:model][@key=value...], e.g. extractive,openai:gpt-4.1-mini",
    )
    .option("--docs <dir>", "with --providers: documentation folder to evaluate (default: the bundled docs)")
    .option("--repeat <n>", "with --providers: answers per case", positiveInteger, 1)
    .option("--concurrency <n>", "with --providers: cases answered at the same time", positiveInteger, 1)
    .option("--out-dir <dir>", "with --providers: write one run file per provider into this folder")
    .option("--seed <n>", "seed of the bootstrap resampling", positiveInteger, 1)
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable", collect)
    .option("--json", "print the comparison (or the runs' summaries) as one JSON object")
    .addHelpText(
      "after",
      "\nExamples:\n  docent eval compare base-run.json new-run.json\n" +
        "  docent eval compare --providers extractive,extractive@retrieval.topK=1 eval/suites/*.yaml\n" +
        "  docent eval compare --providers extractive,openai:gpt-4.1-mini,anthropic:claude-sonnet-4 eval/suites/golden.yaml\n",
    )
    .action(async (files: string[], options: EvalCompareOptions) => {
      if (options.providers !== undefined) {
        await compareProviders(files, options, environment);
        return;
      }
      if (files.length !== 2) {
        throw new DocentError(
          "INPUT_INVALID",
          `compare needs exactly two run files (baseline, candidate), got ${files.length}`,
        );
      }
      const [baselinePath, candidatePath] = files.map((file) => resolve(environment.cwd, file)) as [
        string,
        string,
      ];
      const baseline = readRunFile(baselinePath);
      const candidate = readRunFile(candidatePath);
      const comparison = compareRuns(baseline, candidate, {
        seed: options.seed,
        baselineLabels: verdictsOf(readReviewLabels(labelsPathFor(baselinePath), baseline.id)),
        candidateLabels: verdictsOf(readReviewLabels(labelsPathFor(candidatePath), candidate.id)),
      });
      environment.stdout.write(
        options.json ? `${JSON.stringify(comparison)}\n` : formatComparison(comparison),
      );
      if (comparison.regressed)
        throw new DocentError("EVAL_FAILED", `regression: ${comparison.reasons.join("; ")}`);
    });
}

async function compareProviders(
  files: string[],
  options: EvalCompareOptions,
  environment: CommandEnvironment,
): Promise<void> {
  const specs = parseProviderSpecs(options.providers ?? "");
  const suites = loadSuites(files, environment.cwd);
  // Configurations are validated (and generators created) before anything runs, so a typo fails fast.
  const prepared = specs.map((spec) => {
    const config = resolveConfig(options, environment, spec.settings);
    return { spec, config, generator: createGenerator(config) };
  });
  const runs: RunFile[] = [];
  for (const { spec, config, generator } of prepared) {
    const progress = createProgressReporter(environment.stderr, spec.label);
    runs.push(
      await evaluateSuites({
        suites,
        docsDir: options.docs ? resolve(environment.cwd, options.docs) : BUNDLED_DOCS,
        docsLabel: options.docs ?? "docs (bundled)",
        config,
        generator,
        label: spec.label,
        repeat: options.repeat,
        concurrency: options.concurrency,
        onProgress: ({ done, total, caseId }) => progress.update(done, total, caseId),
      }),
    );
    progress.stop();
  }
  if (options.outDir) {
    mkdirSync(resolve(environment.cwd, options.outDir), { recursive: true });
    for (const [index, run] of runs.entries()) {
      const name = `${String(index + 1).padStart(2, "0")}-${run.label.replace(/[^\w.-]+/gu, "_")}.json`;
      writeFileSync(resolve(environment.cwd, options.outDir, name), `${JSON.stringify(run, null, 2)}\n`);
    }
  }
  if (options.json) {
    environment.stdout.write(
      `${JSON.stringify({ runs: runs.map((run) => ({ label: run.label, ...run.summary })) })}\n`,
    );
  } else environment.stdout.write(formatProviderMatrix(runs));
}
