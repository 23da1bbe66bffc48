import { randomUUID } from "node:crypto";
import { buildGroundedPrompt } from "../answer/build-grounded-prompt.ts";
import { isRefusal, REFUSAL_MESSAGE } from "../answer/refusal-message.ts";
import { computeCostUsd, DEFAULT_PRICES } from "../answer/usage/price-table.ts";
import type { Config } from "../config/schema.ts";
import type { Answer, Citation, Generator, RetrievedChunk, Usage } from "../core/answer.ts";
import { DocentError, describeError } from "../core/errors.ts";
import { checkAnswer } from "../guard/check-answer.ts";
import { createAnswerRedactor } from "../guard/create-answer-redactor.ts";
import { detectOtherUsersDataRequest } from "../guard/detect-other-users-data-request.ts";
import { retrieve } from "../retrieve/retrieve.ts";
import type { Store } from "../store/store.ts";
import type { ResolvedRetrieval } from "./prepare-retrieval.ts";
import { refuseOtherUsersData } from "./refuse-other-users-data.ts";

/** Events of one answer, in order: retrieval, then text and citations, then finish (or error). */
export type AnswerEvent =
  | { readonly type: "retrieval-done"; readonly retrieved: readonly RetrievedChunk[] }
  | { readonly type: "text-delta"; readonly text: string }
  | { readonly type: "citation"; readonly citation: Citation }
  | { readonly type: "refusal"; readonly reason: string }
  | {
      /** A provider attempt failed before any text; Docent retries after `delayMs` or falls back. */
      readonly type: "provider-failed";
      readonly provider: string;
      readonly model: string;
      readonly error: Error;
      readonly action: "retry" | "fallback";
      readonly delayMs: number;
    }
  | { readonly type: "finish"; readonly answer: Answer }
  | { readonly type: "error"; readonly error: Error };

export interface StreamAnswerOptions {
  readonly store: Store;
  readonly generator: Generator;
  readonly question: string;
  readonly config: Config;
  /** Retrieval resolved against the index (mode, query embedder, dense weight, reranker; see `planRetrieval`). Default BM25. */
  readonly retrieval?: ResolvedRetrieval;
  readonly signal?: AbortSignal;
  /** Id of the answer; random by default (injectable for tests). */
  readonly createId?: () => string;
  /** Milliseconds clock; `performance.now` by default (injectable for tests). */
  readonly now?: () => number;
}

/**
 * Answers a question from the index: retrieves sources, builds the grounded prompt, streams the
 * generator's answer, and checks its citations against the sources given. Ends with a `finish`
 * event carrying the whole Answer, or an `error` event.
 */
