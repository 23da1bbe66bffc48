import { countTokens as encoderCount } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { packGreedily } from "./pack-greedily.ts";
import { splitSentences } from "./split-sentences.ts";

describe("packGreedily", () => {
  it("fills each piece while it stays within the budget, counting each exactly", () => {
    const text = Array.from(
      { length: 40 },
      (_, index) => `Sentence ${index} says the widget ${"spins ".repeat(index % 7)}on day ${index}. `,
    ).join("");
    const pieces = packGreedily(splitSentences(text), 60, () => {
      throw new Error("no sentence is over budget");
    });
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) {
      expect(piece.tokenCount).toBe(encoderCount(piece.text));
      expect(piece.tokenCount).toBeLessThanOrEqual(60);
      expect(piece.text).toBe(piece.text.trim());
    }
    // Greedy: the next piece's first sentence would not have fitted.
    for (const [index, piece] of pieces.slice(0, -1).entries()) {
      const nextFirst = splitSentences(pieces[index + 1]?.text ?? "")[0] ?? "";
      expect(encoderCount(`${piece.text} ${nextFirst}`.trim())).toBeGreaterThan(60);
    }
    expect(pieces.map((piece) => piece.text).join(" ")).toBe(text.trim());
  });

  it("joins whitespace-only units to the current piece and hands an overlong unit to the splitter", () => {
    const overlong = "word ".repeat(30);
    const seen: string[] = [];
    const pieces = packGreedily(["alpha ", " \n ", "beta ", overlong, "gamma"], 8, (unit) => {
      seen.push(unit);
      return { pieces: [{ text: "cut", tokenCount: 1 }], rest: "rest " };
    });
    expect(seen).toEqual([overlong]);
    expect(pieces.map(({ text, tokenCount }) => ({ text, tokenCount }))).toEqual([
      { text: "alpha  \n beta", tokenCount: encoderCount("alpha  \n beta") },
      { text: "cut", tokenCount: 1 },
      { text: "rest gamma", tokenCount: 2 },
    ]);
  });
});
