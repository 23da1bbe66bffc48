/** @module chunk: cuts normalised documents into heading-aware, token-sized chunks with stable ids. */
export { type ChunkDocumentOptions, chunkDocument } from "./chunk-document.ts";
export { countTokens } from "./count-tokens.ts";
export { createHeadingSlugger, type HeadingSlugger } from "./create-heading-slugger.ts";
export { parseExplicitHeadingId } from "./parse-explicit-heading-id.ts";
export { splitByTokens } from "./split-by-tokens.ts";
export { splitSentences } from "./split-sentences.ts";
export { tailTokens } from "./tail-tokens.ts";
