import { describe, expect, it } from "vitest";
import { selectSmallestDistances } from "./select-smallest-distances.ts";

describe("selectSmallestDistances", () => {
  it("returns the rows of the smallest distances, breaking ties at the cut-off by row order", () => {
    const distances = Uint16Array.from([5, 1, 3, 3, 0, 3, 9]);
    expect([...selectSmallestDistances(distances, 7, 3, 16)]).toEqual([1, 2, 4]);
    expect([...selectSmallestDistances(distances, 7, 4, 16)]).toEqual([1, 2, 3, 4]);
    expect([...selectSmallestDistances(distances, 7, 1, 16)]).toEqual([4]);
  });

  it("returns every row when asked for as many or more, and none for zero", () => {
    const distances = Uint16Array.from([2, 1, 0]);
    expect([...selectSmallestDistances(distances, 3, 3, 4)]).toEqual([0, 1, 2]);
    expect([...selectSmallestDistances(distances, 3, 10, 4)]).toEqual([0, 1, 2]);
    expect([...selectSmallestDistances(distances, 3, 0, 4)]).toEqual([]);
  });

  it("agrees with sorting on random distances with many ties", () => {
    let state = 3;
    const rows = 1000;
    const distances = Uint16Array.from({ length: rows }, () => {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      return state % 64;
    });
    for (const count of [1, 10, 100, 999]) {
      const selected = [...selectSmallestDistances(distances, rows, count, 63)];
      expect(selected).toHaveLength(count);
      expect(new Set(selected).size).toBe(count);
      const reference = [...distances.keys()]
        .sort((left, right) => (distances[left] as number) - (distances[right] as number) || left - right)
        .slice(0, count)
        .sort((left, right) => left - right);
      expect(selected).toEqual(reference);
    }
  });
});
