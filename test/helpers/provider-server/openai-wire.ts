/**
 * Bodies exactly as OpenAI's Chat Completions API (and Ollama's OpenAI-compatible endpoint)
 * sends them: a `chat.completion` JSON object, `chat.completion.chunk` SSE events ending with
 * `data: [DONE]`, and the `{ "error": { ... } }` envelope of a failed request.
 */

/** Token counts a scripted answer reports; null sends no usage at all. */
export interface WireUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens?: number;
  /** Input tokens written to the prompt cache (sent by the Anthropic format only). */
  readonly cacheWriteInputTokens?: number;
}

/** How a scripted answer ends: `stop` (complete) or `length` (cut off at the output-token limit). */
export type WireStop = "stop" | "length";

/** Which server's flavour of the format to write. */
export type OpenAIFlavor = "openai" | "ollama";

const CREATED = 1_760_000_000;

function usageObject(usage: WireUsage, flavor: OpenAIFlavor): Record<string, unknown> {
  const base: Record<string, unknown> = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
  if (flavor === "openai") {
    base.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens ?? 0, audio_tokens: 0 };
    base.completion_tokens_details = {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    };
  }
  return base;
}

/** A non-streaming `chat.completion` response. */
export function openAIChatCompletion(
  model: string,
  text: string,
  usage: WireUsage | null,
  flavor: OpenAIFlavor,
  stop: WireStop = "stop",
): Record<string, unknown> {
  return {
    id: flavor === "ollama" ? "chatcmpl-381" : "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
    object: "chat.completion",
    created: CREATED,
    model,
    ...(flavor === "ollama" ? { system_fingerprint: "fp_ollama" } : { system_fingerprint: "fp_07871e2ad8" }),
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: text,
          ...(flavor === "openai" ? { refusal: null, annotations: [] } : {}),
        },
        ...(flavor === "openai" ? { logprobs: null } : {}),
        finish_reason: stop,
      },
    ],
    ...(usage ? { usage: usageObject(usage, flavor) } : {}),
    ...(flavor === "openai" ? { service_tier: "default" } : {}),
  };
}

/** The SSE `data:` payloads of a streamed answer, in order (without the final `[DONE]`). */
export function openAIChunks(
  model: string,
  pieces: readonly string[],
  usage: WireUsage | null,
  flavor: OpenAIFlavor,
  stop: WireStop = "stop",
): Array<Record<string, unknown>> {
  const head = {
    id: flavor === "ollama" ? "chatcmpl-381" : "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
    object: "chat.completion.chunk",
    created: CREATED,
    model,
    system_fingerprint: flavor === "ollama" ? "fp_ollama" : "fp_07871e2ad8",
    ...(flavor === "openai" ? { service_tier: "default" } : {}),
  };
  const choice = (delta: Record<string, unknown>, finishReason: string | null) => ({
    index: 0,
    delta,
    ...(flavor === "openai" ? { logprobs: null } : {}),
    finish_reason: finishReason,
  });
  const chunks: Array<Record<string, unknown>> = [];
  if (flavor === "openai") {
    chunks.push({
      ...head,
      choices: [choice({ role: "assistant", content: "", refusal: null }, null)],
      usage: null,
    });
  }
  for (const piece of pieces) {
    chunks.push({
      ...head,
      choices: [
        choice(flavor === "ollama" ? { role: "assistant", content: piece } : { content: piece }, null),
      ],
      ...(flavor === "openai" ? { usage: null } : {}),
    });
  }
  chunks.push({
    ...head,
    choices: [choice(flavor === "ollama" ? { role: "assistant", content: "" } : {}, stop)],
    ...(flavor === "openai" ? { usage: null } : {}),
  });
  if (usage) chunks.push({ ...head, choices: [], usage: usageObject(usage, flavor) });
  return chunks;
}

/** `GET /v1/models` as OpenAI (and Ollama) answer it. */
export function openAIModelList(models: readonly string[]): Record<string, unknown> {
  return {
    object: "list",
    data: models.map((id) => ({ id, object: "model", created: CREATED, owned_by: "system" })),
  };
}

/** The error envelope OpenAI sends with a 4xx/5xx status. */
export function openAIError(status: number, message: string): Record<string, unknown> {
  const type =
    status === 429
      ? "requests"
      : status === 401
        ? "invalid_request_error"
        : status >= 500
          ? "server_error"
          : "invalid_request_error";
  const code = status === 429 ? "rate_limit_exceeded" : status === 401 ? "invalid_api_key" : null;
  return { error: { message, type, param: null, code } };
}
