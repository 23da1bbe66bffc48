import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildGroundedPrompt } from "../../src/answer/build-grounded-prompt.ts";
import { createExtractiveGenerator } from "../../src/answer/extractive-generator.ts";
import { createAnthropicGenerator } from "../../src/answer/providers/create-anthropic-generator.ts";
import { createOpenAICompatibleGenerator } from "../../src/answer/providers/create-openai-compatible-generator.ts";
import { createOpenAIGenerator } from "../../src/answer/providers/create-openai-generator.ts";
import type { ProviderTimeouts } from "../../src/answer/providers/language-model-generator.ts";
import { createCircuitBreaker } from "../../src/answer/resilience/circuit-breaker.ts";
import { createFallbackGenerator } from "../../src/answer/resilience/create-fallback-generator.ts";
import { withBudget } from "../../src/answer/resilience/with-budget.ts";
import { withRetries } from "../../src/answer/resilience/with-retries.ts";
import { DEFAULT_PRICES } from "../../src/answer/usage/price-table.ts";
import { createMemorySpendLedger, utcDay } from "../../src/answer/usage/spend-ledger.ts";
import type { GenerateEvent, Generator, RetrievedChunk } from "../../src/core/answer.ts";
import {
  createProviderServer,
  type ProviderServer,
} from "../helpers/provider-server/create-provider-server.ts";

let server: ProviderServer;
beforeAll(async () => {
  server = await createProviderServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function retrieved(id: string, title: string, text: string): RetrievedChunk {
  return {
    chunk: {
      id,
      documentId: id,
      ordinal: 0,
      title,
      headingPath: [],
      anchor: null,
      url: `${id}.md`,
      text,
      contentHash: id,
      tokenCount: 10,
    },
    score: 1,
    lexicalRank: 1,
  } as RetrievedChunk;
}

const prompt = buildGroundedPrompt("Which port does the server use?", [
  retrieved("server", "Server", "The server listens on port 8080 by default."),
]);

async function collect(generator: Generator, signal?: AbortSignal): Promise<GenerateEvent[]> {
  const events: GenerateEvent[] = [];
  for await (const event of generator.generate(prompt, { signal })) events.push(event);
  return events;
}

// The adapters keep the default (long) limits, so a busy machine cannot fail a test that is not
// about a timeout; timeout tests pass `fast` or their own short limits.
const fast: Partial<ProviderTimeouts> = { connectMs: 1000, firstTokenMs: 300, totalMs: 800 };
const adapters: Record<string, (timeouts?: Partial<ProviderTimeouts>) => Generator> = {
  openai: (timeouts?: Partial<ProviderTimeouts>) =>
    createOpenAIGenerator({ apiKey: "k", baseURL: `${server.url}/v1`, modelId: "gpt-4o-mini", timeouts }),
  anthropic: (timeouts?: Partial<ProviderTimeouts>) =>
    createAnthropicGenerator({
      apiKey: "k",
      baseURL: `${server.url}/v1`,
      modelId: "claude-sonnet-4-5",
      timeouts,
    }),
  "openai-compatible": (timeouts?: Partial<ProviderTimeouts>) =>
    createOpenAICompatibleGenerator({ baseURL: `${server.url}/v1`, modelId: "llama3.2", timeouts }),
};

describe.each(Object.keys(adapters))("the %s adapter against the protocol server", (name) => {
  const make = adapters[name] as () => Generator;

  it("streams text deltas, then usage with cached tokens, then finish", async () => {
    server.script({
      kind: "answer",
      text: "Port 8080 [1].",
      pieces: ["Port ", "8080 ", "[1]."],
      usage: { inputTokens: 300, outputTokens: 5, cachedInputTokens: 100 },
    });
    const events = await collect(make());
    expect(events.filter((event) => event.type === "text-delta").map((event) => event.text)).toEqual([
      "Port ",
      "8080 ",
      "[1].",
    ]);
    const usage = events.find((event) => event.type === "usage");
    expect(usage).toMatchObject({
      provider: name,
      usage: { inputTokens: 300, outputTokens: 5, estimated: false },
    });
    // The Ollama-style server and OpenAI/Anthropic report cached tokens; all three go through the same field.
    expect(usage?.type === "usage" && usage.usage.cachedInputTokens).toBe(100);
    expect(events.at(-1)).toEqual({
      type: "finish",
      provider: name,
      modelId: make().modelId,
      finishReason: "stop",
    });
    expect(server.requests[0]?.body.max_tokens).toBe(1024);
  });

  it("reports an answer cut off at the output-token limit as finishReason length", async () => {
    server.script({ kind: "answer", text: "Port 8080 [1] and", stop: "length" });
    const events = await collect(make());
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: "length" });
  });

  it("ends a stream that goes silent after some text at the idle timeout", async () => {
    server.script({ kind: "stall", text: "Port" });
    const generator = adapters[name]?.({ connectMs: 1000, firstTokenMs: 1000, idleMs: 200, totalMs: 10_000 });
    const events = await collect(generator as Generator);
    expect(events.map((event) => event.type)).toEqual(["text-delta", "error"]);
    const last = events.at(-1);
    expect(last?.type === "error" && last.error.message).toBe(
      `${name} sent nothing for 200 ms (answer.timeouts.idleMs) after 4 characters; the answer above is incomplete.`,
    );
    expect(last?.type === "error" && (last.error as { isRetryable?: boolean }).isRetryable).toBe(false);
  });

  it("ends a stream that stalls after some text with a total-timeout error, never a hang", async () => {
    server.script({ kind: "stall", text: "Port" });
    const events = await collect(adapters[name]?.(fast) as Generator);
    expect(events.map((event) => event.type)).toEqual(["text-delta", "error"]);
    const last = events.at(-1);
    expect(last?.type === "error" && last.error.message).toBe(
      `${name} did not finish the answer within 800 ms (answer.timeouts.totalMs) after 4 characters; the answer above is incomplete.`,
    );
  });

  it("stops with an ABORTED error when the caller aborts", async () => {
    server.script({ kind: "stall" });
    const controller = new AbortController();
    // Abort once the server holds the request, so a late request cannot eat the next test's script.
    const poll = setInterval(() => {
      if (server.requests.length > 0) {
        clearInterval(poll);
        controller.abort();
      }
    }, 5);
    const events = await collect(make(), controller.signal);
    const last = events.at(-1);
    expect(last?.type === "error" && (last.error as { code?: string }).code).toBe("ABORTED");
  });
});

