import tokensByRank from "gpt-tokenizer/bpeRanks/cl100k_base";
import { AsciiKeyTable } from "./ascii-key-table.ts";

/**
 * Ranks of the `cl100k_base` tokens whose text is ASCII, by text: the part of `gpt-tokenizer`'s
 * rank list an ASCII piece can need (95,000 tokens; a 4 MB table). Built on first use, in about
 * 0.05 s, from the list `gpt-tokenizer` itself loaded.
 */
let asciiRanks: AsciiKeyTable | undefined;
/**
 * Ranks of the two-character tokens by their character codes (`first * 128 + second`; -1: not a
 * token): every merge starts from pairs, and this 64 KB table stays in cache where the large one
 * does not.
 */
const twoCharacterRanks = new Int32Array(128 * 128).fill(-1);

function ranks(): AsciiKeyTable {
  if (asciiRanks === undefined) {
    const table = new AsciiKeyTable(1 << 17, 1 << 16, 0.75);
    for (const [rank, token] of tokensByRank.entries()) {
      // Like gpt-tokenizer, only tokens stored as text are found by text (no text occurs twice).
      if (typeof token !== "string" || !isAscii(token)) continue;
      table.set(token, 0, token.length, rank);
      if (token.length === 2) twoCharacterRanks[token.charCodeAt(0) * 128 + token.charCodeAt(1)] = rank;
    }
    asciiRanks = table;
  }
  return asciiRanks;
}

/**
 * The tokens of a piece of two ASCII characters (codes `first`, `second`): 1 when it is a token,
 * else 2 (every single byte is a token).
 */
export function twoCharacterPieceTokens(first: number, second: number): number {
  if (asciiRanks === undefined) ranks();
  return (twoCharacterRanks[first * 128 + second] ?? -1) >= 0 ? 1 : 2;
}

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) > 127) return false;
  return true;
}

/**
 * The number of `cl100k_base` tokens of one ASCII piece (a match of the encoding's pattern,
 * every character below U+0080), exactly as `gpt-tokenizer` counts it: one when the piece is a
 * token, else its byte-pair merge (repeatedly merge the adjacent pair whose joined text has the
 * lowest rank, the leftmost on a tie) done on the piece's characters, which for ASCII are its
 * bytes. Tests compare it with `gpt-tokenizer`'s count. It exists because that count decodes
 * every candidate pair from bytes to text and looks it up in a large `Map`; first encounters of
 * pieces were a fifth of chunking time.
 */
export function countAsciiPieceTokens(piece: string): number {
  const table = ranks();
  const length = piece.length;
  if (length <= 1) return length;
  if (table.get(piece, 0, length) >= 0) return 1;
  if (bounds.length <= length) {
    bounds = new Int32Array(length + 1);
    mergeRanks = new Int32Array(length + 1);
  }
  // Parts `index` is [bounds[index], bounds[index + 1]); mergeRanks[index]: the rank of it joined
  // with the next part (NONE: not a token, or no next part).
  let parts = length;
  for (let index = 0; index <= length; index += 1) bounds[index] = index;
  for (let index = 0; index < parts; index += 1) {
    mergeRanks[index] = index + 1 < parts ? rankOf(table, piece, index, index + 2) : NONE;
  }
  while (parts > 1) {
    let lowest = NONE;
    let lowestIndex = -1;
    for (let index = 0; index < parts - 1; index += 1) {
      const rank = mergeRanks[index] ?? NONE;
      if (rank < lowest) {
        lowest = rank;
        lowestIndex = index;
      }
    }
    if (lowestIndex === -1) break;
    // Join the part with the next: drop the boundary between them and that pair's rank.
    bounds.copyWithin(lowestIndex + 1, lowestIndex + 2, parts + 1);
    mergeRanks.copyWithin(lowestIndex, lowestIndex + 1, parts);
    parts -= 1;
    mergeRanks[lowestIndex] =
      lowestIndex + 1 < parts
        ? rankOf(table, piece, bounds[lowestIndex] ?? 0, bounds[lowestIndex + 2] ?? 0)
        : NONE;
    if (lowestIndex > 0) {
      mergeRanks[lowestIndex - 1] = rankOf(
        table,
        piece,
        bounds[lowestIndex - 1] ?? 0,
        bounds[lowestIndex + 1] ?? 0,
      );
    }
  }
  return parts;
}

/** No rank: the text is not a token (ranks are below 2^17). */
const NONE = 0x7fffffff;
/** Scratch space of {@link countAsciiPieceTokens}, grown for longer pieces. */
let bounds = new Int32Array(257);
let mergeRanks = new Int32Array(257);

/** The rank of `piece.slice(start, end)` as a token, or {@link NONE}. */
function rankOf(table: AsciiKeyTable, piece: string, start: number, end: number): number {
  const rank =
    end - start === 2
      ? (twoCharacterRanks[piece.charCodeAt(start) * 128 + piece.charCodeAt(start + 1)] ?? -1)
      : table.get(piece, start, end);
  return rank < 0 ? NONE : rank;
}
