/**
 * The dense weight used when neither the configuration (`retrieval.fusion.denseWeight`) nor a
 * calibration stored with the index sets one. Chosen per model from measurements on this
 * project's data (docs/benchmarks.md): the weight that helps the paraphrase questions over docs
 * most while keeping SciFact nDCG@10 within 0.005 of BM25 (the floor); a model not in
 * the table gets `DEFAULT_DENSE_WEIGHT`, the largest weight that keeps even the weakest model
 * measured (GloVe-SIF) within that floor on SciFact's train split. Real sentence-embedding
 * models are stronger than GloVe, so that weight under-uses them rather than letting them hurt;
 * `docent calibrate` finds their own weight.
 */
export interface DefaultDenseWeight {
  readonly denseWeight: number;
  /** `model-default` (measured for this model) or `default` (the conservative weight). */
  readonly source: "model-default" | "default";
}

/** Weight for a model with no calibration and no entry below; 0-1. */
export const DEFAULT_DENSE_WEIGHT = 0.2;

/** Measured per-model weights, matched on the index's model key (`provider:modelId...`). */
export const KNOWN_MODEL_DENSE_WEIGHTS: ReadonlyArray<{
  readonly pattern: RegExp;
  readonly denseWeight: number;
  /** What the weight rests on, for people reading the table. */
  readonly measured: string;
}> = [
  {
    pattern: /^tfjs:use-lite(\||$)/u,
    denseWeight: 0.3,
    measured: "SciFact train/test and the FastAPI paraphrase set, docs/benchmarks.md",
  },
  {
    pattern: /glove-6b-100d-sif/iu,
    denseWeight: 0.1,
    measured: "SciFact train/test and the FastAPI paraphrase set, docs/benchmarks.md",
  },
];

/** The default dense weight for the index's embedding model key. */
export function defaultDenseWeight(modelKey: string): DefaultDenseWeight {
  for (const known of KNOWN_MODEL_DENSE_WEIGHTS)
    if (known.pattern.test(modelKey)) return { denseWeight: known.denseWeight, source: "model-default" };
  return { denseWeight: DEFAULT_DENSE_WEIGHT, source: "default" };
}
