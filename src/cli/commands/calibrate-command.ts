import { resolve } from "node:path";
import { Command } from "commander";
import { DocentError } from "../../core/errors.ts";
import { createEmbedder } from "../../embed/create-embedder.ts";
import { calibrateDenseWeight, type DenseWeightCalibration } from "../../eval/calibrate-dense-weight.ts";
import { loadLabelledQuestions } from "../../eval/load-labelled-questions.ts";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";
import { createProgressReporter } from "../progress-reporter.ts";

interface CalibrateOptions extends CommonOptions {
  readonly questions: string[];
  readonly embedModel?: string;
  readonly dryRun?: boolean;
  readonly margin?: string;
}

/** Below this many questions a calibrated weight is printed with a warning: it is noisy. */
const FEW_QUESTIONS = 100;

/** `docent calibrate` */
export function calibrateCommand(environment: CommandEnvironment): Command {
  return new Command("calibrate")
    .description(
      "Choose the dense weight of hybrid retrieval for an index from labelled questions and store it with the " +
        "index. Tries weights 0-1, scores each by page-level nDCG@10, and keeps 0 (BM25 ranking) unless a " +
        "weight beats it by the margin. Questions: an eval suite (.yaml, answerable cases with " +
        "requiredSourceUrls) or a .jsonl of { question, sources: [page, ...] }.",
    )
    .requiredOption(
      "--questions <file>",
      "labelled questions, repeatable (eval/suites/golden.yaml, eval/paraphrase/*.jsonl)",
      collect,
    )
    .option("--index <file>", "index file (default .docent/index.db, env DOCENT_INDEX)")
    .option(
      "--embed-model <folder-or-hub-id>",
      "the index's embedding model (embedding.model, env DOCENT_EMBED_MODEL)",
    )
    .option("--margin <number>", "least nDCG@10 gain over BM25 for a weight to be chosen", "0.002")
    .option("--dry-run", "print the weights' scores and the choice, store nothing")
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable", collect)
    .option("--json", "print the calibration as one JSON object")
    .addHelpText(
      "after",
      "\nExamples:\n  docent calibrate --questions eval/suites/golden.yaml --embed-model use-lite\n" +
        "  docent calibrate --questions my-questions.jsonl --index .docent/index.db --dry-run\n",
    )
    .action(async (options: CalibrateOptions) => {
      const margin = Number(options.margin ?? "0.002");
      if (!(margin >= 0 && margin < 1)) {
        throw new DocentError(
          "INPUT_INVALID",
          `--margin = "${options.margin}": expected a number from 0 to 1`,
          {
            details: { option: "--margin", value: options.margin },
          },
        );
      }
      const flags: Array<[string, unknown]> = [];
      if (options.embedModel !== undefined) flags.push(["embedding.model", options.embedModel]);
      const config = resolveConfig(options, environment, flags);
      const questions = options.questions.flatMap((file) => loadLabelledQuestions(file, environment.cwd));
      if (questions.length === 0) {
        throw new DocentError(
          "INPUT_INVALID",
          `${options.questions.join(", ")}: no questions with expected pages (requiredSourceUrls or sources)`,
          { details: { option: "--questions" } },
        );
      }
      const store = createSqliteStore({
        path: resolve(environment.cwd, config.index.path),
        mode: options.dryRun ? "read" : "write",
        vectorSearch: config.retrieval.vectorSearch,
      });
      const progress = createProgressReporter(environment.stderr, "calibrate");
      let calibration: DenseWeightCalibration;
      try {
        const indexModel = await store.embeddingModel();
        if (!indexModel) {
          throw new DocentError(
            "INDEX_INCOMPATIBLE",
            `The index at ${store.location} has no vectors: ingest with an embedding model first (--embed-model)`,
            { details: { path: store.location } },
          );
        }
        const configured = await createEmbedder(config, {
          cwd: environment.cwd,
          environment: environment.environment,
        });
        if (!configured) {
          throw new DocentError(
            "CONFIG_INVALID",
            `The index holds vectors of ${indexModel.key}: set --embed-model or DOCENT_EMBED_MODEL to that model to calibrate`,
            { details: { option: "embedding.model", indexModel: indexModel.key } },
          );
        }
        try {
          if (configured.model.key !== indexModel.key) {
            throw new DocentError(
              "INDEX_INCOMPATIBLE",
              `The index at ${store.location} holds vectors of ${indexModel.key}, not ${configured.model.key}: a calibration only applies to the model it was measured with`,
              { details: { indexModel: indexModel.key, configuredModel: configured.model.key } },
            );
          }
          calibration = await calibrateDenseWeight(store, questions, {
            embedder: configured.embedder,
            fieldWeights: config.retrieval.fieldWeights,
            fusion: config.retrieval.fusion,
            margin,
            sourceName: options.questions.join(", "),
            onProgress: (done, total) => progress.update(done, total, "weights"),
          });
        } finally {
          progress.stop();
          await configured.embedder.close?.();
        }
        if (!options.dryRun) {
          const { denseWeight, source, score, lexicalScore } = calibration;
          await store.saveCalibration({ denseWeight, source, score, lexicalScore });
        }
      } finally {
        await store.close();
      }
      if (options.json) {
        environment.stdout.write(`${JSON.stringify({ ...calibration, stored: !options.dryRun })}\n`);
        return;
      }
      environment.stdout.write(formatCalibration(calibration, options.dryRun === true, store.location));
    });
}

/** The grid, the choice and where it went, for a person. */
export function formatCalibration(
  calibration: DenseWeightCalibration,
  dryRun: boolean,
  location: string,
): string {
  const lines = [`Calibrated on ${calibration.source} in ${calibration.seconds.toFixed(1)} s`];
  for (const { denseWeight, score } of calibration.grid) {
    const mark = denseWeight === calibration.denseWeight ? "  <- chosen" : "";
    lines.push(`  dense weight ${String(denseWeight).padEnd(4)}  nDCG@10 ${score.toFixed(4)}${mark}`);
  }
  if (calibration.denseWeight === 0) {
    lines.push("No weight beat BM25 by the margin: hybrid will rank like BM25 on this index.");
  }
  if (calibration.questions < FEW_QUESTIONS) {
    lines.push(
      `Only ${calibration.questions} questions: differences under ~0.02 are noise; add questions for a firmer choice.`,
    );
  }
  lines.push(
    dryRun
      ? "Dry run: nothing stored."
      : `Stored dense weight ${calibration.denseWeight} in ${location}; \`docent ask\` uses it unless retrieval.fusion.denseWeight is set.`,
  );
  return `${lines.join("\n")}\n`;
}
