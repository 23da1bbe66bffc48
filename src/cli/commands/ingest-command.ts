import { resolve } from "node:path";
import { Command } from "commander";
import type { Config } from "../../config/schema.ts";
import { type ConfiguredEmbedder, createEmbedder } from "../../embed/create-embedder.ts";
import { RECOMMENDED_EMBEDDING_MODEL } from "../../embed/known-models.ts";
import { calibrateDenseWeight, type DenseWeightCalibration } from "../../eval/calibrate-dense-weight.ts";
import { loadLabelledQuestions } from "../../eval/load-labelled-questions.ts";
import { type IngestSummary, ingestFolders } from "../../pipeline/ingest-folders.ts";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import type { Store } from "../../store/store.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";
import { EXIT_CODES } from "../exit-codes.ts";
import { pauseInTransactionHook } from "../pause-in-transaction-hook.ts";
import { createProgressReporter } from "../progress-reporter.ts";

interface IngestOptions extends CommonOptions {
  readonly baseUrl?: string;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly dryRun?: boolean;
  readonly force?: boolean;
  readonly allowHost?: readonly string[];
  readonly maxPages?: string;
  readonly maxDepth?: string;
  readonly concurrency?: string;
  readonly delay?: string;
  readonly embedModel?: string;
}

/** `docent ingest <path-or-url>...` */
export function ingestCommand(environment: CommandEnvironment): Command {
  return new Command("ingest")
    .description(
      "Read folders (Markdown, MDX, text, HTML, PDF) and documentation websites into the index. Re-running it " +
        "syncs the index: changed sources are re-indexed, unchanged ones are not parsed, deleted ones disappear " +
        "from answers. A sync that would delete more than 20% of a source's documents is refused unless --force.",
    )
    .argument("<path-or-url...>", "folders, single files, or http(s):// URLs of documentation sites")
    .option("--base-url <url>", "public URL of the docs root; guide/install.md links to <url>/guide/install/")
    .option("--include <glob>", "only read files matching this glob (repeatable), e.g. 'guide/**'", collect)
    .option(
      "--exclude <glob>",
      "leave out files matching this glob (repeatable), e.g. '**/drafts/**'",
      collect,
    )
    .option("--dry-run", "report what would be added, updated, deleted and left unchanged; write nothing")
    .option("--force", "apply the sync even if it deletes more than ingest.maxDeleteShare of the documents")
    .option(
      "--allow-host <host>",
      "let a crawl reach this host even on a private, loopback or link-local address (repeatable)",
      collect,
    )
    .option("--max-pages <n>", "most pages a crawl fetches (ingest.web.maxPages, default 1000)")
    .option("--max-depth <n>", "most links followed from the start page (ingest.web.maxDepth, default 20)")
    .option("--concurrency <n>", "requests in flight at once (ingest.web.concurrency, default 4)")
    .option("--delay <ms>", "milliseconds between two requests (ingest.web.delayMs, default 250)")
    .option(
      "--embed-model <folder-or-hub-id>",
      "embed chunks for semantic search with this model (embedding.model, env DOCENT_EMBED_MODEL; default none)",
    )
    .option("--index <file>", "index file (default .docent/index.db, env DOCENT_INDEX)")
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable (e.g. --set chunk.targetTokens=400)", collect)
    .option("--json", "print the summary as one JSON object")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  docent ingest docs/\n" +
        "  docent ingest docs/ --exclude '**/drafts/**' --base-url https://docs.example.com --json\n" +
        "  docent ingest https://docs.example.com --max-pages 500\n" +
        "  docent ingest docs/ --dry-run\n" +
        "\nExit codes: 0 everything ingested, 1 failure or refused sync (index unchanged), 2 usage,\n" +
        "3 completed but some inputs were skipped (listed in the summary with the reason).\n",
    )
    .action(async (paths: string[], options: IngestOptions) => {
      const flags: Array<[string, unknown]> = [];
      if (options.baseUrl !== undefined) flags.push(["ingest.baseUrl", options.baseUrl]);
      if (options.include !== undefined) flags.push(["ingest.include", options.include]);
      if (options.exclude !== undefined) flags.push(["ingest.exclude", options.exclude]);
      if (options.allowHost !== undefined) flags.push(["ingest.web.allowHosts", options.allowHost]);
      for (const [flag, key] of [
        [options.maxPages, "ingest.web.maxPages"],
        [options.maxDepth, "ingest.web.maxDepth"],
        [options.concurrency, "ingest.web.concurrency"],
        [options.delay, "ingest.web.delayMs"],
      ] as const) {
        if (flag !== undefined) flags.push([key, Number.isNaN(Number(flag)) ? flag : Number(flag)]);
      }
      if (options.embedModel !== undefined) flags.push(["embedding.model", options.embedModel]);
      const config = resolveConfig(options, environment, flags);
      // Loaded before the index is opened: a model that cannot load fails the ingest with its reason.
      const embedder = options.dryRun
        ? null
        : await createEmbedder(config, {
            cwd: environment.cwd,
            environment: environment.environment,
            worker: true,
          });
      const store = createSqliteStore({
        path: resolve(environment.cwd, config.index.path),
        mode: "write",
        // Test only (the kill -9 test); unset in use.
        onTransactionWritten: pauseInTransactionHook(
          environment.environment.DOCENT_TEST_PAUSE_IN_TRANSACTION,
        ),
      });
      const progress = createProgressReporter(environment.stderr, options.dryRun ? "dry run" : "ingest");
      try {
        const summary = await ingestFolders({
          store,
          paths,
          config,
          cwd: environment.cwd,
          dryRun: options.dryRun === true,
          force: options.force === true,
          onProgress: ({ done, total, source }) => progress.update(done, total, source),
          embedder,
          onEmbedProgress: ({ done, total }) => progress.update(done, total, "embedding"),
        });
        progress.stop();
        const calibration =
          embedder && !options.dryRun
            ? await calibrateAfterIngest(store, config, embedder, summary, environment.cwd)
            : null;
        if (options.json)
          environment.stdout.write(
            `${JSON.stringify(calibration ? { ...summary, calibration } : summary)}\n`,
          );
        else
          environment.stdout.write(
            formatIngestSummary(summary, store.location) +
              formatEmbedding(summary) +
              (calibration
                ? `  calibration: dense weight ${calibration.denseWeight} on ${calibration.source} (BM25 ${calibration.lexicalScore.toFixed(4)}, chosen ${calibration.score.toFixed(4)})\n`
                : ""),
          );
        if (summary.skipped.length > 0) environment.setExitCode?.(EXIT_CODES.skipped);
      } finally {
        progress.stop();
        await store.close();
        await embedder?.embedder.close?.();
      }
    });
}

