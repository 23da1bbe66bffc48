import { decode, encode } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens } from "./count-tokens.ts";
import { type CountedText, packGreedily } from "./pack-greedily.ts";
import { PLAIN_TEXT } from "./piece-token-cache.ts";

/**
 * Splits `text` into consecutive pieces of at most `maxTokens` tokens each, cutting between words
 * where possible and between tokens only inside a word longer than the budget. Joining the pieces
 * with a single space gives back the text's words in order.
 *
 * @param text - The text to split.
 * @param maxTokens - Most tokens per piece; at least 1.
 */
export function splitByTokens(text: string, maxTokens: number): string[] {
  return splitByTokensCounted(text, maxTokens).map((piece) => piece.text);
}

/** {@link splitByTokens}, each piece with its token count. */
export function splitByTokensCounted(text: string, maxTokens: number): CountedText[] {
  const budget = Math.max(1, Math.floor(maxTokens));
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  const tokenCount = countTokens(trimmed);
  if (tokenCount <= budget) return [{ text: trimmed, tokenCount }];
  return packGreedily(trimmed.match(/\S+\s*/gu) ?? [], budget, (word) => {
    const pieces = splitWordByTokens(word.trimEnd(), budget);
    const last = pieces.pop()?.text ?? "";
    return { pieces, rest: `${last} ` };
  });
}

/** Cuts one word (no spaces) into pieces of at most `budget` tokens at token boundaries. */
function splitWordByTokens(word: string, budget: number): CountedText[] {
  const tokens = encode(word, PLAIN_TEXT);
  const pieces: CountedText[] = [];
  let start = 0;
  while (start < tokens.length) {
    let end = Math.min(tokens.length, start + budget);
    let piece = decode(tokens.slice(start, end));
    // A multi-byte character can span two tokens; never cut inside it.
    while (piece.endsWith("\uFFFD") && end - start > 1 && end < tokens.length) {
      end -= 1;
      piece = decode(tokens.slice(start, end));
    }
    pieces.push({ text: piece, tokenCount: countTokens(piece) });
    start = end;
  }
  return pieces;
}
