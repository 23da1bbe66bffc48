/** @module eval: retrieval quality measurement: rank metrics, BEIR datasets and the BEIR runner. */

export { percentile } from "../core/percentile.ts";
export { firstDistinct } from "./first-distinct.ts";
export { type BeirDataset, type BeirDocument, type BeirQuery, loadBeirDataset } from "./load-beir-dataset.ts";
export { mrrAtK } from "./mrr-at-k.ts";
export { ndcgAtK } from "./ndcg-at-k.ts";
export { recallAtK } from "./recall-at-k.ts";
export {
  type BeirProgress,
  type BeirRetrievalOptions,
  type BeirRetrievalResult,
  runBeirRetrieval,
} from "./run-beir-retrieval.ts";
