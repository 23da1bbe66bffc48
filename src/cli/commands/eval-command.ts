import { resolve } from "node:path";
import { Command } from "commander";
import { runBeirRetrieval } from "../../eval/run-beir-retrieval.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";
import { createProgressReporter } from "../progress-reporter.ts";

interface EvalRetrievalOptions extends CommonOptions {
  readonly beir: string;
  readonly split: string;
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
    .option("--json", "print { ndcg10, recall10, recall100, mrr10, queries, ... } as one JSON object")
    .addHelpText(
      "after",
      "\nExample:\n  docent eval retrieval --beir ../shared/datasets/beir-scifact --split test\n",
    )
    .action(async (options: EvalRetrievalOptions) => {
      const config = resolveConfig(options, environment);
      const progress = createProgressReporter(environment.stderr, "eval");
      const result = await runBeirRetrieval({
        datasetDir: resolve(environment.cwd, options.beir),
        split: options.split,
        retrieval: config.retrieval,
        chunk: config.chunk,
        onProgress: ({ done, total, phase }) => progress.update(done, total, phase),
      });
      progress.stop();
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
  return command;
}
