import type { LanguageModel } from "ai";
import { countTokens } from "../../chunk/count-tokens.ts";
import type {
  FinishReason,
  GenerateEvent,
  GenerateOptions,
  Generator,
  GroundedPrompt,
  Usage,
} from "../../core/answer.ts";
import { DocentError } from "../../core/errors.ts";
import { isRefusal } from "../refusal-message.ts";
import { isRetryableStatus, ProviderError, parseRetryAfter } from "./provider-error.ts";

/** The time limits of one provider call, in milliseconds. */
export interface ProviderTimeouts {
  /** Until the response headers arrive (the server accepted the request). Default 10 000. */
  readonly connectMs: number;
  /** Until the first token of text arrives. Default 30 000. */
  readonly firstTokenMs: number;
  /** Until the whole answer has arrived. Default 120 000. */
  readonly totalMs: number;
  /**
   * Most silence between two stream events once text has started (a stream that stalls midway).
   * Default 30 000.
   */
  readonly idleMs: number;
}

/** Default limits; see {@link ProviderTimeouts}. */
export const DEFAULT_PROVIDER_TIMEOUTS: ProviderTimeouts = {
  connectMs: 10_000,
  firstTokenMs: 30_000,
  totalMs: 120_000,
  idleMs: 30_000,
};

/** Settings shared by every language-model adapter. */
export interface LanguageModelAdapterSettings {
  /** The model id, e.g. `gpt-4.1-mini`, `claude-sonnet-4-5`, `llama3.2`. */
  readonly modelId: string;
  /** Replaces the global `fetch` (tests, proxies, gateways). */
  readonly fetch?: typeof fetch;
  /** Most output tokens per answer unless a call asks for fewer. Default 1024. */
  readonly maxOutputTokens?: number;
  /** Time limits; defaults in {@link DEFAULT_PROVIDER_TIMEOUTS}. */
  readonly timeouts?: Partial<ProviderTimeouts>;
  /** Sampling temperature; 0 by default, for repeatable grounded answers. */
  readonly temperature?: number;
}

/** What an adapter hands to {@link createLanguageModelGenerator}. */
export interface LanguageModelGeneratorOptions extends LanguageModelAdapterSettings {
  /** Provider id, e.g. `openai`. */
  readonly provider: string;
  /**
   * Builds the AI SDK model with the given (instrumented) fetch. Asynchronous so the SDK is
   * imported on first use: the extractive default never pays for loading it.
   */
  readonly createModel: (fetch: typeof globalThis.fetch) => Promise<LanguageModel>;
}

// The AI SDK prints its warnings (e.g. an unsupported setting) with console.warn; Docent reports
// through its own events, so they are silenced unless the host application set the switch itself.
const sdkGlobals = globalThis as { AI_SDK_LOG_WARNINGS?: unknown };
sdkGlobals.AI_SDK_LOG_WARNINGS ??= false;

type Deadline = { readonly kind: "connect" | "first-token" | "idle" | "total"; readonly at: number };

/**
 * Turns an AI SDK language model into a Docent {@link Generator}: streams the grounded prompt
 * (system rules + fenced sources) with `streamText`, maps the SDK's stream parts to
 * {@link GenerateEvent}s, enforces the connect / first-token / idle / total timeouts with its own
 * watchdog (so a stalled server ends in an `error` event, never a hang), reports usage (estimated
 * with a tokenizer and marked `estimated` when the provider sends none) and detects refusals.
 *
 * The SDK's own retries are off (`maxRetries: 0`): Docent's retry policy (`withRetries`) owns
 * retries, so `retry-after`, backoff with jitter, the circuit breaker and the fallback chain are
 * one policy, and an attempt is never retried twice over by two layers.
 */
