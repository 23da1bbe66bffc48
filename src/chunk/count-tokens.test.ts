import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { countTokens as encoderCount } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { adversarialTexts } from "../../test/helpers/adversarial-text.ts";
import { countTokens } from "./count-tokens.ts";

const DOCS = join(import.meta.dirname, "..", "..", "docs");

describe("countTokens", () => {
  it("counts cl100k_base tokens", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens("Docent answers questions about your documentation.")).toBeGreaterThan(4);
  });

  it("equals the encoder's own count on real pages, every paragraph and tricky whitespace", () => {
    const pages = readdirSync(DOCS, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".md"))
      .map((name) => readFileSync(join(DOCS, name), "utf8"));
    expect(pages.length).toBeGreaterThan(5);
    const texts = [
      ...pages,
      ...pages.flatMap((page) => page.split("\n\n")),
      "a  b   c\n\n  \n d\t\te  ",
      "<|endoftext|> and <|im_start|>user",
      "It's we'LL they've 12345678 ½ café naïve 漢字 🙂 ﬁnd   ",
      " \n \r\n\r\n x\n\n\n",
    ];
    const plain = { disallowedSpecial: new Set<string>() };
    for (const text of texts) expect(countTokens(text), text.slice(0, 80)).toBe(encoderCount(text, plain));
  });

  it("equals the encoder's count on random text mixing the characters its pattern cuts on", () => {
    // Letters (contraction letters among them), digits, every ASCII whitespace, punctuation, and
    // non-ASCII letters, digits and spaces next to ASCII ones (where the fast scanner hands over).
    const alphabet = [
      ..."aZsStTdDmMlLvVeErR'0123456789 \n\r\t\v\f!(.-_#`",
      "é",
      "ß",
      "٣",
      "\u00a0",
      "\u2003",
      "🙂",
      "漢",
    ];
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const plain = { disallowedSpecial: new Set<string>() };
    for (let round = 0; round < 3000; round += 1) {
      const length = 1 + Math.floor(random() * 24);
      const asciiOnly = round % 2 === 0;
      let text = "";
      for (let index = 0; index < length; index += 1)
        text += alphabet[Math.floor(random() * (asciiOnly ? alphabet.length - 7 : alphabet.length))];
      expect(countTokens(text), JSON.stringify(text)).toBe(encoderCount(text, plain));
    }
  });

  it("equals the encoder's count on longer random text with non-ASCII edges, lone surrogates and special tokens", () => {
    const { text, below } = adversarialTexts(11);
    const plain = { disallowedSpecial: new Set<string>() };
    for (let round = 0; round < 3000; round += 1) {
      const sample = text(1 + below(60));
      expect(countTokens(sample), JSON.stringify(sample)).toBe(encoderCount(sample, plain));
    }
  });
});