describe("Anthropic prompt-cache usage", () => {
  it("reads cache_creation_input_tokens and cache_read_input_tokens into the usage event", async () => {
    server.script({
      kind: "answer",
      text: "Port 8080 [1].",
      usage: { inputTokens: 1000, cachedInputTokens: 600, cacheWriteInputTokens: 300, outputTokens: 5 },
    });
    const usage = (await collect(adapters.anthropic?.() as Generator)).find(
      (event) => event.type === "usage",
    );
    expect(usage?.type === "usage" && usage.usage).toEqual({
      inputTokens: 1000,
      cachedInputTokens: 600,
      cacheWriteInputTokens: 300,
      outputTokens: 5,
      estimated: false,
    });
    const body = server.requests[0]?.body;
    expect(body?.stream).toBe(true);
  });
});

describe("the JSON (non-streaming) form of each protocol", () => {
  it("is read by the AI SDK for OpenAI Chat Completions and Anthropic Messages", async () => {
    server.script({ kind: "answer", text: "Hello [1]." }, { kind: "answer", text: "Bonjour [1]." });
    const openai = await generateText({
      model: createOpenAI({ apiKey: "k", baseURL: `${server.url}/v1` }).chat("gpt-4o-mini"),
      prompt: "hi",
      maxRetries: 0,
    });
    const anthropic = await generateText({
      model: createAnthropic({ apiKey: "k", baseURL: `${server.url}/v1` })("claude-sonnet-4-5"),
      prompt: "hi",
      maxRetries: 0,
    });
    expect([openai.text, anthropic.text]).toEqual(["Hello [1].", "Bonjour [1]."]);
    expect(openai.usage.inputTokens).toBe(812);
    expect(anthropic.usage.outputTokens).toBe(46);
    expect(server.requests.map((request) => request.body.stream ?? false)).toEqual([false, false]);
  });
});

