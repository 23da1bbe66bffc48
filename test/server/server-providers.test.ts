import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.ts";
import type { Config } from "../../src/config/schema.ts";
import { createGenerator } from "../../src/pipeline/create-generator.ts";
import { createProviderReadinessFromConfig } from "../../src/server/provider-readiness.ts";
import { createMemoryRateLimitStore } from "../../src/server/rate-limit-store.ts";
import {
  createProviderServer,
  type ProviderServer,
} from "../helpers/provider-server/create-provider-server.ts";
import { ADMIN_KEY, parseServerSentEvents, startTestServer, type TestServer } from "./start-test-server.ts";

/**
 * `docent serve` with an LLM provider behind it (the local protocol server): retries and usage
 * as the client and the admin see them, readiness with the provider up and down, and rate
 * limits shared through one store.
 */

let provider: ProviderServer;
let folder: string;
const environment = { OPENAI_API_KEY: "sk-test", ANTHROPIC_API_KEY: "sk-ant-test" };

beforeAll(async () => {
  provider = await createProviderServer();
  folder = mkdtempSync(join(tmpdir(), "docent-serve-providers-"));
});
afterAll(async () => {
  await provider.close();
  rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => provider.reset());

function providerConfig(settings: Array<[string, unknown]>, baseUrl = `${provider.url}/v1`): Config {
  return loadConfig({
    cwd: folder,
    environment,
    overrides: [
      ["answer.provider", "openai"],
      ["answer.model", "gpt-4o-mini"],
      ["answer.baseUrl", baseUrl],
      ["answer.retry.baseDelayMs", 0],
      ["answer.retry.maxDelayMs", 0],
      ...settings,
    ],
  }).config;
}

const admin = { headers: { authorization: `Bearer ${ADMIN_KEY}` } };

describe("answers from an LLM provider through the server", () => {
  let server: TestServer;
  beforeAll(async () => {
    const config = providerConfig([]);
    server = await startTestServer({
      generator: createGenerator(config, { environment, breakers: new Map() }),
    });
  });
  afterAll(() => server.close());

  it("streams a retry as provider-failed, records provider, model, prompt version, usage and cost, and the admin stats show the cost", async () => {
    provider.script(
      { kind: "status", status: 429, headers: { "retry-after": "0" } },
      {
        kind: "answer",
        text: "The index is stored in .docent/index.db by default [1].",
        usage: { inputTokens: 1000, outputTokens: 100 },
      },
    );
    const response = await fetch(`${server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ question: "Where is the index stored by default?" }),
    });
    const text = await response.text();
    const events = parseServerSentEvents(text);
    expect(events.find((event) => event.event === "provider-failed")?.data).toEqual({
      provider: "openai",
      model: "gpt-4o-mini",
      action: "retry",
      delayMs: 0,
      code: "PROVIDER_ERROR",
      statusCode: 429,
    });
    const finish = events.find((event) => event.event === "finish")?.data as {
      answer: { id: string; refused: boolean; truncated: boolean; usage: { costUsd: number } };
    };
    expect(finish.answer.refused).toBe(false);
    expect(finish.answer.truncated).toBe(false);
    // 1000 input × $0.15/M + 100 output × $0.60/M.
    const cost = (1000 * 0.15 + 100 * 0.6) / 1e6;
    expect(finish.answer.usage.costUsd).toBeCloseTo(cost, 12);

    const trace = (await (
      await fetch(`${server.url}/api/admin/answers/${finish.answer.id}`, admin)
    ).json()) as Record<string, unknown>;
    expect(trace).toMatchObject({
      provider: "openai",
      model: "gpt-4o-mini",
      inputTokens: 1000,
      cachedInputTokens: 0,
      outputTokens: 100,
      truncated: false,
      attempts: [{ provider: "openai", model: "gpt-4o-mini", action: "retry" }],
    });
    expect(trace.promptVersion).toMatch(/^[0-9a-f]{12}$/u);
    expect(trace.costUsd).toBeCloseTo(cost, 12);
    expect((trace.attempts as Array<{ error: string }>)[0]?.error).toMatch(/HTTP 429/u);

    const stats = (await (await fetch(`${server.url}/api/admin/stats?days=30`, admin)).json()) as {
      days: Array<{ costUsd: number; answers: number }>;
    };
    expect(stats.days.at(-1)?.costUsd).toBeCloseTo(cost, 12);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^docent_cost_usd_total 0\.00021$/mu);
    expect(metrics).toMatch(/^docent_provider_failures_total\{provider="openai",action="retry"\} 1$/mu);
    expect(metrics).toMatch(/^docent_tokens_total\{direction="output"\} 100$/mu);
  });

  it("records a failed answer with its redacted error and the generator's provider", async () => {
    provider.script({ kind: "status", status: 400, message: "Bad request from jane.doe@example.com" });
    const response = await fetch(`${server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "Where is the index stored by default?" }),
    });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).not.toContain("jane.doe@example.com");
    const { answers } = (await (await fetch(`${server.url}/api/admin/answers?limit=1`, admin)).json()) as {
      answers: Array<{ provider: string; model: string; error: string | null; costUsd: number | null }>;
    };
    expect(answers[0]).toMatchObject({ provider: "openai", model: "gpt-4o-mini", costUsd: null });
    expect(answers[0]?.error).toMatch(/openai returned HTTP 400: Bad request from \[EMAIL\]$/u);
  });
});

