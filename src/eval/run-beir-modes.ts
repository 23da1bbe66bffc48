import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Reranker } from "../core/reranker.ts";
import type { ConfiguredEmbedder } from "../embed/create-embedder.ts";
import { DEFAULT_DENSE_WEIGHT, defaultDenseWeight } from "../retrieve/default-dense-weight.ts";
import type { FusionOptions } from "../retrieve/retrieve.ts";
import type { FusionCalibration } from "../store/store.ts";
import {
  CALIBRATION_MARGIN,
  chooseDenseWeight,
  DENSE_WEIGHT_GRID,
  type WeightScore,
} from "./choose-dense-weight.ts";
import {
  type CandidateCache,
  type CandidateCacheStats,
  createCandidateCache,
} from "./create-candidate-cache.ts";
import {
  type BeirRetrievalOptions,
  type BeirRetrievalResult,
  runBeirRetrieval,
} from "./run-beir-retrieval.ts";

/** Settings of a BEIR run in one retrieval mode, optionally calibrating the dense weight first. */
export interface BeirModeOptions extends Omit<BeirRetrievalOptions, "embedder" | "hybrid"> {
  readonly mode: "bm25" | "vector" | "hybrid";
  /** Needed for `vector` and `hybrid`. */
  readonly embedder: ConfiguredEmbedder | null;
  readonly fusion: FusionOptions;
  readonly reranker?: Reranker | null;
  readonly rerankCandidates?: number;
  /**
   * Calibrate the dense weight on `calibrationSplit` (default `train`) over `DENSE_WEIGHT_GRID`
   * before scoring `split` (hybrid with weighted fusion only).
   */
  readonly calibrate?: boolean;
  readonly calibrationSplit?: string;
}

/** A BEIR result with the mode and weight it ran with, and the calibration table when calibrated. */
export interface BeirModeResult extends BeirRetrievalResult {
  readonly mode: "bm25" | "vector" | "hybrid";
  readonly fusion: "weighted" | "rrf" | null;
  readonly denseWeight: number | null;
  readonly embeddingModel: string | null;
  readonly reranker: string | null;
  readonly calibration:
    | (FusionCalibration & {
        readonly grid: readonly WeightScore[];
        /** Wall time of the whole calibration (all weights). */
        readonly seconds: number;
        readonly cache: CandidateCacheStats;
      })
    | null;
}

/**
 * Runs `runBeirRetrieval` in one mode. With `calibrate`, the index is built and embedded once
 * (kept in a temporary file unless `indexPath` is given), every weight of the grid is scored on
 * the calibration split, the weight is chosen by `chooseDenseWeight` (weight 0 unless a weight
 * beats BM25 by `CALIBRATION_MARGIN`), and only then is the scored split run with it.
 */
export async function runBeirMode(options: BeirModeOptions): Promise<BeirModeResult> {
  const { mode, embedder } = options;
  if (mode !== "bm25" && !embedder) throw new Error(`mode ${mode} needs an embedding model`);
  const temporaryFolder = options.indexPath ? null : mkdtempSync(join(tmpdir(), "docent-beir-modes-"));
  const indexPath = options.indexPath ?? join(temporaryFolder as string, "index.db");
  try {
    // Without --calibrate, the weight `docent ask` would use on an uncalibrated index of this model.
    let denseWeight =
      options.fusion.denseWeight ??
      (embedder ? defaultDenseWeight(embedder.model.key).denseWeight : DEFAULT_DENSE_WEIGHT);
    let calibration: BeirModeResult["calibration"] = null;
    const run = (split: string, weight: number, cache?: CandidateCache) =>
      runBeirRetrieval({
        ...options,
        split,
        indexPath,
        embedder: mode === "bm25" ? null : embedder,
        wrapStore: cache?.wrapStore,
        hybrid: {
          mode,
          embedder:
            mode === "bm25" || !embedder
              ? null
              : cache
                ? cache.wrapEmbedder(embedder.embedder)
                : embedder.embedder,
          fusion: { ...options.fusion, denseWeight: weight },
          reranker: options.reranker,
          rerankCandidates: options.rerankCandidates,
        },
      });
    if (options.calibrate && mode === "hybrid" && options.fusion.method === "weighted") {
      const split = options.calibrationSplit ?? "train";
      const started = performance.now();
      // Query vectors and candidate lists do not depend on the weight: compute them once, then
      // every weight only re-fuses in memory (the reranker, if any, still runs per weight).
      const cache = createCandidateCache();
      const grid: WeightScore[] = [];
      for (const weight of DENSE_WEIGHT_GRID)
        grid.push({ denseWeight: weight, score: (await run(split, weight, cache)).ndcg10 });
      const chosen = chooseDenseWeight(grid, CALIBRATION_MARGIN);
      denseWeight = chosen.denseWeight;
      calibration = {
        ...chosen,
        source: `${options.datasetDir} (${split}, nDCG@10)`,
        grid,
        seconds: (performance.now() - started) / 1000,
        cache: cache.stats(),
      };
    }
    const result = await run(options.split, denseWeight);
    return {
      ...result,
      mode,
      fusion: mode === "hybrid" ? options.fusion.method : null,
      denseWeight: mode === "hybrid" && options.fusion.method === "weighted" ? denseWeight : null,
      embeddingModel: mode === "bm25" ? null : (embedder?.model.key ?? null),
      reranker: options.reranker?.modelId ?? null,
      calibration,
    };
  } finally {
    if (temporaryFolder) rmSync(temporaryFolder, { recursive: true, force: true });
  }
}
