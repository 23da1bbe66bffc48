import { resolve } from "node:path";
import { Command } from "commander";
import { type IngestSummary, ingestFolders } from "../../pipeline/ingest-folders.ts";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";
import { createProgressReporter } from "../progress-reporter.ts";

interface IngestOptions extends CommonOptions {
  readonly baseUrl?: string;
}

/** `docent ingest <path>...` */
export function ingestCommand(environment: CommandEnvironment): Command {
  return new Command("ingest")
    .description(
      "Read folders of Markdown, MDX and plain text into the index. Re-running it syncs the index: " +
        "changed files are re-indexed, unchanged files are skipped, deleted files disappear from answers.",
    )
    .argument("<path...>", "folders (or single files) to read")
    .option("--base-url <url>", "public URL of the docs root; guide/install.md links to <url>/guide/install/")
    .option("--index <file>", "index file (default .docent/index.db, env DOCENT_INDEX)")
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable (e.g. --set chunk.targetTokens=400)", collect)
    .option("--json", "print the summary as one JSON object")
    .addHelpText(
      "after",
      "\nExamples:\n  docent ingest docs/\n  docent ingest docs/ --base-url https://docs.example.com --json\n",
    )
    .action(async (paths: string[], options: IngestOptions) => {
      const flags: Array<[string, unknown]> = [];
      if (options.baseUrl !== undefined) flags.push(["ingest.baseUrl", options.baseUrl]);
      const config = resolveConfig(options, environment, flags);
      const store = createSqliteStore({ path: resolve(environment.cwd, config.index.path), mode: "write" });
      const progress = createProgressReporter(environment.stderr, "ingest");
      try {
        const summary = await ingestFolders({
          store,
          paths,
          config,
          cwd: environment.cwd,
          onProgress: ({ done, total, source }) => progress.update(done, total, source),
        });
        progress.stop();
        if (options.json) environment.stdout.write(`${JSON.stringify(summary)}\n`);
        else environment.stdout.write(formatIngestSummary(summary, store.location));
      } finally {
        progress.stop();
        await store.close();
      }
    });
}

/** The human-readable ingest summary. */
export function formatIngestSummary(summary: IngestSummary, location: string): string {
  const { added, updated, unchanged, deleted } = summary.documents;
  const lines = [
    `Indexed into ${location}`,
    `  documents: ${added} added, ${updated} updated, ${unchanged} unchanged, ${deleted} deleted`,
    `  chunks:    ${summary.chunks} in the index (${summary.chunksWritten} written now)`,
  ];
  if (added + updated + deleted === 0) lines.push("  nothing changed: no file was parsed again");
  if (summary.skipped.length > 0) {
    lines.push(`  skipped:   ${summary.skipped.length} file(s)`);
    for (const item of summary.skipped) lines.push(`    ${item.source}: ${item.reason}`);
  }
  return `${lines.join("\n")}\n`;
}
