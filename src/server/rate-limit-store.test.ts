import { describe, expect, it } from "vitest";
import { createMemoryRateLimitStore } from "./rate-limit-store.ts";

describe("createMemoryRateLimitStore", () => {
  it("counts per key in fixed windows and says when the window resets", async () => {
    let now = 1_000;
    const store = createMemoryRateLimitStore({ now: () => now });
    expect(await store.increment("ip:a", 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    now += 10_000;
    expect(await store.increment("ip:a", 60_000)).toEqual({ count: 2, resetInMs: 50_000 });
    expect(await store.increment("ip:b", 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    now += 50_000;
    expect(await store.increment("ip:a", 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it("forgets the least recently seen key beyond maxKeys", async () => {
    const store = createMemoryRateLimitStore({ maxKeys: 2, now: () => 0 });
    await store.increment("a", 1000);
    await store.increment("b", 1000);
    await store.increment("a", 1000);
    await store.increment("c", 1000); // evicts b, the least recently seen
    expect((await store.increment("a", 1000)).count).toBe(3);
    expect((await store.increment("b", 1000)).count).toBe(1);
  });
});
