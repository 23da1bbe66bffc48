import { countTokens as encoderCount } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { adversarialTexts } from "../../test/helpers/adversarial-text.ts";
import { countedCharacters, countTokens } from "./count-tokens.ts";
import { PiecedText, RangeTally } from "./pieced-text.ts";
import { TokenTally, tallyStateOf } from "./token-tally.ts";

const PLAIN = { disallowedSpecial: new Set<string>() };

describe("PiecedText", () => {
  it("counts every range exactly, from a recorded count or its own, with and without a limit", () => {
    const { text, below } = adversarialTexts(31);
    for (let round = 0; round < 400; round += 1) {
      const sample = text(1 + below(120));
      // Half the time from the recording a count left, else counted anew (another text was recorded).
      if (round % 2 === 0) tallyStateOf(sample, true);
      else tallyStateOf(`${sample}x`, true);
      const pieced = new PiecedText(sample);
      for (let probe = 0; probe < 20; probe += 1) {
        const start = below(sample.length + 1);
        const end = start + below(sample.length - start + 1);
        const range = sample.slice(start, end);
        const truth = encoderCount(range, PLAIN);
        expect(pieced.countRange(start, end), JSON.stringify(range)).toBe(truth);
        // The stable part it reports seeds a tally that then counts appends exactly.
        const seeded = new TokenTally();
        seeded.reset(range, {
          tokens: truth,
          stableEnd: pieced.rangeStableEnd,
          stableTokens: pieced.rangeStableTokens,
        });
        const extra = text(below(6));
        expect(seeded.measure(extra), JSON.stringify([range, extra])).toBe(
          encoderCount(range + extra, PLAIN),
        );
        const limit = below(20);
        if (truth <= limit) expect(pieced.countRange(start, end, limit)).toBe(truth);
        else expect(pieced.countRange(start, end, limit)).toBeGreaterThan(limit);
        // Behind a prefix (as overlap goes before a piece), and after another text was recorded.
        if (probe % 5 === 0) tallyStateOf(text(3), true);
        const prefix = text(below(5));
        const joined = prefix + range;
        const joinedTruth = encoderCount(joined, PLAIN);
        expect(pieced.countRange(start, end, Infinity, prefix), JSON.stringify([prefix, range])).toBe(
          joinedTruth,
        );
        const joinedTally = new TokenTally();
        joinedTally.reset(joined, {
          tokens: joinedTruth,
          stableEnd: pieced.rangeStableEnd,
          stableTokens: pieced.rangeStableTokens,
        });
        expect(joinedTally.measure(extra), JSON.stringify([joined, extra])).toBe(
          encoderCount(joined + extra, PLAIN),
        );
      }
    }
  });

  it("reads only the ends of a range of real prose", () => {
    const paragraph = "The widget spins on day one, and it rests on day two. ".repeat(40).trim();
    tallyStateOf(paragraph, true);
    const pieced = new PiecedText(paragraph);
    const before = countedCharacters();
    expect(pieced.countRange(100, 2000)).toBe(countTokens(paragraph.slice(100, 2000)));
    expect(countedCharacters() - before - 1900).toBeLessThan(40);
  });
});

describe("RangeTally", () => {
  it("answers as a trimming TokenTally would for consecutive parts of its source", () => {
    const { text, below } = adversarialTexts(37);
    for (let round = 0; round < 200; round += 1) {
      const sample = text(1 + below(150));
      tallyStateOf(sample, true);
      const tally = new RangeTally(new PiecedText(sample));
      let position = 0;
      let reference = "";
      while (position < sample.length) {
        const extra = sample.slice(position, position + 1 + below(12));
        const label = JSON.stringify([reference, extra]);
        const truth = encoderCount((reference + extra).trim(), PLAIN);
        const limit = below(3) === 0 ? below(30) : Infinity;
        if (truth <= limit) expect(tally.measure(extra, limit), label).toBe(truth);
        else expect(tally.measure(extra, limit), label).toBeGreaterThan(limit);
        if (below(5) === 0) {
          tally.reset();
          reference = "";
          continue;
        }
        tally.append(extra);
        position += extra.length;
        reference += extra;
        expect(tally.text).toBe(reference);
        expect(tally.tokens, JSON.stringify(reference)).toBe(encoderCount(reference.trim(), PLAIN));
        expect(tally.state.tokens).toBe(tally.tokens);
      }
    }
  });
});

describe("TokenTally.measure with a range of a PiecedText", () => {
  it("counts a text ending in a range of the source exactly, and appends it", () => {
    const { text, below } = adversarialTexts(43);
    for (let round = 0; round < 300; round += 1) {
      const sample = text(1 + below(100));
      tallyStateOf(sample, true);
      const source = new PiecedText(sample);
      const tally = new TokenTally();
      let reference = text(below(8));
      tally.reset(reference);
      for (let step = 0; step < 4; step += 1) {
        const start = below(sample.length + 1);
        const length = below(sample.length - start + 1);
        const extra = text(below(3)) + sample.slice(start, start + length);
        const label = JSON.stringify([reference, extra]);
        const truth = encoderCount(reference + extra, PLAIN);
        const limit = below(3) === 0 ? below(40) : Infinity;
        const measured = tally.measure(extra, limit, { source, start, length });
        if (truth <= limit) expect(measured, label).toBe(truth);
        else expect(measured, label).toBeGreaterThan(limit);
        tally.append(extra);
        reference += extra;
        expect(tally.tokens, label).toBe(truth);
      }
    }
  });
});
