import { stemmer } from "stemmer";

/**
 * Index terms exactly as SQLite FTS5's `porter unicode61 remove_diacritics 2` tokenizer makes
 * them (the tokenizer Docent's previous FTS5 index used, whose `bm25()` ranking this index
 * reproduces):
 *
 * - a token is a run of token characters: ASCII letters and digits, and non-ASCII characters of
 *   the Unicode categories L*, N* and Co; a combining diacritic (U+0300 to U+0331, FTS5's list)
 *   continues a token and is dropped; everything else separates;
 * - each character is case-folded (simple case folding, so `µ` becomes `μ` and a final `Σ`
 *   becomes `σ`) and a Latin letter loses its diacritics (`é` to `e`, `ệ` to `e`; `ø`, `ł`,
 *   `ß` stay);
 * - a token of 3 to 64 UTF-8 bytes is Porter-stemmed byte by byte, as FTS5 does (so `1990s`
 *   becomes `1990` and `größe` becomes `groß`); shorter and longer tokens are kept whole.
 *
 * Used both for chunk fields and for query terms, so they always meet. The remaining known
 * difference: FTS5 classifies characters by Unicode 6.1, JavaScript by its own (newer) Unicode
 * version, so a letter added to Unicode after 6.1 separates words in FTS5 but not here.
 */

/** FTS5's porter tokenizer leaves tokens outside this UTF-8 byte length range unstemmed. */
const MINIMUM_STEM_BYTES = 3;
const MAXIMUM_STEM_BYTES = 64;
/**
 * The stem cache is emptied when it grows past this many words, to bound memory (~100 bytes a
 * word). Query words and non-ASCII tokens go through it; an ingest's ASCII words go through the
 * index's own word table (`chunk-term-counter.ts`).
 */
const STEM_CACHE_LIMIT = 50_000;

/** FTS5 reads unassigned code points (in its Unicode 6.1 tables) as token characters too. */
const TOKEN_CHARACTER = /^[\p{L}\p{N}\p{Co}\p{Cn}]$/u;
const COMBINING_DIACRITIC = /^[\u0300-\u036f]+$/u;
const ASCII_LETTER = /^[a-z]$/;
/** `ı` has no case folding (its upper case `I` folds to `i`). */
const DOTLESS_I = 0x131;
/** Latin letters FTS5's diacritic table leaves alone although they decompose to a base letter. */
const KEPT_DIACRITICS = new Set([0x1e0, 0x1e1]);

const stemCache = new Map<string, string>();
/** Per non-ASCII code point: its folded text, "" for a dropped diacritic, null for a separator. */
const characterCache = new Map<number, string | null>();
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** ASCII letters and digits: token characters; upper case folded to lower case. */
const ASCII_FOLD: Array<string | null> = Array.from({ length: 128 }, (_, code) => {
  const character = String.fromCharCode(code);
  if (/[a-z0-9]/.test(character)) return character;
  if (/[A-Z]/.test(character)) return character.toLowerCase();
  return null;
});

/**
 * Calls `onToken` with each index term of `text`, in order (a callback, so indexing 100k chunks
 * makes no arrays).
 */
export function forEachIndexTerm(text: string, onToken: (term: string) => void): void {
  const length = text.length;
  let index = 0;
  while (index < length) {
    // Skip separators (a diacritic cannot start a token).
    const code = text.charCodeAt(index);
    if (code < 128) {
      if (ASCII_FOLD[code] === null) {
        index++;
        continue;
      }
    } else {
      const codePoint = text.codePointAt(index) as number;
      if (!startsToken(codePoint)) {
        index += codePoint > 0xffff ? 2 : 1;
        continue;
      }
    }
    onToken(readIndexToken(text, index, tokenEnd));
    index = tokenEnd.index;
  }
}

/** Where `readIndexToken` stopped: the index just past the token. */
export interface TokenEnd {
  index: number;
}
const tokenEnd: TokenEnd = { index: 0 };

/**
 * Reads the token that starts at `start` (which must hold a token character, see `startsToken`)
 * and returns its index term; `end.index` receives the position just past the token. The exact
 * path for any text; `ChunkTermCounter` has a faster one for plain ASCII words.
 */
