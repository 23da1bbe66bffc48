import { countTokens as countEncodedTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { AsciiKeyTable } from "./ascii-key-table.ts";
import { countAsciiPieceTokens, twoCharacterPieceTokens } from "./count-ascii-piece-tokens.ts";

/**
 * Token counts of pieces (pre-tokens) seen before, so each distinct piece is byte-pair encoded
 * once. The 100,000-input benchmark corpus cuts into 18.6 million pieces but only about 60,000
 * distinct ones; a lookup must therefore cost far less than an encode.
 *
 * ASCII pieces are looked up by their range of the text, without making a string of them, in an
 * {@link AsciiKeyTable}. Other pieces (found by the regular expression, which already made a
 * string of them) are kept in a `Map` by their text. Both caches are bounded and emptied when
 * full, so memory stays flat on any corpus (5 MB of typed arrays, plus at most 4 million
 * characters of piece text).
 */

/**
 * Special-token text such as `<|im_start|>` in a document is counted as ordinary text: the
 * tokenizer throws on it by default, and one such page (a chat transcript, a prompt-injection
 * attempt) would otherwise fail a whole ingest.
 */
export const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** ASCII pieces: 2^17 slots (4 MB), at most 3/4 filled, and 1 MB for characters past the 16th. */
const asciiTokens = new AsciiKeyTable(1 << 17, 1 << 18, 0.75);

/** Non-ASCII and very long pieces by text; emptied when it reaches `TEXT_LIMIT` entries. */
const textTokens = new Map<string, number>();
const TEXT_LIMIT = 50_000;
/** Characters of the keys of `textTokens`; it is also emptied past `TEXT_CHARACTER_LIMIT` of them. */
let textCharacters = 0;
const TEXT_CHARACTER_LIMIT = 4_000_000;

/**
 * The token count of the ASCII piece `text.slice(start, end)`, a whole piece as cut by
 * `cl100k_base`'s pattern (every character in it below U+0080).
 */
export function asciiPieceTokens(text: string, start: number, end: number): number {
  // Every single byte is a token; two characters are one token or two, by a 64 KB table.
  if (end - start <= 2) {
    return end - start === 1
      ? 1
      : twoCharacterPieceTokens(text.charCodeAt(start), text.charCodeAt(start + 1));
  }
  // A piece too long for the table (a long rule of `=`, a long identifier) is kept by its text.
  if (end - start > AsciiKeyTable.LONGEST_KEY) return textPieceTokens(text.slice(start, end));
  const cached = asciiTokens.get(text, start, end);
  return cached >= 0 ? cached : encodeAsciiPiece(text, start, end);
}

/**
 * {@link asciiPieceTokens} for a piece of 1 to 16 characters that the caller packed while
 * cutting it (see {@link AsciiKeyTable.getPacked}).
 */
export function packedPieceTokens(
  text: string,
  start: number,
  end: number,
  word0: number,
  word1: number,
  word2: number,
  word3: number,
): number {
  if (end - start <= 2) return asciiPieceTokens(text, start, end);
  const cached = asciiTokens.getPacked(end - start, word0, word1, word2, word3);
  return cached >= 0 ? cached : encodeAsciiPiece(text, start, end);
}

/** Counts an ASCII piece not in the table and adds it (emptying the table when full). */
function encodeAsciiPiece(text: string, start: number, end: number): number {
  const tokens = countAsciiPieceTokens(text.slice(start, end));
  if (!asciiTokens.set(text, start, end, tokens)) {
    asciiTokens.clear();
    asciiTokens.set(text, start, end, tokens);
  }
  return tokens;
}

/**
 * The token count of a piece (as cut by `cl100k_base`'s pattern) holding a non-ASCII character,
 * or longer than the ASCII table takes.
 */
export function textPieceTokens(piece: string): number {
  const cached = textTokens.get(piece);
  if (cached !== undefined) return cached;
  const tokens = countEncodedTokens(piece, PLAIN_TEXT);
  // A lone surrogate would not survive the copy below; such a piece is just not cached.
  if (!piece.isWellFormed()) return tokens;
  if (textTokens.size >= TEXT_LIMIT || textCharacters + piece.length > TEXT_CHARACTER_LIMIT) {
    textTokens.clear();
    textCharacters = 0;
  }
  textCharacters += piece.length;
  // A match of 13 or more characters is a slice that keeps its whole text alive: cache a copy.
  textTokens.set(piece.length < 13 ? piece : ownCopy(piece), tokens);
  return tokens;
}

/** A string with its own storage (not a slice of a larger one), so caching it retains nothing else. */
function ownCopy(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}