export function createLanguageModelGenerator(options: LanguageModelGeneratorOptions): Generator {
  const { provider, modelId } = options;
  const timeouts = { ...DEFAULT_PROVIDER_TIMEOUTS, ...options.timeouts };
  const baseFetch = options.fetch ?? globalThis.fetch;
  return {
    provider,
    modelId,
    async *generate(prompt: GroundedPrompt, callOptions: GenerateOptions = {}) {
      const external = callOptions.signal;
      if (external?.aborted) {
        yield { type: "error", error: abortError(external) } satisfies GenerateEvent;
        return;
      }
      const controller = new AbortController();
      const onAbort = () => controller.abort(external?.reason);
      external?.addEventListener("abort", onAbort, { once: true });
      let headersReceived = false;
      const instrumentedFetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
        const response = await baseFetch(input, init);
        headersReceived = true;
        return response;
      }) as typeof fetch;

      // The SDK is loaded first: the time limits count the provider's time, not module loading
      // (a cold, busy process can take longer to import the SDK than a first-token limit).
      const { streamText } = await import("ai");
      const model = await options.createModel(instrumentedFetch);
      const started = Date.now();
      let text = "";
      let finishReason: string | undefined;
      let lastEventAt = started;
      let reported: Usage | null = null;
      const result = streamText({
        model,
        instructions: prompt.system,
        prompt: prompt.user,
        maxRetries: 0,
        maxOutputTokens: callOptions.maxOutputTokens ?? options.maxOutputTokens ?? 1024,
        temperature: options.temperature ?? 0,
        abortSignal: controller.signal,
        onError: () => {
          // Errors arrive as `error` parts of the full stream and are reported there.
        },
      });
      const iterator = result.fullStream[Symbol.asyncIterator]();
      const nextDeadline = (): Deadline => {
        const deadlines: Deadline[] = [{ kind: "total", at: started + timeouts.totalMs }];
        if (!headersReceived) deadlines.push({ kind: "connect", at: started + timeouts.connectMs });
        if (text === "") deadlines.push({ kind: "first-token", at: started + timeouts.firstTokenMs });
        else deadlines.push({ kind: "idle", at: lastEventAt + timeouts.idleMs });
        return deadlines.reduce((first, deadline) => (deadline.at < first.at ? deadline : first));
      };
      try {
        while (true) {
          const deadline = nextDeadline();
          const step = await raceDeadline(iterator.next(), deadline.at - Date.now());
          if (step === "timeout") {
            controller.abort(new Error(`${deadline.kind} timeout`));
            void iterator.return?.().catch(() => undefined);
            yield { type: "error", error: timeoutError(provider, deadline.kind, timeouts, text) };
            return;
          }
          if (step.done) break;
          lastEventAt = Date.now();
          const part = step.value;
          if (part.type === "text-delta") {
            if (part.text === "") continue;
            text += part.text;
            yield { type: "text-delta", text: part.text } satisfies GenerateEvent;
          } else if (part.type === "error") {
            yield { type: "error", error: await toProviderError(part.error, provider, text) };
            return;
          } else if (part.type === "abort") {
            if (external?.aborted) {
              yield { type: "error", error: abortError(external) } satisfies GenerateEvent;
              return;
            }
          } else if (part.type === "finish") {
            finishReason = part.finishReason;
            const usage = part.totalUsage;
            if (usage.inputTokens !== undefined && usage.outputTokens !== undefined) {
              reported = {
                inputTokens: usage.inputTokens,
                cachedInputTokens: usage.inputTokenDetails?.cacheReadTokens ?? 0,
                cacheWriteInputTokens: usage.inputTokenDetails?.cacheWriteTokens ?? 0,
                outputTokens: usage.outputTokens,
                estimated: false,
              };
            }
          }
        }
      } catch (error) {
        yield { type: "error", error: await toProviderError(error, provider, text) };
        return;
      } finally {
        external?.removeEventListener("abort", onAbort);
      }
      if (external?.aborted) {
        yield { type: "error", error: abortError(external) } satisfies GenerateEvent;
        return;
      }
      if (finishReason === undefined) {
        yield {
          type: "error",
          error: new ProviderError(
            `The ${provider} stream ended without finishing${text ? ` after ${text.length} characters; the answer above is incomplete` : ""}.`,
            { provider, isRetryable: text === "", afterText: text !== "" },
          ),
        } satisfies GenerateEvent;
        return;
      }
      if (finishReason === "content-filter") {
        yield { type: "refusal", reason: `The ${provider} content filter stopped the answer.` };
      } else if (isRefusal(text)) {
        yield {
          type: "refusal",
          reason: `The model (${provider} ${modelId}) found no answer in the sources.`,
        };
      }
      const usage: Usage = reported ?? {
        inputTokens: countTokens(`${prompt.system}\n${prompt.user}`),
        cachedInputTokens: 0,
        outputTokens: countTokens(text),
        estimated: true,
      };
      yield { type: "usage", usage, provider, modelId } satisfies GenerateEvent;
      yield {
        type: "finish",
        provider,
        modelId,
        finishReason: toFinishReason(finishReason),
      } satisfies GenerateEvent;
    },
  };
}

/** The AI SDK's finish reason as Docent's (`tool-calls`, `error` and unknown ones become `other`). */
function toFinishReason(reason: string): FinishReason {
  return reason === "stop" || reason === "length" || reason === "content-filter" ? reason : "other";
}

