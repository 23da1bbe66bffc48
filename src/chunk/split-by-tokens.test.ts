import { describe, expect, it } from "vitest";
import { countTokens } from "./count-tokens.ts";
import { splitByTokens } from "./split-by-tokens.ts";

describe("splitByTokens", () => {
  it("cuts between words into pieces within the budget, losing no word", () => {
    const text = Array.from({ length: 300 }, (_, index) => `word${index}`).join(" ");
    const pieces = splitByTokens(text, 50);
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces) expect(countTokens(piece)).toBeLessThanOrEqual(50);
    expect(pieces.join(" ")).toBe(text);
  });

  it("cuts inside a word only when the word alone is over budget, without breaking characters", () => {
    const word = "ünïcödé".repeat(60);
    const pieces = splitByTokens(word, 10);
    for (const piece of pieces) {
      expect(countTokens(piece)).toBeLessThanOrEqual(10);
      expect(piece).not.toContain("\uFFFD");
    }
    expect(pieces.join("")).toBe(word);
  });
});