describe("/readyz with an LLM provider", () => {
  it("is ready when the provider answers GET /models with the configured key", async () => {
    const config = providerConfig([]);
    const server = await startTestServer({
      providerReadiness: createProviderReadinessFromConfig(config, { environment }),
    });
    try {
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: "ready",
        checks: { index: "ok", provider: "ok" },
        provider: { status: "ok", url: `${provider.url}/v1/models`, statusCode: 200 },
      });
      expect(provider.probes[0]?.headers.authorization).toBe("Bearer sk-test");
      // Within server.providerProbeCacheMs the result is reused: one probe for two checks.
      await fetch(`${server.url}/readyz`);
      expect(provider.probes).toHaveLength(1);
      expect(provider.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it("sends Anthropic's headers to an Anthropic provider", async () => {
    const config = providerConfig([
      ["answer.provider", "anthropic"],
      ["answer.model", "claude-sonnet-4-5"],
    ]);
    const readiness = createProviderReadinessFromConfig(config, { environment });
    expect(await readiness?.check()).toMatchObject({ status: "ok", provider: "anthropic" });
    expect(provider.probes[0]?.headers).toMatchObject({
      "x-api-key": "sk-ant-test",
      "anthropic-version": "2023-06-01",
    });
  });

  it("is not ready (503) when the provider is down, and degraded (200) when extractive can stand in", async () => {
    const gone = await createProviderServer();
    const goneUrl = `${gone.url}/v1`;
    await gone.close();
    const down = await startTestServer({
      providerReadiness: createProviderReadinessFromConfig(providerConfig([], goneUrl), { environment }),
    });
    const degraded = await startTestServer({
      providerReadiness: createProviderReadinessFromConfig(
        providerConfig([["answer.fallback", "extractive"]], goneUrl),
        { environment },
      ),
    });
    try {
      const response = await fetch(`${down.url}/readyz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as {
        status: string;
        checks: object;
        provider: { detail: string };
      };
      expect(body).toMatchObject({ status: "not-ready", checks: { index: "ok", provider: "down" } });
      expect(body.provider.detail).toMatch(/^could not connect/u);
      const fallback = await fetch(`${degraded.url}/readyz`);
      expect(fallback.status).toBe(200);
      expect(await fallback.json()).toMatchObject({
        status: "degraded",
        checks: { provider: "down" },
        provider: { canFallBack: true },
      });
    } finally {
      await down.close();
      await degraded.close();
    }
  });

  it("needs no probe for the extractive answerer", async () => {
    expect(
      createProviderReadinessFromConfig(loadConfig({ cwd: folder }).config, { environment: {} }),
    ).toBeNull();
    const server = await startTestServer();
    try {
      expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({
        status: "ready",
        checks: { provider: "not-needed", generator: "extractive/extractive-v1" },
      });
    } finally {
      await server.close();
    }
  });
});

describe("rate limits through a RateLimitStore", () => {
  it("two instances sharing one store share one limit; by default each counts alone", async () => {
    const settings = { rateLimitMax: 2, rateLimitWindowMs: 60_000 };
    const store = createMemoryRateLimitStore();
    const first = await startTestServer({ settings, rateLimitStore: store });
    const second = await startTestServer({ settings, rateLimitStore: store });
    const alone = await startTestServer({ settings });
    try {
      const search = (server: TestServer) => fetch(`${server.url}/api/search?q=index`);
      expect((await search(first)).status).toBe(200);
      expect((await search(second)).status).toBe(200);
      const limited = await search(first);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await search(alone)).status).toBe(200);
    } finally {
      await Promise.all([first.close(), second.close(), alone.close()]);
    }
  });
});
