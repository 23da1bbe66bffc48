import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { createGenerator } from "../../pipeline/create-generator.ts";
import { ingestFolders } from "../../pipeline/ingest-folders.ts";
import { streamAnswer } from "../../pipeline/stream-answer.ts";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";
import { createProgressReporter } from "../progress-reporter.ts";
import { printAnswer } from "./ask-command.ts";
import { formatIngestSummary } from "./ingest-command.ts";

/** The bundled documentation: Docent's own docs. */
export const BUNDLED_DOCS = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "docs");

/** Questions the demo asks; the last one is not answered by the docs, to show a refusal. */
export const DEMO_QUESTIONS = [
  "Where is the index stored by default?",
  "Which file formats can Docent ingest?",
  "What are the limitations of the extractive answerer?",
  "What is the capital of France?",
] as const;

/** `docent demo` */
export function demoCommand(environment: CommandEnvironment): Command {
  return new Command("demo")
    .description(
      "Ingest the bundled documentation (Docent's own docs) into a temporary index and answer sample " +
        "questions, one of which the docs cannot answer. Needs no key and no network.",
    )
    .option("--index <file>", "keep the demo index in this file instead of a temporary one")
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable", collect)
    .option("--json", "print each answer as one JSON object per line")
    .addHelpText(
      "after",
      '\nExample:\n  docent demo\n  docent ask --index demo.db "…" after docent demo --index demo.db\n',
    )
    .action(async (options: CommonOptions) => {
      const temporary = options.index === undefined ? mkdtempSync(join(tmpdir(), "docent-demo-")) : null;
      const config = resolveConfig(
        { ...options, index: options.index ?? join(temporary as string, "index.db") },
        environment,
      );
      const store = createSqliteStore({ path: resolve(environment.cwd, config.index.path), mode: "write" });
      const out = environment.stdout;
      try {
        const progress = createProgressReporter(environment.stderr, "ingest");
        const summary = await ingestFolders({
          store,
          paths: [BUNDLED_DOCS],
          config,
          cwd: environment.cwd,
          onProgress: ({ done, total, source }) => progress.update(done, total, source),
        });
        progress.stop();
        if (!options.json) out.write(`${formatIngestSummary(summary, store.location)}\n`);
        const generator = createGenerator(config);
        for (const question of DEMO_QUESTIONS) {
          if (!options.json) out.write(`? ${question}\n`);
          const answer = await printAnswer(
            streamAnswer({ store, generator, question, config }),
            environment,
            options.json === true,
          );
          out.write(options.json ? `${JSON.stringify(answer)}\n` : "\n");
        }
        if (!options.json) {
          out.write(
            'Try your own: docent ingest <your-docs-folder>, then docent ask "<question>" (see docent --help).\n',
          );
        }
      } finally {
        await store.close();
        if (temporary) rmSync(temporary, { recursive: true, force: true });
      }
    });
}