describe("Docent's retry policy on the wire", () => {
  const openai = () => adapters.openai?.() as Generator;

  it("honours retry-after on 429 and backs off with jitter on 500", async () => {
    server.script(
      { kind: "status", status: 429, headers: { "retry-after": "2" } },
      { kind: "status", status: 500 },
      { kind: "answer", text: "Port 8080 [1]." },
    );
    const slept: number[] = [];
    const generator = withRetries(openai(), {
      maxRetries: 3,
      baseDelayMs: 400,
      maxDelayMs: 10_000,
      random: () => 0.5,
      sleep: async (milliseconds) => {
        slept.push(milliseconds);
      },
    });
    const events = await collect(generator);
    // retry-after: 2 s exactly; then attempt 1 of the backoff: 0.5 × 400 × 2¹.
    expect(slept).toEqual([2000, 400]);
    expect(
      events
        .filter((event) => event.type === "provider-failed")
        .map((event) => event.type === "provider-failed" && event.action),
    ).toEqual(["retry", "retry"]);
    expect(events.at(-1)?.type).toBe("finish");
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry a 400 (it will not change) and says what the server said", async () => {
    server.script({ kind: "status", status: 400, message: "max_tokens is too large" });
    const events = await collect(withRetries(openai(), { maxRetries: 3, baseDelayMs: 0, maxDelayMs: 0 }));
    expect(events).toHaveLength(1);
    expect(events[0]?.type === "error" && events[0].error.message).toBe(
      "openai returned HTTP 400: max_tokens is too large",
    );
    expect(server.requests).toHaveLength(1);
  });

  it("retries Anthropic's 529 overloaded", async () => {
    server.script({ kind: "status", status: 529 }, { kind: "answer", text: "Port 8080 [1]." });
    const events = await collect(
      withRetries(adapters.anthropic?.() as Generator, { maxRetries: 1, baseDelayMs: 0, maxDelayMs: 0 }),
    );
    expect(events.at(-1)?.type).toBe("finish");
    expect(server.requests.map((request) => request.path)).toEqual(["/v1/messages", "/v1/messages"]);
  });

  it("opens the circuit after repeated failures, skips the provider, and tries again after the cool-down", async () => {
    let now = 1_000_000;
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 30_000, now: () => now });
    const generator = withRetries(openai(), { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0, breaker });
    server.script({ kind: "status", status: 503 }, { kind: "status", status: 503 });
    await collect(generator);
    await collect(generator);
    expect(breaker.state()).toBe("open");
    const skipped = await collect(generator);
    expect(skipped[0]?.type === "error" && skipped[0].error.message).toBe(
      "openai is paused after repeated failures (circuit open); it will be tried again in 30 s.",
    );
    expect(server.requests).toHaveLength(2);
    now += 30_000;
    server.script({ kind: "answer", text: "Port 8080 [1]." });
    expect((await collect(generator)).at(-1)?.type).toBe("finish");
    expect(breaker.state()).toBe("closed");
  });

  it("falls back past a spent budget to the extractive answerer without calling the provider", async () => {
    const ledger = createMemorySpendLedger();
    ledger.add(utcDay(Date.now()), 1);
    const chain = createFallbackGenerator([
      withBudget(openai(), { dailyUsd: 1, ledger, prices: DEFAULT_PRICES }),
      createExtractiveGenerator({ refusalThreshold: 0.2, maxSentences: 2 }),
    ]);
    const events = await collect(chain);
    const failed = events.find((event) => event.type === "provider-failed");
    expect(failed?.type === "provider-failed" && failed.error.message).toMatch(
      /daily cost budget of \$1\.00 is spent/u,
    );
    expect(
      events
        .filter((event) => event.type === "text-delta")
        .map((event) => event.text)
        .join(""),
    ).toContain("port 8080 by default [1].");
    expect(events.at(-1)).toEqual({ type: "finish", provider: "extractive", modelId: "extractive-v1" });
    expect(server.requests).toHaveLength(0);
  });
});
