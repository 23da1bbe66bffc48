import { homedir } from "node:os";
import { join } from "node:path";
import type { Embedder, EmbedOptions } from "../core/embedder.ts";
import { DocentError } from "../core/errors.ts";
import { embedInBatches } from "./embed-in-batches.ts";
import { modelDefaults } from "./known-models.ts";
import { resolveModelLocation } from "./resolve-model-location.ts";

/** Settings of the in-process ONNX embedder. */
export interface LocalEmbedderOptions {
  /** A model folder in the transformers.js layout, or a hub id (`Xenova/bge-small-en-v1.5`). */
  readonly model: string;
  /** Resolves a relative folder. */
  readonly cwd: string;
  /** Instruction put before questions. Default: what the model's authors specify (see `modelDefaults`). */
  readonly queryPrefix?: string;
  /** Put before passages. Default: per model, usually empty. */
  readonly documentPrefix?: string;
  /** Sentence pooling. Default: per model (`cls` for BGE, else `mean`). */
  readonly pooling?: "mean" | "cls";
  /** Texts per forward pass. Default 32; larger batches pad more. */
  readonly maxBatchSize?: number;
  /** Where hub downloads are cached. Default `~/.cache/docent/models`. */
  readonly cacheDir?: string;
  /** Hub mirror to download from (e.g. an internal proxy). Default the Hugging Face hub. */
  readonly remoteHost?: string;
}

/** The extractor we need from transformers.js, typed narrowly. */
interface FeatureExtractor {
  (
    texts: string[],
    options: { pooling: "mean" | "cls"; normalize: boolean },
  ): Promise<{
    dims: number[];
    data: Float32Array;
  }>;
  dispose(): Promise<void>;
}

/**
 * A sentence-embedding model run in-process with `@huggingface/transformers` (onnxruntime-node).
 * A folder is read with remote models disabled; a hub id is downloaded on first use (only then
 * are remote models allowed) and cached. Loads the model before returning and measures its
 * dimensions with one probe sentence.
 *
 * @throws DocentError CONFIG_INVALID when the location is neither a folder nor a hub id;
 *   PROVIDER_ERROR when the model cannot be loaded, with the reason (never a silent fallback).
 */
export async function createLocalEmbedder(options: LocalEmbedderOptions): Promise<Embedder> {
  const location = resolveModelLocation(options.model, options.cwd, "embedding.model");
  const modelId = location.kind === "folder" ? location.name : location.id;
  const defaults = modelDefaults(modelId);
  const queryPrefix = options.queryPrefix ?? defaults.queryPrefix;
  const documentPrefix = options.documentPrefix ?? defaults.documentPrefix;
  const pooling = options.pooling ?? defaults.pooling;
  const maxBatchSize = options.maxBatchSize ?? 32;

  const transformers = await import("@huggingface/transformers");
  const { env } = transformers;
  if (location.kind === "folder") {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = location.parent;
  } else {
    env.allowRemoteModels = true;
    env.allowLocalModels = true;
    env.cacheDir = options.cacheDir ?? join(homedir(), ".cache", "docent", "models");
    env.localModelPath = env.cacheDir;
    const host = options.remoteHost ?? "https://huggingface.co/";
    env.remoteHost = host.endsWith("/") ? host : `${host}/`;
  }
  let extractor: FeatureExtractor;
  try {
    extractor = (await transformers.pipeline("feature-extraction", modelId)) as unknown as FeatureExtractor;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const where =
      location.kind === "folder"
        ? `from ${location.folder}`
        : `(hub id; downloaded into ${env.cacheDir} on first use, which needs internet access)`;
    throw new DocentError(
      "PROVIDER_ERROR",
      `The embedding model ${modelId} ${where} could not be loaded: ${reason}`,
      {
        details: { option: "embedding.model", value: options.model },
        cause: error,
      },
    );
  }

  async function run(texts: readonly string[]): Promise<Float32Array[]> {
    const output = await extractor([...texts], { pooling, normalize: true });
    const width = output.dims.at(-1) ?? 0;
    return texts.map((_, row) => output.data.slice(row * width, (row + 1) * width));
  }

  const [probe] = await run(["dimension probe"]);
  const dimensions = probe?.length ?? 0;

  return {
    provider: "local",
    modelId,
    dimensions,
    maxBatchSize,
    async embed(texts: readonly string[], { signal, inputType = "document" }: EmbedOptions = {}) {
      const prefix = inputType === "query" ? queryPrefix : documentPrefix;
      return embedInBatches(
        texts.map((text) => prefix + text),
        maxBatchSize,
        run,
        signal,
      );
    },
    async close() {
      await extractor.dispose();
    },
  };
}

/** The document prefix the local embedder will use for `options` (part of the index's model key). */
export function localDocumentPrefix(options: Pick<LocalEmbedderOptions, "model" | "documentPrefix">): string {
  return options.documentPrefix ?? modelDefaults(options.model).documentPrefix;
}
