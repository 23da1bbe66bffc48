import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { countTokens as encoderCount } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { adversarialTexts } from "../../test/helpers/adversarial-text.ts";
import { splitSentences } from "./split-sentences.ts";
import { TokenTally } from "./token-tally.ts";

const PLAIN = { disallowedSpecial: new Set<string>() };
const expected = (text: string, trim: boolean): number => encoderCount(trim ? text.trim() : text, PLAIN);

describe("TokenTally", () => {
  for (const trim of [false, true]) {
    it(`equals the encoder's count of every candidate and every appended text (trim: ${trim})`, () => {
      const { text, below } = adversarialTexts(trim ? 7 : 3);
      const tally = new TokenTally({ trim });
      let reference = "";
      for (let step = 0; step < 6000; step += 1) {
        const extra = text(below(3) === 0 ? below(40) : below(6));
        const label = JSON.stringify([reference, extra]);
        // Sometimes with a limit: exact within it, some number over it otherwise.
        const limit = below(3) === 0 ? below(60) : Infinity;
        const truth = expected(reference + extra, trim);
        const measured = tally.measure(extra, limit);
        if (truth <= limit) expect(measured, label).toBe(truth);
        else expect(measured, label).toBeGreaterThan(limit);
        const action = below(10);
        if (action < 6) {
          tally.append(extra);
          reference += extra;
        } else if (action === 6) {
          // Append without measuring first, or after measuring something else.
          tally.measure(text(2));
          tally.append(extra);
          reference += extra;
        } else if (action === 7) {
          tally.reset(extra);
          reference = extra;
        }
        expect(tally.text).toBe(reference);
        expect(tally.tokens, JSON.stringify(reference)).toBe(expected(reference, trim));
        if (reference.length > 400) {
          tally.reset();
          reference = "";
        }
      }
    });
  }

  it("seeds a tally with another's state: the counted text, then appends, count as if scanned", () => {
    const { text, below } = adversarialTexts(21);
    for (let round = 0; round < 600; round += 1) {
      const trim = below(2) === 0;
      const source = new TokenTally({ trim });
      for (let step = below(5); step >= 0; step -= 1) source.append(text(below(12)));
      let reference = trim ? source.text.trim() : source.text;
      const seeded = new TokenTally();
      seeded.reset(reference, source.state);
      expect(seeded.tokens, JSON.stringify(reference)).toBe(expected(reference, false));
      for (let step = below(4); step >= 0; step -= 1) {
        const extra = text(below(8));
        expect(seeded.measure(extra), JSON.stringify([reference, extra])).toBe(
          expected(reference + extra, false),
        );
        seeded.append(extra);
        reference += extra;
      }
    }
  });

  it("counts a surrogate pair split across two appends as the one character it becomes", () => {
    const tally = new TokenTally();
    const parts = [
      "I like ",
      "ab\ud83d",
      "\ude42",
      "\ud83d",
      "\ude42x ",
      "12\ud835",
      "\udfce45 ab\ud840",
      "\udc00cd",
    ];
    let reference = "";
    for (const part of parts) {
      tally.append(part);
      reference += part;
      expect(tally.tokens, JSON.stringify(reference)).toBe(encoderCount(reference));
    }
    expect(reference).toBe("I like ab🙂🙂x 12𝟎45 ab𠀀cd");
  });

  it("equals the encoder's count when a real page grows sentence by sentence", () => {
    const docs = join(import.meta.dirname, "..", "..", "docs");
    const pages = readdirSync(docs, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".md"))
      .slice(0, 6)
      .map((name) => readFileSync(join(docs, name), "utf8"));
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) {
      const tally = new TokenTally({ trim: true });
      let reference = "";
      for (const sentence of splitSentences(page)) {
        expect(tally.measure(sentence)).toBe(expected(reference + sentence, true));
        tally.append(sentence);
        reference += sentence;
      }
      expect(tally.tokens).toBe(encoderCount(page.trim(), PLAIN));
    }
  });

  it("starts from empty and ignores leading whitespace when trimming", () => {
    const tally = new TokenTally({ trim: true });
    expect(tally.tokens).toBe(0);
    tally.append(" \n\t");
    expect(tally.tokens).toBe(0);
    expect(tally.measure("Hello world. ")).toBe(encoderCount("Hello world."));
    tally.append("Hello world. ");
    expect(tally.text).toBe(" \n\tHello world. ");
    expect(tally.tokens).toBe(encoderCount("Hello world."));
  });
});
