import type { WireStop, WireUsage } from "./openai-wire.ts";

/**
 * Bodies exactly as Anthropic's Messages API sends them: a `message` JSON object, the SSE event
 * sequence (`message_start`, `content_block_start`, `ping`, `content_block_delta`...,
 * `content_block_stop`, `message_delta`, `message_stop`), and the `{ "type": "error" }` envelope.
 */

const MESSAGE_ID = "msg_01XFDUDYJgAACzvnptvVoYEL";

function usageObject(usage: WireUsage | null): Record<string, unknown> {
  return {
    // Anthropic's input_tokens leaves out the tokens read from and written to the cache.
    input_tokens: usage
      ? usage.inputTokens - (usage.cachedInputTokens ?? 0) - (usage.cacheWriteInputTokens ?? 0)
      : 0,
    cache_creation_input_tokens: usage?.cacheWriteInputTokens ?? 0,
    cache_read_input_tokens: usage?.cachedInputTokens ?? 0,
    output_tokens: usage?.outputTokens ?? 0,
    service_tier: "standard",
  };
}

/** A non-streaming `message` response. */
export function anthropicMessage(
  model: string,
  text: string,
  usage: WireUsage | null,
  stop: WireStop = "stop",
): Record<string, unknown> {
  return {
    id: MESSAGE_ID,
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text }],
    stop_reason: stop === "length" ? "max_tokens" : "end_turn",
    stop_sequence: null,
    usage: usageObject(usage),
  };
}

/** The SSE events of a streamed answer, in order, as `[event name, data]`. */
export function anthropicEvents(
  model: string,
  pieces: readonly string[],
  usage: WireUsage | null,
  stop: WireStop = "stop",
): Array<[string, Record<string, unknown>]> {
  const start = usageObject(usage);
  return [
    [
      "message_start",
      {
        type: "message_start",
        message: {
          id: MESSAGE_ID,
          type: "message",
          role: "assistant",
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...start, output_tokens: 1 },
        },
      },
    ],
    [
      "content_block_start",
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    ],
    ["ping", { type: "ping" }],
    ...pieces.map((piece): [string, Record<string, unknown>] => [
      "content_block_delta",
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: piece } },
    ]),
    ["content_block_stop", { type: "content_block_stop", index: 0 }],
    [
      "message_delta",
      {
        type: "message_delta",
        delta: { stop_reason: stop === "length" ? "max_tokens" : "end_turn", stop_sequence: null },
        usage: { output_tokens: usage?.outputTokens ?? 0 },
      },
    ],
    ["message_stop", { type: "message_stop" }],
  ];
}

/** `GET /v1/models` as Anthropic answers it. */
export function anthropicModelList(models: readonly string[]): Record<string, unknown> {
  const data = models.map((id) => ({
    type: "model",
    id,
    display_name: id,
    created_at: "2025-09-29T00:00:00Z",
  }));
  return { data, has_more: false, first_id: models[0] ?? null, last_id: models.at(-1) ?? null };
}

/** The error envelope Anthropic sends with a 4xx/5xx status (529 is `overloaded_error`). */
export function anthropicError(status: number, message: string): Record<string, unknown> {
  const type =
    status === 529
      ? "overloaded_error"
      : status === 429
        ? "rate_limit_error"
        : status === 401
          ? "authentication_error"
          : status >= 500
            ? "api_error"
            : "invalid_request_error";
  return { type: "error", error: { type, message } };
}
