import type { Config } from "../config/schema.ts";
import type { Embedder } from "../core/embedder.ts";
import { DocentError } from "../core/errors.ts";
import type { ConfiguredEmbedder } from "../embed/create-embedder.ts";
import { DEFAULT_DENSE_WEIGHT, defaultDenseWeight } from "../retrieve/default-dense-weight.ts";
import type { RetrieveOptions } from "../retrieve/retrieve.ts";
import type { Store } from "../store/store.ts";

/** The retrieval settings resolved against the index: mode, query embedder and dense weight. */
export interface RetrievalPlan {
  readonly mode: "bm25" | "vector" | "hybrid";
  readonly embedder: Embedder | null;
  readonly fusion: NonNullable<RetrieveOptions["fusion"]>;
  /**
   * Where the dense weight came from: `config`, `calibration` (stored with the index),
   * `model-default` (measured for the index's model) or `default` (conservative; see
   * `defaultDenseWeight`).
   */
  readonly denseWeightSource: "config" | "calibration" | "model-default" | "default";
  /** Something the user should know (e.g. vectors present but no model configured); null when none. */
  readonly notice: string | null;
}

/**
 * Decides how to retrieve from this index. `auto` is hybrid when the index holds vectors and a
 * model is configured; when the index holds vectors but no model is configured, it is BM25 with
 * a notice. An explicit `vector`/`hybrid` without vectors, or a configured model other than
 * the index's, is an error naming the fix. The dense weight is the configured one, else the one
 * calibrated for this index and model, else the model's measured default, else the
 * conservative `DEFAULT_DENSE_WEIGHT` (see `defaultDenseWeight`).
 */
export async function planRetrieval(
  store: Store,
  config: Config,
  configured: ConfiguredEmbedder | null,
  options: { signal?: AbortSignal } = {},
): Promise<RetrievalPlan> {
  const indexModel = await store.embeddingModel(options);
  const requested = config.retrieval.mode;
  const calibrated = indexModel?.calibration?.denseWeight;
  const configuredWeight = config.retrieval.fusion.denseWeight;
  const modelDefault = indexModel
    ? defaultDenseWeight(indexModel.key)
    : { denseWeight: DEFAULT_DENSE_WEIGHT, source: "default" as const };
  const denseWeight = configuredWeight ?? calibrated ?? modelDefault.denseWeight;
  const fusion = { ...config.retrieval.fusion, denseWeight };
  const denseWeightSource: RetrievalPlan["denseWeightSource"] =
    configuredWeight !== undefined
      ? "config"
      : calibrated !== undefined
        ? "calibration"
        : modelDefault.source;
  const plan = (
    mode: RetrievalPlan["mode"],
    embedder: Embedder | null,
    notice: string | null = null,
  ): RetrievalPlan => ({
    mode,
    embedder,
    fusion,
    denseWeightSource,
    notice,
  });

  if (requested === "bm25") return plan("bm25", null);
  if (!indexModel) {
    if (requested === "auto") {
      return plan(
        "bm25",
        null,
        configured
          ? `The index at ${store.location} has no vectors yet: run \`docent ingest\` with this model to add them; using BM25.`
          : null,
      );
    }
    throw new DocentError(
      "INDEX_INCOMPATIBLE",
      `retrieval.mode = ${requested} needs vectors, but the index at ${store.location} has none: ingest with an embedding model (--embed-model or DOCENT_EMBED_MODEL)`,
      { details: { option: "retrieval.mode", value: requested } },
    );
  }
  if (!configured) {
    if (requested === "auto") {
      return plan(
        "bm25",
        null,
        `The index holds vectors of ${indexModel.key}, but no embedding model is configured: using BM25 only (set --embed-model or DOCENT_EMBED_MODEL to search them).`,
      );
    }
    throw new DocentError(
      "CONFIG_INVALID",
      `retrieval.mode = ${requested} needs the index's embedding model (${indexModel.key}): set --embed-model or DOCENT_EMBED_MODEL`,
      { details: { option: "embedding.model", indexModel: indexModel.key } },
    );
  }
  if (configured.model.key !== indexModel.key || configured.model.dimensions !== indexModel.dimensions) {
    throw new DocentError(
      "INDEX_INCOMPATIBLE",
      `The index at ${store.location} holds vectors of ${indexModel.key}, but the configured embedding model is ${configured.model.key}: configure the index's model, or run \`docent ingest\` with the new one to re-embed everything`,
      { details: { indexModel: indexModel.key, configuredModel: configured.model.key } },
    );
  }
  return plan(requested === "auto" ? "hybrid" : requested, configured.embedder);
}
