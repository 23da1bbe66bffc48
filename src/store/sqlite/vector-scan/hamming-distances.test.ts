import { describe, expect, it } from "vitest";
import { hammingDistances, popcount32 } from "./hamming-distances.ts";

function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state;
  };
}

function naivePopcount(value: number): number {
  let count = 0;
  for (let bit = 0; bit < 32; bit++) count += (value >>> bit) & 1;
  return count;
}

describe("popcount32", () => {
  it("counts set bits of edge values and random 32-bit words", () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000000)).toBe(1);
    expect(popcount32(-1)).toBe(32);
    const next = seeded(7);
    for (let i = 0; i < 2000; i++) {
      const value = next();
      expect(popcount32(value)).toBe(naivePopcount(value));
    }
  });
});

describe("hammingDistances", () => {
  it("counts the differing bits between the query and each packed row", () => {
    const next = seeded(11);
    for (const words of [1, 3, 4, 16, 17, 40]) expectNaiveDistances(next, words);
  });
});

function expectNaiveDistances(next: () => number, words: number): void {
  {
    const rows = 50;
    const bits = Uint32Array.from({ length: rows * words }, next);
    const query = Uint32Array.from({ length: words }, next);
    const distances = new Uint16Array(rows);
    hammingDistances(bits, words, rows, query, distances);
    for (let row = 0; row < rows; row++) {
      let expected = 0;
      for (let word = 0; word < words; word++)
        expected += naivePopcount(((bits[row * words + word] as number) ^ (query[word] as number)) >>> 0);
      expect(distances[row]).toBe(expected);
    }
    // A row equal to the query is at distance 0.
    bits.set(query, 4 * words);
    hammingDistances(bits, words, rows, query, distances);
    expect(distances[4]).toBe(0);
  }
}
