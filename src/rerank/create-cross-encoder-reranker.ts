import { homedir } from "node:os";
import { join } from "node:path";
import { DocentError } from "../core/errors.ts";
import type { Reranker } from "../core/reranker.ts";
import { resolveModelLocation } from "../embed/resolve-model-location.ts";

/** Settings of the local cross-encoder reranker. */
export interface CrossEncoderRerankerOptions {
  /** A folder in the transformers.js layout, or a hub id (e.g. `Xenova/ms-marco-MiniLM-L-6-v2`). */
  readonly model: string;
  readonly cwd: string;
  /** Pairs per forward pass. Default 16. */
  readonly maxBatchSize?: number;
  /** Where hub downloads are cached. Default `~/.cache/docent/models`. */
  readonly cacheDir?: string;
}

interface Tensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/**
 * A cross-encoder (a sequence-classification model over question-passage pairs, such as the
 * MS MARCO MiniLM rerankers or bge-reranker) run in-process with `@huggingface/transformers`.
 * The score is the single relevance logit, or for a two-label model the "relevant" logit
 * minus the other. Loads the model and scores one probe pair before returning, so a folder that
 * holds some other kind of model fails here with the reason.
 *
 * @throws DocentError CONFIG_INVALID for a location that is neither a folder nor a hub id;
 *   PROVIDER_ERROR when the model cannot be loaded or is not a cross-encoder.
 */
export async function createCrossEncoderReranker(options: CrossEncoderRerankerOptions): Promise<Reranker> {
  const location = resolveModelLocation(options.model, options.cwd, "rerank.model");
  const modelId = location.kind === "folder" ? location.name : location.id;
  const maxBatchSize = options.maxBatchSize ?? 16;
  const transformers = await import("@huggingface/transformers");
  const { env } = transformers;
  if (location.kind === "folder") {
    env.allowRemoteModels = false;
    env.localModelPath = location.parent;
  } else {
    env.allowRemoteModels = true;
    env.cacheDir = options.cacheDir ?? join(homedir(), ".cache", "docent", "models");
    env.localModelPath = env.cacheDir;
  }
  const failure = (reason: string, cause?: unknown) =>
    new DocentError("PROVIDER_ERROR", `The rerank model ${modelId} could not be used: ${reason}`, {
      details: { option: "rerank.model", value: options.model },
      cause,
    });

  let tokenizer: Awaited<ReturnType<typeof transformers.AutoTokenizer.from_pretrained>>;
  let model: Awaited<ReturnType<typeof transformers.AutoModelForSequenceClassification.from_pretrained>>;
  try {
    tokenizer = await transformers.AutoTokenizer.from_pretrained(modelId);
    model = await transformers.AutoModelForSequenceClassification.from_pretrained(modelId);
  } catch (error) {
    throw failure(error instanceof Error ? error.message : String(error), error);
  }

  async function score(question: string, passages: readonly string[]): Promise<number[]> {
    const inputs = tokenizer(new Array(passages.length).fill(question), {
      text_pair: [...passages],
      padding: true,
      truncation: true,
    });
    const output = (await model(inputs)) as { logits?: Tensor };
    const logits = output.logits;
    if (logits?.dims.length !== 2) {
      throw failure("it returned no classification logits (is it a cross-encoder, not an embedding model?)");
    }
    const labels = logits.dims[1] ?? 1;
    return passages.map((_, row) =>
      labels === 1
        ? (logits.data[row] as number)
        : (logits.data[row * labels + labels - 1] as number) - (logits.data[row * labels] as number),
    );
  }

  try {
    await score("probe question", ["probe passage"]);
  } catch (error) {
    if (error instanceof DocentError) throw error;
    throw failure(error instanceof Error ? error.message : String(error), error);
  }

  return {
    provider: "local",
    modelId,
    async rerank(question, passages, { signal } = {}) {
      signal?.throwIfAborted();
      const scores: number[] = [];
      for (let start = 0; start < passages.length; start += maxBatchSize) {
        scores.push(...(await score(question, passages.slice(start, start + maxBatchSize))));
        signal?.throwIfAborted();
      }
      return scores;
    },
    async close() {
      await model.dispose();
    },
  };
}
