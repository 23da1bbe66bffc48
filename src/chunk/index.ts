/** @module chunk: cuts normalised documents into heading-aware, token-sized chunks with stable ids. */
export { type ChunkDocumentOptions, chunkDocument } from "./chunk-document.ts";
export { countTokens, splitByTokens, tailTokens } from "./count-tokens.ts";
export { createHeadingSlugger, type HeadingSlugger } from "./create-heading-slugger.ts";
export { parseExplicitHeadingId } from "./parse-explicit-heading-id.ts";
export { splitSentences } from "./split-sentences.ts";
