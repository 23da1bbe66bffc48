import { describe, expect, it } from "vitest";
import { seededRandom } from "../eval/compare/seeded-random.ts";
import { AsciiKeyTable } from "./ascii-key-table.ts";

describe("AsciiKeyTable", () => {
  it("finds each stored key by any range holding it, and nothing else", () => {
    const random = seededRandom(9);
    const table = new AsciiKeyTable(1 << 12, 1 << 16);
    const stored = new Map<string, number>();
    const randomKey = (): string => {
      const length = 1 + Math.floor(random() ** 3 * 256);
      let key = "";
      // A small alphabet, so keys share prefixes and differ in one character.
      for (let index = 0; index < length; index += 1) key += "ab\u0000~ "[Math.floor(random() * 5)];
      return key;
    };
    while (stored.size < 1500) {
      const key = randomKey();
      if (stored.has(key)) continue;
      const value = Math.floor(random() * 2 ** 22);
      expect(table.set(`<${key}>`, 1, key.length + 1, value)).toBe(true);
      stored.set(key, value);
    }
    expect(table.size).toBe(1500);
    for (const [key, value] of stored) expect(table.get(`..${key}`, 2, key.length + 2)).toBe(value);
    let absent = 0;
    for (let round = 0; round < 3000; round += 1) {
      const key = randomKey();
      if (stored.has(key)) continue;
      absent += 1;
      expect(table.get(key, 0, key.length)).toBe(-1);
    }
    expect(absent).toBeGreaterThan(1000);
  });

  it("finds a key packed by the caller as it finds the same key by its range", () => {
    const table = new AsciiKeyTable(64, 64);
    const keys = ["a", " word", "abcd", "abcde", "exactly8", "sixteen-chars-16", "Z\u0000\u007f"];
    for (const [value, key] of keys.entries()) table.set(key, 0, key.length, value);
    for (const [value, key] of keys.entries()) {
      const words = [0, 0, 0, 0];
      for (let index = 0; index < key.length; index += 1) {
        const word = index >> 2;
        words[word] = ((words[word] ?? 0) << 7) | key.charCodeAt(index);
      }
      const [word0 = 0, word1 = 0, word2 = 0, word3 = 0] = words;
      expect(table.getPacked(key.length, word0, word1, word2, word3)).toBe(value);
      expect(table.getPacked(key.length, word0 ^ 1, word1, word2, word3)).toBe(-1);
    }
  });

  it("refuses keys past its fill limit or its arena and over 256 characters, and empties on clear", () => {
    const table = new AsciiKeyTable(16, 4, 0.5);
    for (let index = 0; index < 8; index += 1) expect(table.set(`k${index}`, 0, 2, index)).toBe(true);
    expect(table.set("k8", 0, 2, 8)).toBe(false);
    expect(table.get("k8", 0, 2)).toBe(-1);
    for (let index = 0; index < 8; index += 1) expect(table.get(`k${index}`, 0, 2)).toBe(index);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get("k3", 0, 2)).toBe(-1);
    // Characters past the 16th go to the arena, 4 a word: 33 characters need 5 words; it has 4.
    const key = "abcdefghijklmnopqrstuvwxyz0123456789";
    expect(table.set(key, 0, 33, 1)).toBe(false);
    expect(table.set(key, 0, 32, 2)).toBe(true);
    expect(table.get(key, 0, 32)).toBe(2);
    expect(table.get(key, 0, 31)).toBe(-1);
    const long = "x".repeat(257);
    expect(table.set(long, 0, long.length, 1)).toBe(false);
    expect(table.get(long, 0, long.length)).toBe(-1);
  });
});
