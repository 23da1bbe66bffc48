import { countTokens as encoderCount } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { adversarialTexts } from "../../test/helpers/adversarial-text.ts";
import { suffixTokenCounter } from "./suffix-token-counter.ts";

describe("suffixTokenCounter", () => {
  it("counts every suffix exactly, in any order of starts, including starts inside a surrogate pair", () => {
    const { text, below } = adversarialTexts(5);
    const plain = { disallowedSpecial: new Set<string>() };
    for (let round = 0; round < 300; round += 1) {
      const sample = text(1 + below(80));
      const tokensFrom = suffixTokenCounter(sample);
      // Growing leftwards (as overlap does), then random starts.
      for (let start = sample.length; start >= 0; start -= 1 + below(4)) {
        expect(tokensFrom(start), JSON.stringify(sample.slice(start))).toBe(
          encoderCount(sample.slice(start), plain),
        );
      }
      for (let probe = 0; probe < 10; probe += 1) {
        const start = below(sample.length + 1);
        const truth = encoderCount(sample.slice(start), plain);
        // With a limit: exact within it, some number over it otherwise.
        const limit = below(2) === 0 ? below(30) : Infinity;
        if (truth <= limit) expect(tokensFrom(start, limit), JSON.stringify(sample.slice(start))).toBe(truth);
        else expect(tokensFrom(start, limit)).toBeGreaterThan(limit);
        expect(tokensFrom(start), JSON.stringify(sample.slice(start))).toBe(truth);
      }
    }
  });
});
