/**
 * Worker-thread entry: hosts one local embedder so that embedding a corpus does not block the
 * main thread (the CLI's progress bar, the HTTP server). Started by `createWorkerEmbedder`.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { EmbeddingInputType } from "../core/embedder.ts";
import { createLocalEmbedder, type LocalEmbedderOptions } from "./create-local-embedder.ts";
import { createUseLiteEmbedder, isUseLiteModel } from "./create-use-lite-embedder.ts";

interface EmbedRequest {
  readonly id: number;
  readonly texts: readonly string[];
  readonly inputType: EmbeddingInputType;
}

const port = parentPort;
if (port) {
  try {
    const options = workerData as LocalEmbedderOptions;
    const embedder = isUseLiteModel(options.model)
      ? await createUseLiteEmbedder(options)
      : await createLocalEmbedder(options);
    port.on("message", async (message: EmbedRequest | { type: "close" }) => {
      if ("type" in message) {
        await embedder.close?.();
        port.close();
        return;
      }
      try {
        const vectors = await embedder.embed(message.texts, { inputType: message.inputType });
        port.postMessage(
          { id: message.id, vectors },
          vectors.map((vector) => vector.buffer as ArrayBuffer),
        );
      } catch (error) {
        port.postMessage({ id: message.id, error: serialise(error) });
      }
    });
    port.postMessage({
      type: "ready",
      provider: embedder.provider,
      modelId: embedder.modelId,
      dimensions: embedder.dimensions,
      maxBatchSize: embedder.maxBatchSize,
    });
  } catch (error) {
    port.postMessage({ type: "failed", error: serialise(error) });
  }
}

function serialise(error: unknown): { message: string; code?: string; details?: unknown } {
  if (error instanceof Error) {
    const { code, details } = error as Error & { code?: string; details?: unknown };
    return { message: error.message, code, details };
  }
  return { message: String(error) };
}
