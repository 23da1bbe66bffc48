import { resolve } from "node:path";
import { Command } from "commander";
import { type BeirModeResult, runBeirMode } from "../../eval/run-beir-modes.ts";
import {
  type CommandEnvironment,
  type CommonOptions,
  collect,
  givenSettings,
  resolveConfig,
} from "../command-context.ts";
import { createProgressReporter } from "../progress-reporter.ts";
import { evalCompareCommand } from "./eval-compare-command.ts";
import { formatModeLines, loadEvalModels, saveCalibration } from "./eval-retrieval-models.ts";
import { evalReportCommand, evalRunCommand } from "./eval-run-command.ts";

interface EvalRetrievalOptions extends CommonOptions {
  readonly beir: string;
  readonly split: string;
  readonly mode?: string;
  readonly embedModel?: string;
  readonly calibrate?: boolean;
  readonly saveCalibration?: string;
  readonly rerank?: boolean;
  readonly rerankModel?: string;
}

/** `docent eval ...` */
export function evalCommand(environment: CommandEnvironment): Command {
  const command = new Command("eval").description("Measure Docent's quality.");
  command
    .command("retrieval")
    .description(
      "Run a retrieval benchmark in BEIR format (corpus.jsonl, queries.jsonl, qrels/<split>.tsv). " +
        "Corpus documents go through the same chunking and indexing as ingested docs; a document's " +
        "score is its best chunk's score. Prints nDCG@10, recall@10, recall@100 and MRR@10.",
    )
    .requiredOption("--beir <dir>", "folder of a BEIR-format dataset")
    .option("--split <name>", "which qrels file to score (qrels/<name>.tsv)", "test")
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option(
      "--set <key=value>",
      "any setting, repeatable (e.g. --set retrieval.fieldWeights.title=2)",
      collect,
    )
    .option(
      "--mode <mode>",
      "bm25, vector or hybrid (default hybrid when an embedding model is configured, else bm25)",
    )
    .option("--embed-model <folder-or-hub-id>", "embedding model (embedding.model, env DOCENT_EMBED_MODEL)")
    .option(
      "--calibrate",
      "hybrid: choose the dense weight on the train split first, then score --split with it",
    )
    .option(
      "--save-calibration <index>",
      "with --calibrate: store the chosen weight in this index (same embedding model)",
    )
    .option(
      "--rerank",
      "rerank fused candidates with the cross-encoder of --rerank-model / DOCENT_RERANK_MODEL",
    )
    .option("--rerank-model <folder-or-hub-id>", "cross-encoder model (rerank.model)")
    .option(
      "--json",
      "print { ndcg10, recall10, recall100, mrr10, queries, indexSeconds, latencyMs: { p50, p95, p99 }, ... } as one JSON object",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  docent eval retrieval --beir ../shared/datasets/beir-scifact --split test\n" +
        "  docent eval retrieval --beir ../shared/datasets/beir-scifact --mode hybrid --calibrate \\\n" +
        "    --embed-model ../shared/models/derived__glove-6B-100d-sif\n",
    )
    .action(async (options: EvalRetrievalOptions) => {
      const config = resolveConfig(
        options,
        environment,
        givenSettings([
          ["embedding.model", options.embedModel],
          ["rerank.model", options.rerankModel],
        ]),
      );
      const models = await loadEvalModels(config, options, environment);
      const progress = createProgressReporter(environment.stderr, "eval");
      let result: BeirModeResult;
      try {
        result = await runBeirMode({
          datasetDir: resolve(environment.cwd, options.beir),
          split: options.split,
          retrieval: config.retrieval,
          chunk: config.chunk,
          onProgress: ({ done, total, phase }) => progress.update(done, total, phase),
          mode: models.mode,
          embedder: models.embedder,
          fusion: config.retrieval.fusion,
          reranker: models.reranker,
          rerankCandidates: config.rerank.candidates,
          calibrate: options.calibrate === true,
        });
        if (options.saveCalibration && result.calibration) {
          await saveCalibration(
            resolve(environment.cwd, options.saveCalibration),
            result.calibration,
            models.embedder,
          );
        }
      } finally {
        progress.stop();
        await models.close();
      }
      if (!options.json) environment.stdout.write(formatModeLines(result));
      if (options.json) {
        environment.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      const rows = [
        ["nDCG@10", result.ndcg10],
        ["recall@10", result.recall10],
        ["recall@100", result.recall100],
        ["MRR@10", result.mrr10],
      ] as const;
      environment.stdout.write(
        `Retrieval on ${options.beir} (${options.split}, ${result.queries} queries)\n`,
      );
      for (const [name, value] of rows)
        environment.stdout.write(`  ${name.padEnd(11)} ${value.toFixed(4)}\n`);
    });
  command.addCommand(evalRunCommand(environment));
  command.addCommand(evalCompareCommand(environment));
  command.addCommand(evalReportCommand(environment));
  return command;
}
