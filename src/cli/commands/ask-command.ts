import { resolve } from "node:path";
import { Command } from "commander";
import type { Answer } from "../../core/answer.ts";
import { describeError } from "../../core/errors.ts";
import { createGenerator } from "../../pipeline/create-generator.ts";
import { prepareRetrieval } from "../../pipeline/prepare-retrieval.ts";
import { streamAnswer } from "../../pipeline/stream-answer.ts";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import {
  type CommandEnvironment,
  type CommonOptions,
  collect,
  givenSettings,
  resolveConfig,
} from "../command-context.ts";

/** Flags of `docent ask`. */
interface AskOptions extends CommonOptions {
  readonly provider?: string;
  readonly model?: string;
  readonly baseUrl?: string;
  readonly apiKey?: string;
  readonly embedModel?: string;
  readonly rerankModel?: string;
  readonly mode?: string;
}

/** `docent ask "<question>"` */
export function askCommand(environment: CommandEnvironment): Command {
  return new Command("ask")
    .description(
      "Answer a question from the indexed documentation, citing the sources by number, " +
        "or say \"I don't know\" when the sources don't hold the answer.",
    )
    .argument("<question...>", "the question (quote it, or give it as several words)")
    .option(
      "--embed-model <folder-or-hub-id>",
      "the index's embedding model (embedding.model, env DOCENT_EMBED_MODEL)",
    )
    .option(
      "--rerank-model <folder-or-hub-id>",
      "cross-encoder reranker (rerank.model, env DOCENT_RERANK_MODEL)",
    )
    .option("--mode <mode>", "retrieval.mode: auto (hybrid when the index has vectors), bm25, vector, hybrid")
    .option("--index <file>", "index file (default .docent/index.db, env DOCENT_INDEX)")
    .option("--config <file>", "config file (default docent.config.json or .yaml in the working directory)")
    .option("--set <key=value>", "any setting, repeatable (e.g. --set retrieval.topK=3)", collect)
    .option("--json", "print the answer as one JSON object")
    .option(
      "--provider <name>",
      "answer with extractive (default, no key), openai, anthropic or openai-compatible (env DOCENT_PROVIDER)",
    )
    .option("--model <id>", "model id for an LLM provider, e.g. gpt-4.1-mini (env DOCENT_MODEL)")
    .option(
      "--base-url <url>",
      "provider API base URL with /v1 (env OPENAI_BASE_URL, ANTHROPIC_BASE_URL, OLLAMA_HOST)",
    )
    .option("--api-key <key>", "provider API key (env OPENAI_API_KEY, ANTHROPIC_API_KEY)")
    .addHelpText(
      "after",
      '\nExamples:\n  docent ask "How do I change where the index is stored?"\n  docent ask --json --set retrieval.topK=3 "Which file formats can I ingest?"\n  OPENAI_API_KEY=sk-... docent ask --provider openai --model gpt-4.1-mini "How do I ingest a website?"\n  docent ask --provider openai-compatible --model llama3.2 --base-url http://127.0.0.1:11434/v1 "Which formats can I ingest?"\n',
    )
    .action(async (words: string[], options: AskOptions) => {
      const config = resolveConfig(
        options,
        environment,
        givenSettings([
          ["answer.provider", options.provider],
          ["embedding.model", options.embedModel],
          ["rerank.model", options.rerankModel],
          ["retrieval.mode", options.mode],
          ["answer.model", options.model],
          ["answer.baseUrl", options.baseUrl],
          ["answer.apiKey", options.apiKey],
        ]),
      );
      const generator = createGenerator(config, {
        environment: environment.environment,
        cwd: environment.cwd,
      });
      const store = createSqliteStore({
        path: resolve(environment.cwd, config.index.path),
        mode: "read",
        vectorSearch: config.retrieval.vectorSearch,
      });
      const prepared = await prepareRetrieval(store, config, {
        cwd: environment.cwd,
        environment: environment.environment,
      }).catch(async (error: unknown) => {
        await store.close();
        throw error;
      });
      for (const notice of prepared.notices) environment.stderr.write(`note: ${notice}\n`);
      try {
        const answer = await printAnswer(
          streamAnswer({ store, generator, question: words.join(" "), config, retrieval: prepared.options }),
          environment,
          options.json === true,
        );
        if (options.json) environment.stdout.write(`${JSON.stringify(answer)}\n`);
      } finally {
        await store.close();
        await prepared.close();
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
    if (event.type === "error") {
      // End a half-printed answer's line so the error shows on its own.
      if (wroteText) out.write("\n");
      throw event.error;
    }
    if (event.type === "provider-failed") {
      const next =
        event.action === "retry"
          ? `retrying in ${(event.delayMs / 1000).toFixed(1)} s`
          : "trying the next provider";
      environment.stderr.write(
        `docent: ${event.provider} ${event.model} failed (${describeError(event.error)}); ${next}\n`,
      );
      continue;
    }
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
    if (answer.checks.caveat) lines.push("", "", answer.checks.caveat);
    lines.push("", "", "Sources:");
    for (const citation of answer.citations)
      lines.push(`  [${citation.n}] ${citation.title}: ${citation.url}`);
    const notes: string[] = [];
    if (answer.checks.removedCitations > 0)
      notes.push(`${answer.checks.removedCitations} citation(s) to sources that were not given were removed`);
    if (answer.checks.strippedLinks > 0)
      notes.push(`${answer.checks.strippedLinks} link(s) outside the documentation were removed`);
    if (answer.checks.injectionEchoes > 0)
      notes.push(
        `${answer.checks.injectionEchoes} sentence(s) repeating an instruction injected into a source were removed`,
      );
    if ((answer.checks.redacted ?? 0) > 0)
      notes.push(
        `${answer.checks.redacted} e-mail address(es), key(s) or other personal data masked (answer.redactPii)`,
      );
    for (const sentence of answer.checks.unsupportedSentences)
      notes.push(
        `weakly supported by its citation: "${sentence.length > 80 ? `${sentence.slice(0, 77)}...` : sentence}"`,
      );
    if (notes.length > 0) lines.push("", "Checks:", ...notes.map((note) => `  - ${note}`));
  }
  if (answer.truncated) {
    lines.push(
      "",
      "Caveat: the model hit the output-token limit, so the answer above is cut off; raise answer.maxOutputTokens (e.g. --set answer.maxOutputTokens=2048) for a complete answer.",
    );
  }
  if (answer.provider !== "extractive") {
    const { usage } = answer;
    const cost =
      usage.costUsd === null ? "cost unknown (no price for this model)" : `$${usage.costUsd.toFixed(6)}`;
    lines.push(
      "",
      `${answer.provider} ${answer.model}: ${usage.inputTokens} input tokens (${usage.cachedInputTokens} cached${usage.cacheWriteInputTokens ? `, ${usage.cacheWriteInputTokens} written to cache` : ""}), ${usage.outputTokens} output tokens${usage.estimated ? " (estimated)" : ""}, ${cost}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
