import { stemmer } from "stemmer";

/**
 * English stop words dropped from queries and from the extractive answerer's term matching.
 * Lucene's default English set plus question words and auxiliaries that carry no topic.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these " +
    "they this to was will with " +
    "i me my we our you your he she him her his its them what which who whom whose when where why how " +
    "do does did doing done can could should would may might must shall am been being have has had having " +
    "from about than so too very just also any all some each other only own same both more most few " +
    "s t don doesn didn isn aren wasn weren won wouldn shouldn couldn"
  ).split(" "),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Lower-cased words of `text` (letters and digits; apostrophe suffixes dropped). */
export function tokenizeWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0].replace(/['’].*$/u, "");
    if (word) words.push(word);
  }
  return words;
}

/** Query terms: lower-cased words without stop words, in order, without repeats. Not stemmed. */
export function queryTerms(text: string): string[] {
  return [...new Set(tokenizeWords(text).filter((word) => !STOP_WORDS.has(word)))];
}

/** Porter stem of a lower-case word (the same algorithm as SQLite FTS5's `porter` tokenizer). */
export function stem(word: string): string {
  return stemmer(word);
}

/** Stemmed content terms of `text`: what the answerer compares between question and sentences. */
export function contentStems(text: string): string[] {
  return tokenizeWords(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
}
