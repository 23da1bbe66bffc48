import { describe, expect, it } from "vitest";
import type { ProviderProbeResult } from "../answer/providers/probe-provider.ts";
import { createProviderReadiness } from "./provider-readiness.ts";

describe("createProviderReadiness", () => {
  it("probes once per cacheMs, shares a probe in flight, and probes again when the result is stale", async () => {
    let now = 0;
    let probes = 0;
    const statuses: Array<ProviderProbeResult["status"]> = ["down", "ok"];
    const readiness = createProviderReadiness({
      probe: async () => {
        const status = statuses[probes++] ?? "ok";
        return {
          status,
          provider: "openai",
          url: "http://x/v1/models",
          statusCode: null,
          latencyMs: 1,
          detail: null,
        };
      },
      cacheMs: 15_000,
      canFallBack: false,
      now: () => now,
    });
    const [first, second] = await Promise.all([readiness.check(), readiness.check()]);
    expect([first.status, second.status, probes]).toEqual(["down", "down", 1]);
    now += 14_999;
    expect((await readiness.check()).status).toBe("down");
    now += 1;
    const fresh = await readiness.check();
    expect([fresh.status, probes, fresh.checkedAt]).toEqual(["ok", 2, new Date(15_000).toISOString()]);
  });
});
