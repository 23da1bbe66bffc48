import { decode, encode } from "gpt-tokenizer/encoding/cl100k_base";
import { PLAIN_TEXT } from "./piece-token-cache.ts";
import { suffixTokenCounter } from "./suffix-token-counter.ts";

/**
 * The end of `text` holding at most `maxTokens` tokens, starting at a word boundary when the
 * budget allows it (an empty string when `maxTokens` is 0).
 */
export function tailTokens(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return "";
  const trimmed = text.trim();
  const tokensFrom = suffixTokenCounter(trimmed);
  if (tokensFrom(0, maxTokens) <= maxTokens) return trimmed;
  // Words with their trailing whitespace; they follow each other from the first character.
  const words = trimmed.match(/\S+\s*/gu) ?? [];
  let tailStart = trimmed.length;
  for (let index = words.length - 1; index >= 0; index -= 1) {
    const wordStart = tailStart - (words[index]?.length ?? 0);
    if (tokensFrom(wordStart, maxTokens) > maxTokens) break;
    tailStart = wordStart;
  }
  if (tailStart < trimmed.length) return trimmed.slice(tailStart);
  const tokens = encode(trimmed, PLAIN_TEXT);
  return decodeCleanly(tokens.slice(tokens.length - maxTokens)).trim();
}

/** Decodes tokens and drops replacement characters left by a cut inside a multi-byte character. */
function decodeCleanly(tokens: readonly number[]): string {
  return decode(tokens).replace(/^\uFFFD+|\uFFFD+$/gu, "");
}
