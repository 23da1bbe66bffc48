import type { Embedder } from "../core/embedder.ts";
import { type FusionOptions, retrieve } from "../retrieve/retrieve.ts";
import type { FieldWeights, FusionCalibration, Store } from "../store/store.ts";
import {
  CALIBRATION_MARGIN,
  chooseDenseWeight,
  DENSE_WEIGHT_GRID,
  type WeightScore,
} from "./choose-dense-weight.ts";
import { type CandidateCacheStats, createCandidateCache } from "./create-candidate-cache.ts";
import type { LabelledQuestion } from "./load-labelled-questions.ts";
import { ndcgAtK } from "./ndcg-at-k.ts";

/** Settings of a calibration against an index. */
export interface CalibrateDenseWeightOptions {
  /** The index's embedding model, as a query embedder. */
  readonly embedder: Embedder;
  readonly fieldWeights: FieldWeights;
  /** Fusion settings other than the weight (`vectorCandidates`); the method is always `weighted`. */
  readonly fusion: Omit<FusionOptions, "method" | "denseWeight">;
  /** Weights to try; must include 0. Default `DENSE_WEIGHT_GRID`. */
  readonly grid?: readonly number[];
  /** Least gain over weight 0 for a weight to be chosen. Default `CALIBRATION_MARGIN` (0.002). */
  readonly margin?: number;
  /** Names the question set in the stored calibration's `source`. */
  readonly sourceName: string;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** The chosen weight, the whole grid, and what computing it took. */
export interface DenseWeightCalibration extends FusionCalibration {
  readonly grid: readonly WeightScore[];
  readonly questions: number;
  readonly seconds: number;
  readonly cache: CandidateCacheStats;
}

/** Chunks fetched per question: enough for 10 distinct pages in practice. */
const RETRIEVED_CHUNKS = 50;

/**
 * Chooses the dense weight of weighted fusion for an index from labelled questions: every
 * weight of the grid is scored by page-level nDCG@10 (a page is relevant when the question
 * lists it), and `chooseDenseWeight` keeps 0 unless a weight beats BM25 by `margin`. The
 * question vectors and candidate lists are computed once (`createCandidateCache`); each further
 * weight only re-fuses in memory. Does not store the result (see `Store.saveCalibration`).
 */
export async function calibrateDenseWeight(
  store: Store,
  questions: readonly LabelledQuestion[],
  options: CalibrateDenseWeightOptions,
): Promise<DenseWeightCalibration> {
  const started = performance.now();
  const cache = createCandidateCache();
  const cachedStore = cache.wrapStore(store);
  const embedder = cache.wrapEmbedder(options.embedder);
  const grid = options.grid ?? DENSE_WEIGHT_GRID;
  const results: WeightScore[] = [];
  for (const [step, denseWeight] of grid.entries()) {
    let total = 0;
    for (const question of questions) {
      const retrieved = await retrieve(cachedStore, question.question, {
        topK: RETRIEVED_CHUNKS,
        candidates: RETRIEVED_CHUNKS,
        fieldWeights: options.fieldWeights,
        mode: "hybrid",
        embedder,
        fusion: { ...options.fusion, method: "weighted", denseWeight },
        signal: options.signal,
      });
      const ranking = retrieved.map(({ chunk }) => chunk.url.replace(/#.*$/u, ""));
      total += ndcgAtK(ranking, new Map(question.relevantPages.map((page) => [page, 1])), 10);
    }
    results.push({ denseWeight, score: questions.length ? total / questions.length : 0 });
    options.onProgress?.(step + 1, grid.length);
  }
  const chosen = chooseDenseWeight(results, options.margin ?? CALIBRATION_MARGIN);
  return {
    ...chosen,
    source: `${options.sourceName} (${questions.length} questions, page nDCG@10)`,
    grid: results,
    questions: questions.length,
    seconds: (performance.now() - started) / 1000,
    cache: cache.stats(),
  };
}
