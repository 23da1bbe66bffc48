import { resolve } from "node:path";
import { Command } from "commander";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import type { StoredDocument } from "../../store/store.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";

/** `docent sources` */
export function sourcesCommand(environment: CommandEnvironment): Command {
  return new Command("sources")
    .description(
      "List the documents in the index: URL, title, chunk count, when last ingested and content hash.",
    )
    .option("--index <file>", "index file (default .docent/index.db, env DOCENT_INDEX)")
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable", collect)
    .option("--json", "print one JSON object: { corpusVersion, documents: [...] }")
    .addHelpText("after", "\nExamples:\n  docent sources\n  docent sources --json --index .docent/index.db\n")
    .action(async (options: CommonOptions) => {
      const config = resolveConfig(options, environment);
      const store = createSqliteStore({ path: resolve(environment.cwd, config.index.path), mode: "read" });
      try {
        const documents = await store.listDocuments();
        const { corpusVersion } = await store.stats();
        if (options.json) {
          const rows = documents.map(({ fetchState: _fetchState, ...document }) => document);
          environment.stdout.write(`${JSON.stringify({ corpusVersion, documents: rows })}\n`);
          return;
        }
        environment.stdout.write(formatSources(documents, corpusVersion, store.location));
      } finally {
        await store.close();
      }
    });
}

/** The sources as an aligned table for a person. */
export function formatSources(
  documents: readonly StoredDocument[],
  corpusVersion: number,
  location: string,
): string {
  const header = ["URL", "TITLE", "CHUNKS", "LAST INGESTED", "VERSION", "HASH"];
  const rows = documents.map((document) => [
    document.url,
    document.title.length > 40 ? `${document.title.slice(0, 39)}…` : document.title,
    String(document.chunkCount),
    document.ingestedAt.replace(/\.\d+Z$/u, "Z"),
    String(document.corpusVersion),
    document.contentHash.slice(0, 12),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[
    `${documents.length} document(s) in ${location}, corpus version ${corpusVersion}`,
    line(header),
    ...rows.map(line),
  ].join("\n")}\n`;
}
