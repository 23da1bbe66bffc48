import { resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import type { CorpusVersionRecord, StoredDocument } from "../../store/store.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";
import { formatAlignedTable } from "../format-aligned-table.ts";

interface SourcesOptions extends CommonOptions {
  readonly history?: boolean;
  readonly limit?: number;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidArgumentError(`a whole number of at least 1 is accepted, not "${value}"`);
  }
  return limit;
}

/** `docent sources` */
export function sourcesCommand(environment: CommandEnvironment): Command {
  return new Command("sources")
    .description(
      "List the documents in the index: URL, title, chunk count, when last ingested and content hash.",
    )
    .option("--index <file>", "index file (default .docent/index.db, env DOCENT_INDEX)")
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable", collect)
    .option(
      "--history",
      "list the corpus versions instead: each applied ingest with its counts, newest first",
    )
    .option("--limit <n>", "with --history: show only the newest n versions", parseLimit)
    .option(
      "--json",
      "print one JSON object: { corpusVersion, documents: [...] } (with --history: { corpusVersion, history: [...] })",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  docent sources\n  docent sources --json --index .docent/index.db\n  docent sources --history --limit 10\n",
    )
    .action(async (options: SourcesOptions) => {
      const config = resolveConfig(options, environment);
      const store = createSqliteStore({ path: resolve(environment.cwd, config.index.path), mode: "read" });
      try {
        if (options.history) {
          const history = await store.corpusHistory({ limit: options.limit });
          const { corpusVersion } = await store.stats();
          environment.stdout.write(
            options.json
              ? `${JSON.stringify({ corpusVersion, history })}\n`
              : formatCorpusHistory(history, corpusVersion, store.location),
          );
          return;
        }
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
  return `${[
    `${documents.length} document(s) in ${location}, corpus version ${corpusVersion}`,
    ...formatAlignedTable(header, rows),
  ].join("\n")}\n`;
}

/** The corpus history as an aligned table for a person, newest version first. */
export function formatCorpusHistory(
  history: readonly CorpusVersionRecord[],
  corpusVersion: number,
  location: string,
): string {
  const header = ["VERSION", "APPLIED", "ADDED", "UPDATED", "DELETED", "UNCHANGED", "DOCUMENTS", "SOURCES"];
  const rows = history.map((record) => [
    String(record.version),
    record.appliedAt.replace(/\.\d+Z$/u, "Z"),
    String(record.added),
    String(record.updated),
    String(record.deleted),
    String(record.unchanged),
    String(record.documents),
    record.sources.join(", "),
  ]);
  const older =
    history.length > 0 && (history.at(-1)?.version ?? 0) > 1 ? history.at(-1)?.version : undefined;
  const note =
    history.length === 0
      ? corpusVersion === 0
        ? "no version yet: run `docent ingest <folder-or-url>`"
        : "no recorded versions (the index was written before Docent kept a history)"
      : older !== undefined
        ? `versions before ${older} are not shown (or were written before Docent kept a history)`
        : "";
  return `${[
    `corpus version ${corpusVersion} in ${location}`,
    ...(history.length > 0 ? formatAlignedTable(header, rows) : []),
    ...(note.length > 0 ? [note] : []),
  ].join("\n")}\n`;
}
