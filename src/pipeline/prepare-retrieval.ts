import type { Config } from "../config/schema.ts";
import type { Reranker } from "../core/reranker.ts";
import { type ConfiguredEmbedder, createEmbedder } from "../embed/create-embedder.ts";
import { createCrossEncoderReranker } from "../rerank/create-cross-encoder-reranker.ts";
import type { RetrieveOptions } from "../retrieve/retrieve.ts";
import type { Store } from "../store/store.ts";
import { planRetrieval, type RetrievalPlan } from "./plan-retrieval.ts";

/** The retrieval choices resolved against an index, handed to `retrieve` / `streamAnswer` as `retrieval`. */
export type ResolvedRetrieval = Pick<
  RetrieveOptions,
  "mode" | "embedder" | "fusion" | "reranker" | "rerankCandidates"
>;

/** Retrieval ready to run against one index, with the models it loaded. */
export interface PreparedRetrieval {
  readonly plan: RetrievalPlan;
  /** What to hand to `retrieve` / `streamAnswer` as `retrieval`. */
  readonly options: ResolvedRetrieval;
  /** Things the user should know (BM25 fallback, reranker skipped). */
  readonly notices: readonly string[];
  close(): Promise<void>;
}

/**
 * Loads the configured query embedder and reranker (if any) and resolves the retrieval plan
 * against the index. A configured model that cannot load throws with the reason.
 */
export async function prepareRetrieval(
  store: Store,
  config: Config,
  context: { cwd: string; environment: Readonly<Record<string, string | undefined>>; signal?: AbortSignal },
): Promise<PreparedRetrieval> {
  const embedder: ConfiguredEmbedder | null =
    config.retrieval.mode === "bm25"
      ? null
      : await createEmbedder(config, { cwd: context.cwd, environment: context.environment });
  let reranker: Reranker | null = null;
  try {
    const plan = await planRetrieval(store, config, embedder, { signal: context.signal });
    const notices = plan.notice ? [plan.notice] : [];
    if (config.rerank.model !== "none") {
      reranker = await createCrossEncoderReranker({ model: config.rerank.model, cwd: context.cwd });
    }
    return {
      plan,
      options: {
        mode: plan.mode,
        embedder: plan.embedder,
        fusion: plan.fusion,
        reranker,
        rerankCandidates: config.rerank.candidates,
      },
      notices,
      async close() {
        await embedder?.embedder.close?.();
        await reranker?.close?.();
      },
    };
  } catch (error) {
    await embedder?.embedder.close?.();
    throw error;
  }
}
