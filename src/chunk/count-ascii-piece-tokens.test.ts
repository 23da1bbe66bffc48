import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import tokensByRank from "gpt-tokenizer/bpeRanks/cl100k_base";
import { countTokens as encoderCount } from "gpt-tokenizer/encoding/cl100k_base";
import { CL100K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../eval/compare/seeded-random.ts";
import { countAsciiPieceTokens, twoCharacterPieceTokens } from "./count-ascii-piece-tokens.ts";

const PLAIN = { disallowedSpecial: new Set<string>() };
const PIECES = new RegExp(CL100K_TOKEN_SPLIT_REGEX.source, "gu");
const isAscii = (text: string): boolean => !/[^\p{ASCII}]/u.test(text);

describe("countAsciiPieceTokens", () => {
  it("relies on a rank list where no token text occurs twice (the table keeps the first)", () => {
    const texts = tokensByRank.filter((token): token is string => typeof token === "string");
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("counts every one- and two-character ASCII string as the encoder does", () => {
    for (let first = 0; first < 128; first += 1) {
      const one = String.fromCharCode(first);
      expect(countAsciiPieceTokens(one)).toBe(encoderCount(one, PLAIN));
      for (let second = 0; second < 128; second += 1) {
        const two = one + String.fromCharCode(second);
        // Only whole pieces are counted; pairs the pattern would cut apart are skipped.
        if ([...two.matchAll(PIECES)].length !== 1) continue;
        expect(twoCharacterPieceTokens(first, second), JSON.stringify(two)).toBe(encoderCount(two, PLAIN));
        expect(countAsciiPieceTokens(two)).toBe(encoderCount(two, PLAIN));
      }
    }
  });

  it("equals the encoder's count for every ASCII piece of the bundled docs", () => {
    const docs = join(import.meta.dirname, "..", "..", "docs");
    const pieces = new Set<string>();
    for (const name of readdirSync(docs, { recursive: true, encoding: "utf8" })) {
      if (!name.endsWith(".md")) continue;
      for (const [piece] of readFileSync(join(docs, name), "utf8").matchAll(PIECES))
        if (isAscii(piece)) pieces.add(piece);
    }
    expect(pieces.size).toBeGreaterThan(2000);
    for (const piece of pieces)
      expect(countAsciiPieceTokens(piece), JSON.stringify(piece)).toBe(encoderCount(piece, PLAIN));
  });

  it("equals the encoder's count for pieces of random ASCII, rare letter runs and long punctuation among them", () => {
    const random = seededRandom(42);
    const alphabets = [
      "abcdefghijklmnopqrstuvwxyz",
      "qxzjkvwy",
      "ABCXYZ0123456789",
      " \n\t.,;:!?-_=*#/\\|()[]{}<>'\"`~@$%^&+",
    ];
    for (let round = 0; round < 4000; round += 1) {
      const alphabet = alphabets[round % alphabets.length] ?? "";
      let text = round % 3 === 0 ? " " : "";
      const length = 1 + Math.floor(random() * (round % 50 === 0 ? 300 : 24));
      for (let index = 0; index < length; index += 1)
        text += alphabet[Math.floor(random() * alphabet.length)];
      for (const [piece] of text.matchAll(PIECES)) {
        expect(countAsciiPieceTokens(piece), JSON.stringify(piece)).toBe(encoderCount(piece, PLAIN));
      }
    }
  });
});