export function readIndexToken(text: string, start: number, end: TokenEnd): string {
  const length = text.length;
  let index = start;
  let code = 0;
  // Fast path while it is plain lower-case ASCII.
  let plain = true;
  while (index < length) {
    code = text.charCodeAt(index);
    if (code >= 128 || ASCII_FOLD[code] === null) break;
    if (code >= 65 && code <= 90) plain = false;
    index++;
  }
  let token = plain ? text.slice(start, index) : (text.slice(start, index).toLowerCase() as string);
  let ascii = true;
  while (index < length) {
    code = text.charCodeAt(index);
    if (code < 128) {
      const folded = ASCII_FOLD[code];
      if (folded === null || folded === undefined) break;
      token += folded;
      index++;
      continue;
    }
    const codePoint = text.codePointAt(index) as number;
    const folded = isDiacritic(codePoint) ? "" : foldCharacter(codePoint);
    if (folded === null) break;
    token += folded;
    ascii = false;
    index += codePoint > 0xffff ? 2 : 1;
  }
  end.index = index;
  return stem(token, ascii);
}

/** Whether a non-ASCII code point starts a token (a letter, digit or private-use character). */
export function startsToken(codePoint: number): boolean {
  return !isDiacritic(codePoint) && foldCharacter(codePoint) !== null;
}

/** Whether a non-ASCII code point continues a token (a token character or a dropped diacritic). */
export function continuesToken(codePoint: number): boolean {
  return isDiacritic(codePoint) || foldCharacter(codePoint) !== null;
}

/** The index terms of `text`, as an array (see `forEachIndexTerm`). */
export function indexTerms(text: string): string[] {
  const terms: string[] = [];
  forEachIndexTerm(text, (term) => terms.push(term));
  return terms;
}

/** `stemToken`, remembered for the words seen most recently. */
function stem(token: string, ascii: boolean): string {
  let stemmed = stemCache.get(token);
  if (stemmed !== undefined) return stemmed;
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemmed = stemToken(token, ascii);
  stemCache.set(token, stemmed);
  return stemmed;
}

/**
 * FTS5's porter step on a folded token: by UTF-8 bytes, only for tokens of 3 to 64 bytes.
 *
 * @param ascii - true when the token is plain ASCII (its bytes are its characters).
 */
export function stemToken(token: string, ascii: boolean): string {
  if (ascii) {
    return token.length < MINIMUM_STEM_BYTES || token.length > MAXIMUM_STEM_BYTES ? token : stemmer(token);
  }
  const bytes = utf8.encode(token);
  if (bytes.length < MINIMUM_STEM_BYTES || bytes.length > MAXIMUM_STEM_BYTES) return token;
  // One JavaScript character per byte; a non-ASCII byte becomes a private-use character (no
  // case, never a vowel), so it is a consonant, as in FTS5's C code.
  const stemmedBytes = stemmer(
    String.fromCharCode(...Array.from(bytes, (byte) => (byte < 128 ? byte : 0xe000 + byte))),
  );
  return utf8Decoder.decode(
    Uint8Array.from(stemmedBytes, (character: string) => {
      const code = character.charCodeAt(0);
      return code >= 0xe000 ? code - 0xe000 : code;
    }),
  );
}

/** FTS5's `sqlite3Fts5UnicodeIsdiacritic`: the combining marks that continue a token. */
function isDiacritic(codePoint: number): boolean {
  if (codePoint < 768 || codePoint > 817) return false;
  return codePoint < 800
    ? (0x08029fdf & (1 << (codePoint - 768))) !== 0
    : (0x000361f8 & (1 << (codePoint - 800))) !== 0;
}

/** The folded text of a non-ASCII token character, or null when it separates tokens. */
function foldCharacter(codePoint: number): string | null {
  let folded = characterCache.get(codePoint);
  if (folded !== undefined) return folded;
  const character = String.fromCodePoint(codePoint);
  if (!TOKEN_CHARACTER.test(character)) folded = null;
  else {
    // Simple case folding: lower case; a lower-case letter with another folded form (µ to μ,
    // ſ to s, final ς to σ) takes the lower case of its upper case; ß and ligatures stay.
    let lower = character.toLowerCase();
    if (lower === character && codePoint !== DOTLESS_I) {
      const upper = character.toUpperCase();
      if ([...upper].length === 1 && upper !== character) lower = upper.toLowerCase();
    }
    // remove_diacritics 2: a Latin letter with any number of diacritics becomes its base letter.
    const decomposed = lower.normalize("NFD");
    const base = decomposed.charAt(0);
    folded =
      decomposed.length > 1 &&
      !KEPT_DIACRITICS.has(codePoint) &&
      ASCII_LETTER.test(base) &&
      COMBINING_DIACRITIC.test(decomposed.slice(1))
        ? base
        : lower;
  }
  characterCache.set(codePoint, folded);
  return folded;
}
