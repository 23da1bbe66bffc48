import { stemmer } from "stemmer";

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const COMBINING_MARK = /\p{M}/gu;
/** Tokens longer than this are cut (FTS5 keeps them, but they are never useful search terms). */
const MAXIMUM_TOKEN_LENGTH = 64;
/** The stem cache is emptied when it grows past this many words, to bound memory. */
const STEM_CACHE_LIMIT = 500_000;

const stemCache = new Map<string, string>();

/**
 * Splits text into index terms the way FTS5's `porter unicode61 remove_diacritics 2` tokenizer
 * does: runs of Unicode letters and digits (everything else separates), diacritics folded,
 * lower-cased, then Porter-stemmed when the token is made of ASCII letters only. Used both for
 * chunk fields and for query terms, so they always meet.
 *
 * @param text - any text.
 * @param onToken - called with each term, in order (a callback, so indexing 100k chunks makes
 *   no arrays).
 */
export function forEachIndexTerm(text: string, onToken: (term: string) => void): void {
  const folded = hasNonAscii(text) ? text.normalize("NFKD").replace(COMBINING_MARK, "") : text;
  const length = folded.length;
  let start = -1;
  let asciiLettersOnly = true;
  let index = 0;
  while (index <= length) {
    let width = 1;
    let isWordCharacter = false;
    let isAsciiLetter = false;
    if (index < length) {
      const code = folded.charCodeAt(index);
      if (code < 128) {
        isAsciiLetter = (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
        isWordCharacter = isAsciiLetter || (code >= 48 && code <= 57);
      } else {
        const codePoint = folded.codePointAt(index) ?? code;
        if (codePoint > 0xffff) width = 2;
        isWordCharacter = LETTER_OR_DIGIT.test(String.fromCodePoint(codePoint));
      }
    }
    if (isWordCharacter) {
      if (start === -1) {
        start = index;
        asciiLettersOnly = true;
      }
      if (!isAsciiLetter) asciiLettersOnly = false;
    } else if (start !== -1) {
      emit(folded, start, index, asciiLettersOnly, onToken);
      start = -1;
    }
    index += width;
  }
}

/** The index terms of `text`, as an array (see `forEachIndexTerm`). */
export function indexTerms(text: string): string[] {
  const terms: string[] = [];
  forEachIndexTerm(text, (term) => terms.push(term));
  return terms;
}

function emit(
  text: string,
  start: number,
  end: number,
  asciiLettersOnly: boolean,
  onToken: (term: string) => void,
): void {
  const word = text.slice(start, Math.min(end, start + MAXIMUM_TOKEN_LENGTH)).toLowerCase();
  if (!asciiLettersOnly) {
    onToken(word);
    return;
  }
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemmed = stemmer(word);
    stemCache.set(word, stemmed);
  }
  onToken(stemmed);
}

function hasNonAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 127) return true;
  return false;
}
