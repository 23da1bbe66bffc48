import { seededRandom } from "../../src/eval/compare/seeded-random.ts";

/**
 * Fragments that sit on the edges of `cl100k_base`'s pre-tokenizer pattern: letters (the
 * contraction letters among them), contractions, digit runs, every ASCII whitespace and line
 * break, punctuation, and non-ASCII letters, digits, spaces, line separators, combining marks,
 * emoji, CJK, both halves of a surrogate pair on their own, and special-token text.
 */
const FRAGMENTS = [
  ..."aZsStTdDmMlLvVeErRxq'0123456789 \n\r\t\v\f!(.-_#`\"/\u0000",
  "'s",
  "'ll",
  "'VE",
  "'re",
  " '",
  "word",
  " word",
  "12345",
  "  ",
  "\n\n",
  "\r\n",
  " \n ",
  "...",
  "é",
  "ß",
  "٣",
  "\u00a0",
  "\u2003",
  "\u3000",
  "\u2028",
  "\u0301",
  "\ufeff",
  "🙂",
  "👍🏽",
  "漢字",
  "\ud83d",
  "\ude42",
  // The halves of U+20000, a CJK letter, and of U+1D7CE, a digit.
  "\ud840",
  "\udc00",
  "\ud835",
  "\udfce",
  "<|endoftext|>",
];

/** The same seed gives the same sequence of texts. */
export function adversarialTexts(seed: number): {
  /** A text of `fragments` fragments. */
  readonly text: (fragments: number) => string;
  /** A whole number in [0, below). */
  readonly below: (below: number) => number;
} {
  const random = seededRandom(seed);
  const below = (limit: number): number => Math.floor(random() * limit);
  const text = (fragments: number): string => {
    let result = "";
    for (let index = 0; index < fragments; index += 1) result += FRAGMENTS[below(FRAGMENTS.length)] ?? "";
    return result;
  };
  return { text, below };
}
