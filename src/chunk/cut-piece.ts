import { CL100K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import { asciiPieceTokens, packedPieceTokens, textPieceTokens } from "./piece-token-cache.ts";

/**
 * Cutting text into `cl100k_base` pieces (pre-tokens) one at a time, with each piece's token
 * count: the innermost loop of token counting, shared by every counter in this folder.
 */

/** Pieces as `cl100k_base` cuts text before byte-pair merging; tokens never cross them. */
const PIECE = new RegExp(CL100K_TOKEN_SPLIT_REGEX.source, "uy");

/** The tokens of the piece found by the last {@link cutPiece} call, and characters cut so far. */
export const cut = {
  tokens: 0,
  /** Characters counters have scanned since start-up (benchmarks report it; see `countedCharacters`). */
  scanned: 0,
};

/**
 * The end of the piece of `text` starting at `start` (a piece boundary, never inside a surrogate
 * pair); its tokens are left in `cut.tokens`. Where the characters involved are ASCII, a
 * hand-written scanner makes the regular expression's cuts; elsewhere the regular expression does.
 */
export function cutPiece(text: string, start: number): number {
  const code = text.charCodeAt(start);
  const length = text.length;
  let index = start + 1;
  // The commonest piece, ASCII letters after an optional blank, is cut and packed in one pass.
  if (
    CLASS[code] === LETTER ||
    (code === BLANK && index < length && CLASS[text.charCodeAt(index)] === LETTER)
  ) {
    let word0 = code;
    let word1 = 0;
    let word2 = 0;
    let word3 = 0;
    let kind = LETTER;
    const first = Math.min(length, start + 4);
    for (; index < first; index += 1) {
      const next = text.charCodeAt(index);
      kind = CLASS[next] ?? WIDE;
      if (kind !== LETTER) break;
      word0 = (word0 << 7) | next;
    }
    if (kind === LETTER) {
      const second = Math.min(length, start + 8);
      for (; index < second; index += 1) {
        const next = text.charCodeAt(index);
        kind = CLASS[next] ?? WIDE;
        if (kind !== LETTER) break;
        word1 = (word1 << 7) | next;
      }
    }
    if (kind === LETTER) {
      for (; index < length; index += 1) {
        const next = text.charCodeAt(index);
        kind = CLASS[next] ?? WIDE;
        if (kind !== LETTER) break;
        const offset = index - start;
        if (offset < 12) word2 = (word2 << 7) | next;
        else if (offset < 16) word3 = (word3 << 7) | next;
      }
    }
    if (kind !== WIDE) {
      cut.tokens =
        index - start <= 16
          ? packedPieceTokens(text, start, index, word0, word1, word2, word3)
          : asciiPieceTokens(text, start, index);
      return index;
    }
  } else {
    // The scanner decides only from ASCII characters; else the regular expression cuts.
    const end = asciiPieceEnd(text, start);
    if (end >= 0) {
      cut.tokens = asciiPieceTokens(text, start, end);
      return end;
    }
  }
  PIECE.lastIndex = start;
  const piece = PIECE.exec(text)?.[0] ?? text.slice(start, start + 1);
  cut.tokens = textPieceTokens(piece);
  return start + piece.length;
}

/**
 * Classes of UTF-16 code units for `cl100k_base`'s pattern: ASCII letter, digit, whitespace
 * (`\s`), line break, other ASCII, and `WIDE` for everything beyond ASCII, which only the
 * regular expression classifies.
 */
const OTHER = 0;
const LETTER = 1;
const DIGIT = 2;
const SPACE = 4;
const LINE_BREAK = 8;
const WIDE = 16;
const CLASS = Uint8Array.from({ length: 0x10000 }, (_, code) => {
  if (code >= 128) return WIDE;
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return LETTER;
  if (code >= 48 && code <= 57) return DIGIT;
  if (code === 10 || code === 13) return SPACE | LINE_BREAK;
  if (code === 32 || (code >= 9 && code <= 12)) return SPACE;
  return OTHER;
});
const APOSTROPHE = 39;
const BLANK = 32;

/**
 * Where the piece starting at `start` ends: the cut `cl100k_base`'s pattern makes, alternative by
 * alternative (`'s|'t|...`, `[^\r\n\p{L}\p{N}]?\p{L}+`, `\p{N}{1,3}`, ` ?[^\s\p{L}\p{N}]+[\r\n]*`,
 * `\s+$`, `\s*[\r\n]`, `\s+(?!\S)`, `\s`), or -1 when the cut depends on a non-ASCII character
 * (whose class only the regular expression knows).
 */
function asciiPieceEnd(text: string, start: number): number {
  const end = text.length;
  const code = text.charCodeAt(start);
  const kind = CLASS[code] ?? WIDE;
  if (kind === LETTER) return letterRunEnd(text, start + 1);
  if (kind === DIGIT) {
    let index = start + 1;
    for (; index < start + 3 && index < end; index += 1) {
      const next = CLASS[text.charCodeAt(index)] ?? WIDE;
      if (next !== DIGIT) return next === WIDE ? -1 : index;
    }
    return index;
  }
  if (kind === WIDE) return -1;
  if (code === APOSTROPHE && start + 1 < end) {
    // Comparisons after `| 32` (lower case) hold only for ASCII letters, so wide characters fail them.
    const next = text.charCodeAt(start + 1) | 32;
    // 's 'd 'm 't
    if (next === 115 || next === 100 || next === 109 || next === 116) return start + 2;
    if (start + 2 < end) {
      const after = text.charCodeAt(start + 2) | 32;
      // 'll 've 're
      if (
        (next === 108 && after === 108) ||
        (next === 118 && after === 101) ||
        (next === 114 && after === 101)
      )
        return start + 3;
    }
  }
  // One character that is not a letter, digit or line break, then letters.
  if ((kind & LINE_BREAK) === 0 && start + 1 < end) {
    const next = CLASS[text.charCodeAt(start + 1)] ?? WIDE;
    if (next === LETTER) return letterRunEnd(text, start + 2);
    if (next === WIDE) return -1;
  }
  // Punctuation, after an optional blank, and the line breaks right after it.
  let punctuation = -1;
  if (kind === OTHER) punctuation = start;
  else if (code === BLANK && start + 1 < end && CLASS[text.charCodeAt(start + 1)] === OTHER)
    punctuation = start + 1;
  if (punctuation >= 0) {
    let index = punctuation + 1;
    for (; index < end; index += 1) {
      const next = CLASS[text.charCodeAt(index)] ?? WIDE;
      if (next !== OTHER) {
        if (next === WIDE) return -1;
        break;
      }
    }
    // A wide character is never a line break, so this loop needs no hand-over.
    while (index < end && ((CLASS[text.charCodeAt(index)] ?? WIDE) & LINE_BREAK) !== 0) index += 1;
    return index;
  }
  // Whitespace: the run of it from here, and its last line break.
  let runEnd = start;
  let lastBreak = -1;
  for (; runEnd < end; runEnd += 1) {
    const next = CLASS[text.charCodeAt(runEnd)] ?? WIDE;
    if ((next & SPACE) === 0) {
      if (next === WIDE) return -1;
      break;
    }
    if ((next & LINE_BREAK) !== 0) lastBreak = runEnd;
  }
  if (runEnd === end) return end;
  if (lastBreak >= 0) return lastBreak + 1;
  if (runEnd - start >= 2) return runEnd - 1;
  return start + 1;
}

/** The end of the run of ASCII letters from `index`; -1 when a wide character continues it. */
function letterRunEnd(text: string, index: number): number {
  const end = text.length;
  for (; index < end; index += 1) {
    const next = CLASS[text.charCodeAt(index)] ?? WIDE;
    if (next !== LETTER) return next === WIDE ? -1 : index;
  }
  return end;
}
