import { describe, expect, it } from "vitest";
import { mapAhead } from "./map-ahead.ts";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("mapAhead", () => {
  it("yields results in input order whatever order the calls finish in", async () => {
    const finished: number[] = [];
    const results: number[] = [];
    for await (const value of mapAhead([30, 5, 20, 1, 10], 3, async (ms, index) => {
      await delay(ms);
      finished.push(index);
      return index * 10;
    }))
      results.push(value);
    expect(results).toEqual([0, 10, 20, 30, 40]);
    expect(finished).not.toEqual([0, 1, 2, 3, 4]);
  });

  it("keeps at most `ahead` calls in flight", async () => {
    let running = 0;
    let most = 0;
    const items = Array.from({ length: 12 }, (_, index) => index);
    const seen: number[] = [];
    for await (const value of mapAhead(items, 4, async (item) => {
      running++;
      most = Math.max(most, running);
      await delay(item % 3);
      running--;
      return item;
    }))
      seen.push(value);
    expect(seen).toEqual(items);
    expect(most).toBe(4);
  });

  it("throws a failed call at its turn, after the results before it, and reports no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const seen: number[] = [];
    try {
      await expect(async () => {
        for await (const value of mapAhead([0, 1, 2, 3], 4, async (item) => {
          if (item >= 2) throw new Error(`item ${item} failed`);
          await delay(5);
          return item;
        }))
          seen.push(value);
      }).rejects.toThrow("item 2 failed");
      await delay(20);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(seen).toEqual([0, 1]);
    expect(unhandled).toEqual([]);
  });
});
