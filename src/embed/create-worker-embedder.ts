import { Worker } from "node:worker_threads";
import type { Embedder, EmbedOptions } from "../core/embedder.ts";
import { DocentError, type DocentErrorCode } from "../core/errors.ts";
import type { LocalEmbedderOptions } from "./create-local-embedder.ts";

type WorkerMessage =
  | { type: "ready"; provider: string; modelId: string; dimensions: number; maxBatchSize: number }
  | { type: "failed"; error: SerialisedError }
  | { id: number; vectors: Float32Array[] }
  | { id: number; error: SerialisedError };

interface SerialisedError {
  readonly message: string;
  readonly code?: string;
  readonly details?: Record<string, unknown>;
}

/**
 * The local embedder run in a worker thread: the model loads and computes there, so the main
 * thread stays free while a corpus is embedded. Same contract as `createLocalEmbedder` (or
 * `createUseLiteEmbedder` when `options.model` is `use-lite`),
 * including its load errors. One request runs at a time in the worker; an aborted call rejects
 * at once and its result is dropped when it arrives.
 */
export async function createWorkerEmbedder(options: LocalEmbedderOptions): Promise<Embedder> {
  const worker = new Worker(new URL("./local-embedder-worker.ts", import.meta.url), { workerData: options });
  const pending = new Map<
    number,
    { resolve: (vectors: Float32Array[]) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let failure: Error | null = null;

  const ready = await new Promise<{
    provider: string;
    modelId: string;
    dimensions: number;
    maxBatchSize: number;
  }>((resolve, reject) => {
    worker.on("message", (message: WorkerMessage) => {
      if ("type" in message) {
        if (message.type === "ready") resolve(message);
        else reject(toError(message.error));
        return;
      }
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (!waiting) return;
      if ("error" in message) waiting.reject(toError(message.error));
      else waiting.resolve(message.vectors);
    });
    worker.on("error", (error) => {
      failure = error;
      reject(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  // An idle worker must not keep the process alive.
  worker.unref();

  return {
    provider: ready.provider,
    modelId: ready.modelId,
    dimensions: ready.dimensions,
    maxBatchSize: ready.maxBatchSize,
    embed(texts: readonly string[], { signal, inputType = "document" }: EmbedOptions = {}) {
      if (failure) return Promise.reject(failure);
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (texts.length === 0) return Promise.resolve([]);
      const id = nextId++;
      worker.ref();
      return new Promise<Float32Array[]>((resolve, reject) => {
        const onAbort = () => {
          pending.delete(id);
          reject(signal?.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        const settle = () => {
          signal?.removeEventListener("abort", onAbort);
          if (pending.size === 0) worker.unref();
        };
        pending.set(id, {
          resolve: (vectors) => {
            settle();
            resolve(vectors);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
        });
        worker.postMessage({ id, texts: [...texts], inputType });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

function toError(error: SerialisedError): Error {
  return new DocentError((error.code as DocentErrorCode | undefined) ?? "PROVIDER_ERROR", error.message, {
    details: error.details ?? {},
  });
}
