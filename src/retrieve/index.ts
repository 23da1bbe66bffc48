/** @module retrieve: turns a question into ranked chunks of the index (BM25, vectors, fusion, rerank, diversity). */
export { contentStems, queryTerms, STOP_WORDS, stem, tokenizeWords } from "./analyze-text.ts";
export { capPerDocument } from "./cap-per-document.ts";
export {
  type DefaultDenseWeight,
  defaultDenseWeight,
  KNOWN_MODEL_DENSE_WEIGHTS,
} from "./default-dense-weight.ts";
export { compareFused, type FusedCandidate, ranksById, type ScoredHit } from "./fused-candidate.ts";
export { minMaxNormalize } from "./min-max-normalize.ts";
export { reciprocalRankFusion } from "./reciprocal-rank-fusion.ts";
export { jaccard, removeNearDuplicates, wordShingles } from "./remove-near-duplicates.ts";
export { DEFAULT_DENSE_WEIGHT, type FusionOptions, type RetrieveOptions, retrieve } from "./retrieve.ts";
export { weightedScoreFusion } from "./weighted-score-fusion.ts";