export async function* streamAnswer(options: StreamAnswerOptions): AsyncGenerator<AnswerEvent> {
  const { store, generator, config, signal } = options;
  const now = options.now ?? (() => performance.now());
  const question = options.question.trim();
  const started = now();
  try {
    if (question === "") throw new DocentError("INPUT_INVALID", "The question is empty: ask something");
    const stats = await store.stats({ signal });
    if (stats.chunks === 0) {
      throw new DocentError(
        "INDEX_EMPTY",
        `The index at ${store.location} is empty: run \`docent ingest <folder>\` first`,
      );
    }
    // A request for other users' data is refused before anything is retrieved (answer.refuseOtherUsersData).
    const dataRequest = config.answer.refuseOtherUsersData ? detectOtherUsersDataRequest(question) : null;
    const retrieved = dataRequest
      ? []
      : await retrieve(store, question, { ...config.retrieval, ...options.retrieval, signal });
    const retrieveMs = now() - started;
    yield { type: "retrieval-done", retrieved };

    const prompt = buildGroundedPrompt(question, retrieved);
    let text = "";
    let refusalReason: string | null = null;
    let provider = generator.provider;
    let model = generator.modelId;
    let usage: Usage | null = null;
    let truncated = false;
    const attempts: Array<Answer["attempts"][number]> = [];
    // Personal data and secrets are masked before any text is shown (answer.redactPii).
    const redactor = config.answer.redactPii
      ? createAnswerRedactor({ types: config.answer.redactPiiTypes })
      : null;
    const shown = redactor?.createStream() ?? null;
    const events = dataRequest
      ? refuseOtherUsersData(dataRequest)
      : generator.generate(prompt, { signal, maxOutputTokens: config.answer.maxOutputTokens });
    for await (const event of events) {
      if (event.type === "text-delta") {
        text += event.text;
        const visible = shown ? shown.push(event.text) : event.text;
        if (visible !== "") yield { type: "text-delta", text: visible };
      } else if (event.type === "refusal") {
        refusalReason = event.reason;
      } else if (event.type === "usage") {
        usage = event.usage;
        provider = event.provider ?? provider;
        model = event.modelId ?? model;
      } else if (event.type === "finish") {
        provider = event.provider ?? provider;
        model = event.modelId ?? model;
        truncated = event.finishReason === "length";
      } else if (event.type === "provider-failed") {
        attempts.push({
          provider: event.provider,
          model: event.modelId,
          error: describeError(event.error),
          action: event.action,
        });
        yield {
          type: "provider-failed",
          provider: event.provider,
          model: event.modelId,
          error: event.error,
          action: event.action,
          delayMs: event.delayMs,
        };
      } else if (event.type === "error") {
        // Text the redactor held back was written before the failure: show it (masked), so the
        // "answer above is incomplete" of a stream that broke midway has its text above.
        const held = shown?.flush() ?? "";
        if (held !== "") yield { type: "text-delta", text: held };
        throw event.error;
      }
    }
    const heldBack = shown?.flush() ?? "";
    if (heldBack !== "") yield { type: "text-delta", text: heldBack };
    const generateMs = now() - started - retrieveMs;

    // A refusal: the generator said so, or its text is the refusal phrase, or the checks withheld it.
    const checked = checkAnswer(text, prompt.sources, question, {
      noCitation: config.answer.noCitation,
      minSupport: config.answer.minSupport,
    });
    if (refusalReason === null && isRefusal(text)) {
      refusalReason = "The generator found no answer in the sources.";
    } else if (refusalReason === null && checked.refusalReason !== null) {
      refusalReason = checked.refusalReason;
    }
    const refused = refusalReason !== null;
    if (refusalReason !== null) yield { type: "refusal", reason: refusalReason };
    else for (const citation of checked.citations) yield { type: "citation", citation };
    const finalUsage: Usage = usage ?? {
      inputTokens: 0,
      cachedInputTokens: 0,
      outputTokens: 0,
      estimated: true,
    };

    const answer: Answer = {
      id: options.createId?.() ?? randomUUID(),
      question,
      answer:
        refusalReason !== null
          ? `${REFUSAL_MESSAGE} ${refusalReason}`
          : (redactor?.redact(checked.text).text ?? checked.text),
      refused,
      citations: refused ? [] : checked.citations,
      retrieved: retrieved.map((item) => ({
        chunkId: item.chunk.id,
        url: item.chunk.url,
        title: item.chunk.title,
        score: item.score,
        lexicalRank: item.lexicalRank,
        vectorRank: item.vectorRank ?? null,
        fusedScore: item.score,
      })),
      timings: {
        retrieveMs: round(retrieveMs),
        generateMs: round(generateMs),
        totalMs: round(now() - started),
      },
      provider,
      model,
      promptVersion: prompt.templateVersion,
      usage: {
        ...finalUsage,
        costUsd: computeCostUsd(finalUsage, model, { ...DEFAULT_PRICES, ...config.answer.prices }),
      },
      checks: { ...checked.checks, redacted: shown?.masked ?? 0 },
      truncated,
      attempts,
    };
    yield { type: "finish", answer };
  } catch (error) {
    yield { type: "error", error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** Runs `streamAnswer` to the end and returns the Answer, throwing its error if it failed. */
export async function answerQuestion(options: StreamAnswerOptions): Promise<Answer> {
  for await (const event of streamAnswer(options)) {
    if (event.type === "finish") return event.answer;
    if (event.type === "error") throw event.error;
  }
  throw new DocentError("INTERNAL", "The answer stream ended without finishing");
}

function round(milliseconds: number): number {
  return Math.round(milliseconds * 100) / 100;
}
