import type { Config } from "../../config/schema.ts";
import { DocentError } from "../../core/errors.ts";
import type { Reranker } from "../../core/reranker.ts";
import { type ConfiguredEmbedder, createEmbedder } from "../../embed/create-embedder.ts";
import type { BeirModeResult } from "../../eval/run-beir-modes.ts";
import { createCrossEncoderReranker } from "../../rerank/create-cross-encoder-reranker.ts";
import { createSqliteStore } from "../../store/sqlite/create-sqlite-store.ts";
import type { FusionCalibration } from "../../store/store.ts";
import type { CommandEnvironment } from "../command-context.ts";

/** The models an `eval retrieval` run needs, loaded, and the mode it runs in. */
export interface EvalModels {
  readonly mode: "bm25" | "vector" | "hybrid";
  readonly embedder: ConfiguredEmbedder | null;
  readonly reranker: Reranker | null;
  close(): Promise<void>;
}

const MODES = ["bm25", "vector", "hybrid"] as const;

/**
 * Resolves `--mode` (default hybrid when an embedding model is configured, else bm25) and loads
 * the embedder (in a worker) and, with `--rerank`, the reranker. Usage errors name the fix.
 */
export async function loadEvalModels(
  config: Config,
  options: { mode?: string; rerank?: boolean; calibrate?: boolean },
  environment: CommandEnvironment,
): Promise<EvalModels> {
  const requested = options.mode ?? (config.embedding.model === "none" ? "bm25" : "hybrid");
  const mode = MODES.find((candidate) => candidate === requested);
  if (!mode) {
    throw new DocentError(
      "INPUT_INVALID",
      `--mode = "${requested}": accepted values are ${MODES.join(", ")}`,
      {
        details: { option: "--mode", value: requested },
      },
    );
  }
  if (mode !== "bm25" && config.embedding.model === "none") {
    throw new DocentError(
      "INPUT_INVALID",
      `--mode ${mode} needs an embedding model: pass --embed-model or set DOCENT_EMBED_MODEL`,
      {
        details: { option: "--mode", value: mode },
      },
    );
  }
  if (options.calibrate && mode !== "hybrid") {
    throw new DocentError("INPUT_INVALID", "--calibrate tunes hybrid fusion: use it with --mode hybrid", {
      details: { option: "--calibrate" },
    });
  }
  if (options.rerank && config.rerank.model === "none") {
    throw new DocentError(
      "INPUT_INVALID",
      "--rerank needs a cross-encoder: pass --rerank-model or set DOCENT_RERANK_MODEL",
      {
        details: { option: "--rerank" },
      },
    );
  }
  const embedder =
    mode === "bm25"
      ? null
      : await createEmbedder(config, {
          cwd: environment.cwd,
          environment: environment.environment,
          worker: true,
        });
  let reranker: Reranker | null = null;
  try {
    if (options.rerank)
      reranker = await createCrossEncoderReranker({ model: config.rerank.model, cwd: environment.cwd });
  } catch (error) {
    await embedder?.embedder.close?.();
    throw error;
  }
  return {
    mode,
    embedder,
    reranker,
    async close() {
      await embedder?.embedder.close?.();
      await reranker?.close?.();
    },
  };
}

/** Stores a calibrated weight in an index that holds vectors of the same model. */
export async function saveCalibration(
  indexPath: string,
  calibration: FusionCalibration,
  embedder: ConfiguredEmbedder | null,
): Promise<void> {
  const store = createSqliteStore({ path: indexPath, mode: "write" });
  try {
    const model = await store.embeddingModel();
    if (!model || model.key !== embedder?.model.key) {
      throw new DocentError(
        "INDEX_INCOMPATIBLE",
        `The index at ${store.location} holds vectors of ${model?.key ?? "no model"}, not ${embedder?.model.key ?? "none"}: a calibration only applies to the model it was measured with`,
        { details: { path: store.location } },
      );
    }
    const { denseWeight, source, score, lexicalScore } = calibration;
    await store.saveCalibration({ denseWeight, source, score, lexicalScore });
  } finally {
    await store.close();
  }
}

/** The mode, model and calibration lines printed above the scores. */
export function formatModeLines(result: BeirModeResult): string {
  const lines = [`Mode ${result.mode}${result.embeddingModel ? ` with ${result.embeddingModel}` : ""}`];
  if (result.fusion)
    lines.push(
      `  fusion ${result.fusion}${result.denseWeight !== null ? `, dense weight ${result.denseWeight}` : ""}`,
    );
  if (result.reranker) lines.push(`  reranked by ${result.reranker}`);
  if (result.calibration) {
    const grid = result.calibration.grid
      .map((entry) => `${entry.denseWeight}: ${entry.score.toFixed(4)}`)
      .join(", ");
    lines.push(`  calibrated on ${result.calibration.source}: ${grid}`);
    lines.push(
      `  calibration took ${result.calibration.seconds.toFixed(1)} s (${result.calibration.cache.queryEmbeddings} query embeddings, ${result.calibration.cache.vectorSearches} vector searches, ${result.calibration.cache.lexicalSearches} lexical searches for ${result.calibration.grid.length} weights)`,
    );
  }
  return `${lines.join("\n")}\n`;
}
