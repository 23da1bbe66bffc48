import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../providers/provider-error.ts";
import { ollamaBaseUrl, resolveProviderSettings } from "../providers/resolve-provider-settings.ts";
import { computeCostUsd, DEFAULT_PRICES } from "../usage/price-table.ts";
import { backoffDelay } from "./backoff-delay.ts";
import { createCircuitBreaker } from "./circuit-breaker.ts";

describe("backoffDelay", () => {
  const options = { baseDelayMs: 500, maxDelayMs: 8000 };
  it("draws full jitter under an exponentially growing ceiling, capped", () => {
    expect(
      [0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, { ...options, random: () => 0.999999 })),
    ).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
  });
  it("lets the server's retry-after win, within the cap", () => {
    expect(backoffDelay(0, options, 3000)).toBe(3000);
    expect(backoffDelay(0, options, 60_000)).toBe(8000);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(parseRetryAfter({ "retry-after": "7" })).toBe(7000);
    expect(parseRetryAfter({ "retry-after-ms": "250", "retry-after": "7" })).toBe(250);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, now)).toBe(5000);
    expect(parseRetryAfter({ "retry-after": "soon" })).toBeNull();
    expect(parseRetryAfter({})).toBeNull();
  });
});

describe("createCircuitBreaker", () => {
  it("lets exactly one trial through when half-open, and re-opens on its failure", () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 100, now: () => now });
    breaker.recordFailure();
    expect(breaker.allow()).toBe(false);
    now = 100;
    expect(breaker.state()).toBe("half-open");
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false);
    breaker.recordFailure();
    expect(breaker.state()).toBe("open");
    expect(breaker.retryInMs()).toBe(100);
  });
});

describe("computeCostUsd", () => {
  it("prices cached input apart and matches dated model ids by prefix", () => {
    const usage = { inputTokens: 2000, cachedInputTokens: 1000, outputTokens: 500, estimated: false };
    expect(computeCostUsd(usage, "gpt-4o-mini-2024-07-18", DEFAULT_PRICES)).toBeCloseTo(
      (1000 * 0.15 + 1000 * 0.075 + 500 * 0.6) / 1e6,
      12,
    );
    expect(computeCostUsd(usage, "my-local-model", DEFAULT_PRICES)).toBeNull();
    expect(
      computeCostUsd(usage, "my-local-model", { "my-local": { inputPerMillion: 0, outputPerMillion: 0 } }),
    ).toBe(0);
  });
});

describe("resolveProviderSettings", () => {
  it("takes keys and base URLs from the usual environment variables", () => {
    expect(
      resolveProviderSettings(
        { provider: "openai", model: "gpt-4.1-mini" },
        {
          OPENAI_API_KEY: "sk-1",
          OPENAI_BASE_URL: "https://gateway.example/v1/",
        },
      ),
    ).toEqual({
      provider: "openai",
      modelId: "gpt-4.1-mini",
      apiKey: "sk-1",
      baseURL: "https://gateway.example/v1",
    });
    expect(ollamaBaseUrl("0.0.0.0:11434")).toBe("http://127.0.0.1:11434/v1");
    expect(ollamaBaseUrl("http://gpu-box:8000")).toBe("http://gpu-box:8000/v1");
    expect(ollamaBaseUrl("localhost")).toBe("http://localhost:11434/v1");
  });
  it("names the flag and the variable of a missing key", () => {
    expect(() => resolveProviderSettings({ provider: "openai", model: "m" }, {})).toThrow(
      "OPENAI_API_KEY is not set: pass --api-key or set the OPENAI_API_KEY environment variable to use --provider openai",
    );
  });
});
