import { resolve } from "node:path";
import { Command } from "commander";
import type { Answer } from "../../core/answer.ts";
import { createGenerator } from "../../pipeline/create-generator.ts";
import { streamAnswer } from "../../pipeline/stream-answer.ts";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import { type CommandEnvironment, type CommonOptions, collect, resolveConfig } from "../command-context.ts";

/** `docent ask "<question>"` */
export function askCommand(environment: CommandEnvironment): Command {
  return new Command("ask")
    .description(
      "Answer a question from the indexed documentation, citing the sources by number, " +
        "or say \"I don't know\" when the sources don't hold the answer.",
    )
    .argument("<question...>", "the question (quote it, or give it as several words)")
    .option("--index <file>", "index file (default .docent/index.db, env DOCENT_INDEX)")
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable (e.g. --set retrieval.topK=3)", collect)
    .option("--json", "print the answer as one JSON object")
    .addHelpText(
      "after",
      '\nExamples:\n  docent ask "How do I change where the index is stored?"\n  docent ask --json --set retrieval.topK=3 "Which file formats can I ingest?"\n',
    )
    .action(async (words: string[], options: CommonOptions) => {
      const config = resolveConfig(options, environment);
      const store = createSqliteStore({ path: resolve(environment.cwd, config.index.path), mode: "read" });
      try {
        const answer = await printAnswer(
          streamAnswer({ store, generator: createGenerator(config), question: words.join(" "), config }),
          environment,
          options.json === true,
        );
        if (options.json) environment.stdout.write(`${JSON.stringify(answer)}\n`);
      } finally {
        await store.close();
      }
    });
}

/** Streams an answer to the terminal as it arrives (unless `json`), and returns the final Answer. */
export async function printAnswer(
  events: ReturnType<typeof streamAnswer>,
  environment: CommandEnvironment,
  json: boolean,
): Promise<Answer> {
  const out = environment.stdout;
  let wroteText = false;
  for await (const event of events) {
    if (event.type === "error") throw event.error;
    if (json) {
      if (event.type === "finish") return event.answer;
      continue;
    }
    if (event.type === "text-delta") {
      out.write(event.text);
      wroteText = true;
    } else if (event.type === "refusal") {
      out.write(`${wroteText ? "\n" : ""}${event.reason}\n`);
      wroteText = false;
    } else if (event.type === "finish") {
      out.write(formatAnswerTail(event.answer, wroteText));
      return event.answer;
    }
  }
  throw new Error("The answer stream ended without finishing");
}

function formatAnswerTail(answer: Answer, wroteText: boolean): string {
  const lines: string[] = [];
  if (answer.refused) {
    if (wroteText) lines.push("");
    if (answer.retrieved.length > 0) {
      lines.push("", "Closest sources searched (none held the answer):");
      for (const item of answer.retrieved.slice(0, 3)) lines.push(`  - ${item.title}: ${item.url}`);
    }
  } else {
    lines.push("", "", "Sources:");
    for (const citation of answer.citations)
      lines.push(`  [${citation.n}] ${citation.title}: ${citation.url}`);
  }
  return `${lines.join("\n")}\n`;
}