function raceDeadline<T>(promise: Promise<T>, milliseconds: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), Math.max(0, milliseconds));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function abortError(signal: AbortSignal): DocentError {
  return new DocentError("ABORTED", "The answer was cancelled before it finished.", { cause: signal.reason });
}

const TIMEOUT_SETTINGS = {
  connect: "connectMs",
  "first-token": "firstTokenMs",
  idle: "idleMs",
  total: "totalMs",
} as const satisfies Record<Deadline["kind"], keyof ProviderTimeouts>;
const TIMEOUT_WHAT = {
  connect: "did not answer the request",
  "first-token": "sent no text",
  total: "did not finish the answer",
} as const;

function timeoutError(
  provider: string,
  kind: Deadline["kind"],
  timeouts: ProviderTimeouts,
  text: string,
): ProviderError {
  const setting = TIMEOUT_SETTINGS[kind];
  const limit = timeouts[setting];
  const tail = text ? ` after ${text.length} characters; the answer above is incomplete` : "";
  const sentence =
    kind === "idle"
      ? `${provider} sent nothing for ${limit} ms (answer.timeouts.${setting})${tail}.`
      : `${provider} ${TIMEOUT_WHAT[kind]} within ${limit} ms (answer.timeouts.${setting})${tail}.`;
  return new ProviderError(sentence, {
    provider,
    code: "PROVIDER_TIMEOUT",
    isRetryable: (kind === "connect" || kind === "first-token") && text === "",
    afterText: text !== "",
  });
}

/** A short, single-line excerpt of a provider's error body. */
function excerpt(text: string | undefined): string {
  if (!text) return "";
  return text.replace(/\s+/gu, " ").trim().slice(0, 200);
}

/** Maps anything the AI SDK throws or streams to a {@link ProviderError} (or an abort). */
export async function toProviderError(error: unknown, provider: string, text: string): Promise<Error> {
  if (error instanceof DocentError) return error;
  const { APICallError } = await import("ai");
  const afterText = text !== "";
  const tail = afterText
    ? ` The stream broke after ${text.length} characters; the answer above is incomplete.`
    : "";
  if (APICallError.isInstance(error)) {
    const statusCode = error.statusCode ?? null;
    const headers = error.responseHeaders;
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
      // The request was accepted and the body then failed (connection reset, truncated stream).
      const cause = error.cause instanceof Error ? error.cause.message : error.message;
      return new ProviderError(
        afterText
          ? `The ${provider} stream broke after ${text.length} characters (${excerpt(cause)}); the answer above is incomplete.`
          : `The ${provider} stream broke before any text (${excerpt(cause)}).`,
        { provider, isRetryable: !afterText, afterText, cause: error },
      );
    }
    if (statusCode !== null) {
      const hint =
        statusCode === 401 || statusCode === 403
          ? " Check the API key (--api-key or the provider's key variable)."
          : statusCode === 404
            ? " Check the model id (--model) and the base URL (--base-url)."
            : "";
      return new ProviderError(
        `${provider} returned HTTP ${statusCode}: ${excerpt(error.message) || excerpt(error.responseBody)}${hint}${tail}`,
        {
          provider,
          statusCode,
          isRetryable: isRetryableStatus(statusCode) && !afterText,
          retryAfterMs: parseRetryAfter(headers),
          afterText,
          cause: error,
        },
      );
    }
    return new ProviderError(`Could not reach ${provider} at ${error.url}: ${error.message}.${tail}`, {
      provider,
      isRetryable: !afterText,
      afterText,
      cause: error,
    });
  }
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "AbortError") {
    return new DocentError("ABORTED", "The answer was cancelled before it finished.", { cause: error });
  }
  if (
    /JSONParseError|TypeValidationError|InvalidResponseDataError/u.test(name) ||
    // @ai-sdk/anthropic's words when the first stream event cannot be read as Anthropic's format.
    message.startsWith("Expected a normalized Anthropic stream error")
  ) {
    const what =
      name === "Error" ? "its first event is not valid Messages-API JSON" : `${name}: ${excerpt(message)}`;
    // Not retried: the same server most likely sends the same bytes again (often a --base-url
    // that points at something else); a fallback chain still moves on.
    return new ProviderError(
      `${provider} sent a malformed stream: ${what}. Check that --base-url points at an API that speaks the ${provider} protocol.${tail}`,
      { provider, isRetryable: false, afterText, cause: error },
    );
  }
  return new ProviderError(
    afterText
      ? `The ${provider} stream broke: ${excerpt(message)}.${tail}`
      : `${provider} failed before answering: ${excerpt(message)}.`,
    { provider, isRetryable: !afterText, afterText, cause: error },
  );
}