/**
 * Re-calibrates the dense weight on `retrieval.fusion.calibrationQuestions` when they are set
 * and the ingest changed the index (or no calibration is stored yet); stores and returns it.
 */
async function calibrateAfterIngest(
  store: Store,
  config: Config,
  configured: ConfiguredEmbedder,
  summary: IngestSummary,
  cwd: string,
): Promise<DenseWeightCalibration | null> {
  const files = config.retrieval.fusion.calibrationQuestions;
  if (files.length === 0) return null;
  const indexModel = await store.embeddingModel();
  if (!indexModel || indexModel.key !== configured.model.key) return null;
  const changed = summary.chunksWritten > 0 || (summary.embedding?.embedded ?? 0) > 0;
  if (!changed && indexModel.calibration) return null;
  const questions = files.flatMap((file) => loadLabelledQuestions(file, cwd));
  if (questions.length === 0) return null;
  const calibration = await calibrateDenseWeight(store, questions, {
    embedder: configured.embedder,
    fieldWeights: config.retrieval.fieldWeights,
    fusion: config.retrieval.fusion,
    sourceName: files.join(", "),
  });
  const { denseWeight, source, score, lexicalScore } = calibration;
  await store.saveCalibration({ denseWeight, source, score, lexicalScore });
  return calibration;
}

/** The embedding line of the ingest summary: what was embedded, or how to turn embeddings on. */
export function formatEmbedding(summary: IngestSummary): string {
  if (summary.dryRun) return "";
  const embedding = summary.embedding;
  if (!embedding) {
    return `  embeddings: none (BM25 only); for hybrid search set DOCENT_EMBED_MODEL=use-lite (bundled, offline) or ${RECOMMENDED_EMBEDDING_MODEL} (downloaded once)\n`;
  }
  const speed = embedding.embedded > 0 ? ` at ${embedding.chunksPerSecond.toFixed(0)} chunks/s` : "";
  return `  embeddings: ${embedding.embedded} chunk(s) embedded${speed}, ${embedding.cached} from the cache (${embedding.model})\n`;
}

/** The human-readable ingest summary. */
export function formatIngestSummary(summary: IngestSummary, location: string): string {
  const { added, updated, unchanged, deleted } = summary.documents;
  const verb = summary.dryRun ? "Dry run (nothing written) against" : "Indexed into";
  const lines = [
    `${verb} ${location}`,
    `  documents: ${added} added, ${updated} updated, ${unchanged} unchanged, ${deleted} deleted`,
  ];
  if (summary.dryRun) {
    for (const [label, items] of Object.entries(summary.changes)) {
      for (const item of items) lines.push(`    would be ${label}: ${item}`);
    }
  } else {
    lines.push(`  chunks:    ${summary.chunks} in the index (${summary.chunksWritten} written now)`);
  }
  if (added + updated + deleted === 0) lines.push("  nothing changed: no source was parsed or chunked again");
  const { maxPages, maxDepth } = summary.notCrawled;
  if (maxPages + maxDepth > 0)
    lines.push(
      `  not crawled: ${maxPages} page(s) past ingest.web.maxPages, ${maxDepth} past ingest.web.maxDepth`,
    );
  if (summary.fetchStatesRefreshed > 0)
    lines.push(
      `  refreshed: ETag/Last-Modified of ${summary.fetchStatesRefreshed} unchanged page(s), for 304s next time`,
    );
  if (summary.duplicates.length > 0)
    lines.push(`  duplicates: ${summary.duplicates.length} page(s) with an already-ingested canonical URL`);
  for (const warning of summary.warnings) lines.push(`  warning:   ${warning.replace(/\n/gu, "\n    ")}`);
  if (summary.skipped.length > 0) {
    lines.push(`  skipped:   ${summary.skipped.length} input(s)`);
    for (const item of summary.skipped) lines.push(`    ${item.source}: ${item.reason}`);
  }
  return `${lines.join("\n")}\n`;
}
