import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateEvent, Generator } from "../../src/core/answer.ts";
import {
  ADMIN_KEY,
  CLIENT_KEY,
  parseServerSentEvents,
  startTestServer,
  type TestServer,
} from "./start-test-server.ts";

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** A generator that answers "[1]" only when `release()` is called, to hold an answer in flight. */
function createHeldGenerator() {
  let release: () => void = () => {};
  let started: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const startedPromise = new Promise<void>((resolve) => {
    started = resolve;
  });
  const generator: Generator = {
    provider: "held",
    modelId: "held-1",
    async *generate(_prompt, options): AsyncGenerator<GenerateEvent> {
      yield { type: "text-delta", text: "The index is stored in .docent/index.db " };
      started();
      await Promise.race([
        gate,
        new Promise((_, reject) =>
          options?.signal?.addEventListener("abort", () => reject(options.signal?.reason)),
        ),
      ]);
      yield { type: "text-delta", text: "by default [1]." };
      yield { type: "finish" };
    },
  };
  return { generator, release: () => release(), started: startedPromise };
}

describe("docent serve API", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers with the same JSON shape as `docent ask --json`, cited", async () => {
    const response = await fetch(
      `${server.url}/api/ask`,
      json({ question: "Where is the index stored by default?" }),
    );
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      id: string;
      refused: boolean;
      citations: Array<{ chunkId: string }>;
    };
    expect(answer.refused).toBe(false);
    expect(answer.citations[0]?.chunkId).toBe("doc-configuration#index-location");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("streams typed events with Accept: text/event-stream", async () => {
    const response = await fetch(`${server.url}/api/ask`, {
      ...json({ question: "Where is the index stored by default?" }),
      headers: { "content-type": "application/json", accept: "text/event-stream" },
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = parseServerSentEvents(await response.text());
    const names = events.map((event) => event.event);
    expect(names[0]).toBe("answer-id");
    expect(names[1]).toBe("retrieval-done");
    expect(names).toContain("text-delta");
    expect(names).toContain("citation");
    expect(names.at(-1)).toBe("finish");
    const finish = (events.at(-1)?.data ?? {}) as { answer: { id: string } };
    const first = (events[0]?.data ?? {}) as { answerId?: string };
    expect(finish.answer.id).toBe(first.answerId);
  });

  it("streams a refusal for a question the docs do not answer", async () => {
    const response = await fetch(`${server.url}/api/ask`, {
      ...json({ question: "What is the capital of France?" }),
      headers: { "content-type": "application/json", accept: "text/event-stream" },
    });
    const names = parseServerSentEvents(await response.text()).map((event) => event.event);
    expect(names).toContain("refusal");
    expect(names).not.toContain("citation");
  });

  it("rejects bad input with 400 naming the problem", async () => {
    const malformed = await fetch(`${server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"question": ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toMatch(
      /not valid JSON/,
    );

    const missing = await fetch(`${server.url}/api/ask`, json({ conversationId: "c1" }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/question/);

    const badRating = await fetch(`${server.url}/api/feedback`, json({ answerId: "x", rating: "meh" }));
    expect(badRating.status).toBe(400);
    expect(((await badRating.json()) as { error: { message: string } }).error.message).toMatch(/rating/);

    const noQuery = await fetch(`${server.url}/api/search`);
    expect(noQuery.status).toBe(400);
    expect(((await noQuery.json()) as { error: { message: string } }).error.message).toMatch(/q/);

    const unknown = await fetch(`${server.url}/api/nothing-here`);
    expect(unknown.status).toBe(404);
  });

  it("refuses a body over the limit with 413", async () => {
    const response = await fetch(`${server.url}/api/ask`, json({ question: "x".repeat(10_000) }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("BODY_TOO_LARGE");
  });

  it("records answers redacted, joins feedback, and shows them to admins only", async () => {
    const asked = await fetch(`${server.url}/api/ask`, {
      ...json({ question: "Where is the index stored? Mail me at jane.doe@example.org" }),
      headers: { "content-type": "application/json", "x-docent-user": "user-7" },
    });
    const { id, citations } = (await asked.json()) as { id: string; citations: Array<{ chunkId: string }> };
    const feedback = await fetch(
      `${server.url}/api/feedback`,
      json({ answerId: id, rating: "down", comment: "Call me on +1-541-714-1388" }),
    );
    expect(feedback.status).toBe(201);
    const unknownAnswer = await fetch(`${server.url}/api/feedback`, json({ answerId: "nope", rating: "up" }));
    expect(unknownAnswer.status).toBe(404);

    expect((await fetch(`${server.url}/api/admin/answers/${id}`)).status).toBe(401);
    const wrongKey = await fetch(`${server.url}/api/admin/answers/${id}`, {
      headers: { authorization: `Bearer ${CLIENT_KEY}` },
    });
    expect(wrongKey.status).toBe(403);
    const trace = (await (
      await fetch(`${server.url}/api/admin/answers/${id}`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      })
    ).json()) as {
      question: string;
      userHash: string;
      provider: string;
      retrievedIds: string[];
      citedIds: string[];
      timings: { totalMs: number };
      feedback: Array<{ rating: string; comment: string }>;
    };
    expect(trace.question).toBe("Where is the index stored? Mail me at [EMAIL]");
    expect(trace.userHash).toMatch(/^[0-9a-f]{64}$/);
    expect(trace.userHash).not.toContain("user-7");
    expect(trace.provider).toBe("extractive");
    expect(trace.citedIds).toEqual(citations.map((citation) => citation.chunkId));
    expect(trace.retrievedIds).toContain("doc-configuration#index-location");
    expect(trace.feedback).toEqual([
      expect.objectContaining({ rating: "down", comment: "Call me on [PHONE]" }),
    ]);

    const gaps = (await (
      await fetch(`${server.url}/api/admin/gaps`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
    ).json()) as { gaps: Array<{ topic: string; downRated: number }> };
    expect(gaps.gaps).toContainEqual(expect.objectContaining({ topic: "Configuration", downRated: 1 }));
    const stats = (await (
      await fetch(`${server.url}/api/admin/stats`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
    ).json()) as { days: Array<{ answers: number; latencyP50Ms: number }> };
    expect(stats.days[0]?.answers).toBeGreaterThan(0);

    const logged = server.logLines().join("\n");
    expect(logged).not.toContain("jane.doe@example.org");
    expect(logged).not.toContain("Where is the index stored");
  });

  it("serves search, sources, health, readiness, metrics and the OpenAPI document", async () => {
    const search = (await (await fetch(`${server.url}/api/search?q=supported+formats`)).json()) as {
      results: Array<{ chunkId: string }>;
    };
    expect(search.results[0]?.chunkId).toBe("doc-ingesting#supported-formats");
    const sources = (await (await fetch(`${server.url}/api/sources`)).json()) as {
      documents: Array<{ title: string }>;
    };
    expect(sources.documents.map((document) => document.title).sort()).toEqual([
      "Configuration",
      "Ingesting",
      "Unsafe page",
    ]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(((await (await fetch(`${server.url}/readyz`)).json()) as { status: string }).status).toBe("ready");
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /docent_http_requests_total\{route="\/api\/ask",method="POST",status="200"\} \d+/,
    );
    expect(metrics).toMatch(/docent_pipeline_stage_duration_seconds_count\{stage="retrieve"\} \d+/);
    expect(metrics).toMatch(/docent_answers_total\{outcome="refused"\} \d+/);
    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(["/api/ask", "/api/feedback", "/api/search"]),
    );
    const reference = await fetch(`${server.url}/api/reference/`);
    expect(reference.status).toBe(200);
    expect(await reference.text()).not.toMatch(/https?:\/\/(?!localhost)[^"']*\.(?:js|css)/);
  });
});

describe("docent serve limits and keys", () => {
  it("answers 429 with retry-after once a key or IP passes its limit", async () => {
    const server = await startTestServer({ settings: { rateLimitMax: 2 } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${server.url}/api/search?q=index`);
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get("retry-after");
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      // Another key has its own budget.
      const keyed = await fetch(`${server.url}/api/search?q=index`, {
        headers: { authorization: `Bearer ${CLIENT_KEY}` },
      });
      expect(keyed.status).toBe(200);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("requires a key on the ask route with requireKey", async () => {
    const server = await startTestServer({ settings: { requireKey: true } });
    try {
      const body = json({ question: "Where is the index stored?" });
      expect((await fetch(`${server.url}/api/ask`, body)).status).toBe(401);
      const wrong = await fetch(`${server.url}/api/ask`, {
        ...body,
        headers: { ...body.headers, "x-api-key": "wrong" },
      });
      expect(wrong.status).toBe(403);
      const right = await fetch(`${server.url}/api/ask`, {
        ...body,
        headers: { ...body.headers, authorization: `Bearer ${CLIENT_KEY}` },
      });
      expect(right.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe("docent serve streaming lifecycle", () => {
  it("survives a client that disconnects mid-stream and records the answer as aborted", async () => {
    const held = createHeldGenerator();
    const server = await startTestServer({ generator: held.generator });
    try {
      const url = new URL(`${server.url}/api/ask`);
      const firstChunk = await new Promise<string>((resolve, reject) => {
        const request = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "POST",
            headers: { "content-type": "application/json", accept: "text/event-stream" },
          },
          (response) => {
            response.once("data", (data: Buffer) => {
              resolve(data.toString());
              request.destroy();
            });
          },
        );
        request.on("error", () => {});
        request.on("error", reject);
        request.end(JSON.stringify({ question: "Where is the index stored?" }));
      });
      expect(firstChunk).toContain("answer-id");
      await held.started;
      // The server notices the closed socket and aborts the answer; wait until nothing is in flight.
      for (let attempt = 0; attempt < 100 && server.server.context.lifecycle.inflight > 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(server.server.context.lifecycle.inflight).toBe(0);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/docent_answers_total\{outcome="aborted"\} 1/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("shuts down gracefully: the in-flight answer finishes, new ones get 503", async () => {
    const held = createHeldGenerator();
    const server = await startTestServer({ generator: held.generator });
    const inFlight = fetch(`${server.url}/api/ask`, json({ question: "Where is the index stored?" }));
    await held.started;
    const shutdown = server.server.shutdown();
    const late = await fetch(`${server.url}/api/ask`, json({ question: "Where is the index stored?" }));
    expect(late.status).toBe(503);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe("SHUTTING_DOWN");
    held.release();
    const answer = (await (await inFlight).json()) as { refused: boolean; answer: string };
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain("[1]");
    expect(await shutdown).toBe(true);
    await server.close();
  });
});
