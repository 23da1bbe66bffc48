import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "../answer/providers/provider-error.ts";
import { createOpenAICompatibleEmbedder } from "./create-openai-compatible-embedder.ts";

/** One scripted reply of the loopback server; `ok` answers like OpenAI with 3-d vectors derived from the input. */
type Reply =
  | { kind: "ok" }
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: string }
  | { kind: "hang" }
  | { kind: "raw"; body: string };

interface Received {
  readonly authorization: string | undefined;
  readonly body: { model: string; input: string[]; encoding_format?: string; dimensions?: number };
}

let server: Server;
let baseURL: string;
let script: Reply[] = [];
let received: Received[] = [];

/** A deterministic vector for a text: [length, vowels, 1], scaled later by the client. */
const vectorOf = (text: string) => [text.length, (text.match(/[aeiou]/gu) ?? []).length, 1];

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let raw = "";
  for await (const part of request) raw += part;
  const body = JSON.parse(raw) as Received["body"];
  received.push({ authorization: request.headers.authorization, body });
  if (request.url !== "/v1/embeddings" || request.method !== "POST") {
    response.writeHead(404).end();
    return;
  }
  const reply = script.shift() ?? { kind: "ok" };
  if (reply.kind === "hang") return; // never answers: the client's timeout must fire
  if (reply.kind === "status") {
    response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    response.end(reply.body ?? JSON.stringify({ error: { message: "scripted failure" } }));
    return;
  }
  response.writeHead(200, { "content-type": "application/json" });
  if (reply.kind === "raw") {
    response.end(reply.body);
    return;
  }
  // Real servers may return items out of order; `index` says where each belongs.
  const data = body.input
    .map((text, index) => ({ object: "embedding", index, embedding: vectorOf(text) }))
    .reverse();
  response.end(
    JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }),
  );
}

beforeAll(async () => {
  server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  script = [];
  received = [];
});

const sleeps: number[] = [];
const recordSleep = async (milliseconds: number) => {
  sleeps.push(milliseconds);
};

function create(options: Partial<Parameters<typeof createOpenAICompatibleEmbedder>[0]> = {}) {
  sleeps.length = 0;
  return createOpenAICompatibleEmbedder({
    baseURL,
    model: "test-embed",
    dimensions: 3,
    sleep: recordSleep,
    ...options,
  });
}

describe("OpenAI-compatible embedder against a loopback server", () => {
  it("sends the model, inputs and key, and returns unit vectors in input order", async () => {
    const embedder = await create({ apiKey: "sk-test" });
    const vectors = await embedder.embed(["aa", "bbbb"]);
    expect(received[0]).toEqual({
      authorization: "Bearer sk-test",
      body: { model: "test-embed", input: ["aa", "bbbb"], encoding_format: "float", dimensions: 3 },
    });
    const expected = vectorOf("aa").map((value) => value / Math.hypot(...vectorOf("aa")));
    expect([...(vectors[0] ?? [])].map((value) => Number(value.toFixed(5)))).toEqual(
      expected.map((value) => Number(value.toFixed(5))),
    );
    expect(vectors[1]?.[0]).toBeGreaterThan(vectors[0]?.[0] ?? 1);
  });

  it("learns the dimensions with one probe request when they are not configured", async () => {
    const embedder = await create({ dimensions: undefined });
    expect(embedder.dimensions).toBe(3);
    expect(received).toHaveLength(1);
    expect(received[0]?.body.dimensions).toBeUndefined();
  });

  it("splits inputs into batches of maxBatchSize", async () => {
    const embedder = await create({ maxBatchSize: 2 });
    const vectors = await embedder.embed(["a", "b", "c", "d", "e"]);
    expect(vectors).toHaveLength(5);
    expect(received.map((request) => request.body.input)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  it("puts the query prefix before questions and the document prefix before passages", async () => {
    const embedder = await create({ queryPrefix: "search_query: ", documentPrefix: "search_document: " });
    await embedder.embed(["q"], { inputType: "query" });
    await embedder.embed(["d"]);
    expect(received.map((request) => request.body.input)).toEqual([
      ["search_query: q"],
      ["search_document: d"],
    ]);
  });

  it("retries a 429, waiting as long as retry-after says", async () => {
    const embedder = await create();
    script = [{ kind: "status", status: 429, headers: { "retry-after": "2" } }, { kind: "ok" }];
    expect(await embedder.embed(["x"])).toHaveLength(1);
    expect(sleeps).toEqual([2000]);
    expect(received).toHaveLength(2);
  });

  it("retries 500s with backoff and gives up after maxRetries with the status", async () => {
    const embedder = await create({ maxRetries: 2 });
    script = [{ kind: "status", status: 500 }, { kind: "status", status: 503 }, { kind: "ok" }];
    expect(await embedder.embed(["x"])).toHaveLength(1);
    expect(sleeps).toEqual([500, 1000]);

    script = [500, 502, 503].map((status) => ({ kind: "status", status }));
    const error = await embedder.embed(["x"]).catch((caught) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ statusCode: 503, isRetryable: true });
  });

  it("does not retry a 400 or 401, and says to check the key on 401", async () => {
    const embedder = await create();
    script = [{ kind: "status", status: 401, body: '{"error":"bad key"}' }];
    const error = await embedder.embed(["x"]).catch((caught) => caught);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
    expect(error.message).toMatch(/401.*check the API key/);
    expect(received).toHaveLength(1);
  });

  it("abandons a request that exceeds the timeout, retries it, then reports the timeout", async () => {
    const embedder = await create({ timeoutMs: 150, maxRetries: 1 });
    script = [{ kind: "hang" }, { kind: "ok" }];
    expect(await embedder.embed(["x"])).toHaveLength(1);
    script = [{ kind: "hang" }, { kind: "hang" }];
    const error = await embedder.embed(["x"]).catch((caught) => caught);
    expect(error).toMatchObject({ code: "PROVIDER_TIMEOUT", isRetryable: true });
    expect(error.message).toMatch(/within 150 ms/);
  });

  it("rejects malformed responses without retrying", async () => {
    const embedder = await create();
    const bodies = [
      "not json at all",
      JSON.stringify({ nothing: true }),
      JSON.stringify({ data: [] }),
      JSON.stringify({ data: [{ index: 0, embedding: ["a", "b", "c"] }] }),
      JSON.stringify({ data: [{ index: 0, embedding: [1, 2] }] }),
    ];
    for (const body of bodies) {
      script = [{ kind: "raw", body }];
      received = [];
      const error = await embedder.embed(["x"]).catch((caught) => caught);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.message).toMatch(/malformed/);
      expect(error.isRetryable).toBe(false);
      expect(received).toHaveLength(1);
    }
  });

  it("reports an unreachable server as retryable, and stops when the caller aborts", async () => {
    const embedder = await create({
      baseURL: "http://127.0.0.1:1/v1",
      maxRetries: 0,
      dimensions: undefined,
    }).catch((caught) => caught);
    expect(embedder).toMatchObject({ code: "PROVIDER_UNAVAILABLE", isRetryable: true });
    const working = await create();
    await expect(working.embed(["x"], { signal: AbortSignal.abort() })).rejects.toThrow();
    script = [{ kind: "hang" }];
    const controller = new AbortController();
    const pending = working.embed(["x"], { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 50);
    await expect(pending).rejects.toThrow(/user cancelled/);
  });
});
