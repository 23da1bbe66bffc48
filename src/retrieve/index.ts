/** @module retrieve: turns a question into ranked chunks of the index (lexical BM25 for now). */
export { contentStems, queryTerms, STOP_WORDS, stem, tokenizeWords } from "./analyze-text.ts";
export { type RetrieveOptions, retrieve } from "./retrieve.ts";
