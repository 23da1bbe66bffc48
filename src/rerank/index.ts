/** @module rerank: cross-encoder rerankers that re-score the fused candidates jointly with the question. */
export {
  type CrossEncoderRerankerOptions,
  createCrossEncoderReranker,
} from "./create-cross-encoder-reranker.ts";
