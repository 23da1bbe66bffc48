import { countTokens as countEncodedTokens, decode, encode } from "gpt-tokenizer/encoding/cl100k_base";
import { CL100K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";

/**
 * Token counting for chunk sizes, with the `cl100k_base` encoding (GPT-4 / text-embedding-3).
 * Only this encoding's module is imported so start-up stays cheap (about 0.1 s, half of
 * `o200k_base`). Chunk sizes are budgets, not model limits, so any modern BPE is close enough.
 */

/**
 * Special-token text such as `<|im_start|>` in a document is counted as ordinary text: the
 * tokenizer throws on it by default, and one such page (a chat transcript, a prompt-injection
 * attempt) would otherwise fail a whole ingest.
 */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Pieces (pre-tokens) as `cl100k_base` cuts text before byte-pair merging; tokens never cross them. */
const PIECE = new RegExp(CL100K_TOKEN_SPLIT_REGEX.source, "uy");
const NON_ASCII = /[\u0080-\u{10ffff}]/gu;

/** A cached piece count; pieces whose hashes collide are chained. */
interface PieceEntry {
  readonly piece: string;
  readonly count: number;
  readonly next: PieceEntry | undefined;
}
/**
 * Token counts of pieces seen before, by a hash of the piece's characters, so a piece found again
 * is looked up without making a string of it. Emptied when it grows past `PIECE_CACHE_LIMIT`.
 */
const pieceCounts = new Map<number, PieceEntry>();
const PIECE_CACHE_LIMIT = 200_000;
/** The last few whole texts counted: packing counts a section, then its chunk, the same string. */
const recentTexts = new Map<string, number>();
const RECENT_TEXT_LIMIT = 32;

/**
 * The number of tokens of `text` in the `cl100k_base` encoding. Exactly `gpt-tokenizer`'s count:
 * the encoder cuts text into pieces with one regular expression and merges bytes only inside a
 * piece, and a piece cut again is itself, so the count is the sum of the pieces' counts, each
 * encoded once and then looked up (tests compare both on real pages and on random text). Where
 * the characters involved are ASCII, a hand-written scanner makes the regular expression's cuts;
 * elsewhere the regular expression does.
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  const recent = recentTexts.get(text);
  if (recent !== undefined) return recent;
  let count = 0;
  let nonAscii = nextNonAscii(text, 0);
  for (let start = 0; start < text.length; ) {
    if (start > nonAscii) nonAscii = nextNonAscii(text, start);
    // The scanner decides only from ASCII characters; else the regular expression cuts.
    let end = start < nonAscii ? asciiPieceEnd(text, start) : -1;
    if (end < 0 || examined >= nonAscii) {
      PIECE.lastIndex = start;
      PIECE.exec(text);
      end = PIECE.lastIndex;
    }
    count += pieceCount(text, start, end);
    start = end;
  }
  if (recentTexts.size >= RECENT_TEXT_LIMIT) recentTexts.clear();
  recentTexts.set(text, count);
  return count;
}

/** The token count of `text.slice(start, end)`, a whole piece: from the cache, else encoded once. */
function pieceCount(text: string, start: number, end: number): number {
  let hash = end - start;
  for (let index = start; index < end; index += 1)
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  // A small integer key (V8 keeps 31-bit integers unboxed).
  hash &= 0x3fffffff;
  const length = end - start;
  const first = pieceCounts.get(hash);
  for (let entry = first; entry !== undefined; entry = entry.next) {
    if (entry.piece.length === length && text.startsWith(entry.piece, start)) return entry.count;
  }
  if (pieceCounts.size >= PIECE_CACHE_LIMIT) pieceCounts.clear();
  // A slice of 13 or more characters keeps its whole text alive: cache a copy.
  const piece = length < 13 ? text.slice(start, end) : ownCopy(text.slice(start, end));
  const count = countEncodedTokens(piece, PLAIN_TEXT);
  pieceCounts.set(hash, { piece, count, next: pieceCounts.has(hash) ? first : undefined });
  return count;
}

/** ASCII classes of `cl100k_base`'s pattern: letter, digit, whitespace (`\s`), line break, other. */
const LETTER = 1;
const DIGIT = 2;
const SPACE = 4;
const LINE_BREAK = 8;
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, code) => {
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return LETTER;
  if (code >= 48 && code <= 57) return DIGIT;
  if (code === 10 || code === 13) return SPACE | LINE_BREAK;
  if (code === 32 || (code >= 9 && code <= 12)) return SPACE;
  return 0;
});
/** The last index {@link asciiPieceEnd} looked at (its decision holds only if that was ASCII too). */
let examined = 0;
const classAt = (text: string, index: number): number =>
  index < text.length ? (ASCII_CLASS[text.charCodeAt(index)] ?? 0) : -1;

/**
 * Where the piece starting at `start` ends in ASCII-only `text`: the cut `cl100k_base`'s pattern
 * makes, alternative by alternative (`'s|'t|...`, `[^\r\n\p{L}\p{N}]?\p{L}+`, `\p{N}{1,3}`,
 * ` ?[^\s\p{L}\p{N}]+[\r\n]*`, `\s+$`, `\s*[\r\n]`, `\s+(?!\S)`, `\s`).
 */
function asciiPieceEnd(text: string, start: number): number {
  const code = text.charCodeAt(start);
  const kind = ASCII_CLASS[code] ?? 0;
  if (code === 39) {
    const next = text.charCodeAt(start + 1) | 32;
    const after = text.charCodeAt(start + 2) | 32;
    examined = start + 2;
    if (next === 115 || next === 100 || next === 109 || next === 116) return start + 2;
    if ((next === 108 && after === 108) || (next === 118 && after === 101) || (next === 114 && after === 101))
      return start + 3;
  }
  examined = start + 1;
  if (
    kind === LETTER ||
    ((kind & LINE_BREAK) === 0 && kind !== DIGIT && classAt(text, start + 1) === LETTER)
  ) {
    let end = start + 1;
    while (classAt(text, end) === LETTER) end += 1;
    examined = Math.max(examined, end);
    return end;
  }
  if (kind === DIGIT) {
    let end = start + 1;
    while (end < start + 3 && classAt(text, end) === DIGIT) end += 1;
    examined = end;
    return end;
  }
  if (kind === 0 || (code === 32 && classAt(text, start + 1) === 0)) {
    let end = start + 1;
    while (classAt(text, end) === 0) end += 1;
    while ((classAt(text, end) & LINE_BREAK) !== 0 && end < text.length) end += 1;
    examined = end;
    return end;
  }
  // Whitespace: the run of it from here, and its last line break.
  let runEnd = start;
  let lastBreak = -1;
  while (runEnd < text.length && ((ASCII_CLASS[text.charCodeAt(runEnd)] ?? 0) & SPACE) !== 0) {
    if ((ASCII_CLASS[text.charCodeAt(runEnd)] ?? 0) & LINE_BREAK) lastBreak = runEnd;
    runEnd += 1;
  }
  examined = runEnd;
  if (runEnd === text.length) return runEnd;
  if (lastBreak >= 0) return lastBreak + 1;
  if (runEnd - start >= 2) return runEnd - 1;
  return start + 1;
}

/** The index of the first non-ASCII character at or after `from`, or past the end when none. */
function nextNonAscii(text: string, from: number): number {
  NON_ASCII.lastIndex = from;
  return NON_ASCII.exec(text)?.index ?? text.length + 1;
}

/** A string with its own storage (not a slice of a larger one), so caching it retains nothing else. */
function ownCopy(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

/**
 * Splits `text` into consecutive pieces of at most `maxTokens` tokens each, cutting between words
 * where possible and between tokens only inside a word longer than the budget. Joining the pieces
 * with a single space gives back the text's words in order.
 *
 * @param text - The text to split.
 * @param maxTokens - Most tokens per piece; at least 1.
 */
export function splitByTokens(text: string, maxTokens: number): string[] {
  const budget = Math.max(1, Math.floor(maxTokens));
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  if (countTokens(trimmed) <= budget) return [trimmed];
  const pieces: string[] = [];
  let current = "";
  for (const word of trimmed.match(/\S+\s*/gu) ?? []) {
    const candidate = current + word;
    if (countTokens(candidate.trimEnd()) <= budget) {
      current = candidate;
      continue;
    }
    if (current.trim().length > 0) pieces.push(current.trim());
    current = "";
    if (countTokens(word.trimEnd()) <= budget) {
      current = word;
      continue;
    }
    const wordPieces = splitWordByTokens(word.trimEnd(), budget);
    const last = wordPieces.pop() ?? "";
    pieces.push(...wordPieces);
    current = `${last} `;
  }
  if (current.trim().length > 0) pieces.push(current.trim());
  return pieces;
}

/**
 * The end of `text` holding at most `maxTokens` tokens, starting at a word boundary when the
 * budget allows it (an empty string when `maxTokens` is 0).
 */
export function tailTokens(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return "";
  const trimmed = text.trim();
  if (countTokens(trimmed) <= maxTokens) return trimmed;
  const words = trimmed.match(/\S+\s*/gu) ?? [];
  let tail = "";
  for (let index = words.length - 1; index >= 0; index -= 1) {
    const candidate = (words[index] ?? "") + tail;
    if (countTokens(candidate.trim()) > maxTokens) break;
    tail = candidate;
  }
  if (tail.trim().length > 0) return tail.trim();
  const tokens = encode(trimmed, PLAIN_TEXT);
  return decodeCleanly(tokens.slice(tokens.length - maxTokens)).trim();
}

/** Cuts one word (no spaces) into pieces of at most `budget` tokens at token boundaries. */
function splitWordByTokens(word: string, budget: number): string[] {
  const tokens = encode(word, PLAIN_TEXT);
  const pieces: string[] = [];
  let start = 0;
  while (start < tokens.length) {
    let end = Math.min(tokens.length, start + budget);
    let piece = decode(tokens.slice(start, end));
    // A multi-byte character can span two tokens; never cut inside it.
    while (piece.endsWith("\uFFFD") && end - start > 1 && end < tokens.length) {
      end -= 1;
      piece = decode(tokens.slice(start, end));
    }
    pieces.push(piece);
    start = end;
  }
  return pieces;
}

/** Decodes tokens and drops replacement characters left by a cut inside a multi-byte character. */
function decodeCleanly(tokens: readonly number[]): string {
  return decode(tokens).replace(/^\uFFFD+|\uFFFD+$/gu, "");
}
