import { isRetryableStatus, ProviderError, parseRetryAfter } from "../answer/providers/provider-error.ts";
import type { Embedder, EmbedOptions } from "../core/embedder.ts";
import { embedInBatches } from "./embed-in-batches.ts";

/** Settings of an embedder that speaks OpenAI's `/v1/embeddings` (OpenAI, Ollama, vLLM, TEI). */
export interface OpenAICompatibleEmbedderOptions {
  /** API root including `/v1`, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  readonly baseURL: string;
  /** The model name the server knows, e.g. `text-embedding-3-small`, `nomic-embed-text`. */
  readonly model: string;
  /** Sent as `Authorization: Bearer <apiKey>` when given. */
  readonly apiKey?: string;
  /**
   * Vector length. When unset, one probe request learns it (and checks the settings work);
   * when set, it is also sent as `dimensions` (models that support shortening honour it).
   */
  readonly dimensions?: number;
  /** Texts per request. Default 64; OpenAI accepts up to 2048. */
  readonly maxBatchSize?: number;
  /** Milliseconds one request may take before it is abandoned (and retried). Default 30000. */
  readonly timeoutMs?: number;
  /** Retries after a retryable failure (408/409/429/5xx, timeouts, dropped connections). Default 4. */
  readonly maxRetries?: number;
  /** Instruction put before questions (e.g. `search_query: ` for nomic). Default empty. */
  readonly queryPrefix?: string;
  /** Put before passages (e.g. `search_document: `). Default empty. */
  readonly documentPrefix?: string;
  /** Injectable for tests. Default global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Waits between retries; injectable so tests need not sleep. Default a timer honouring the signal. */
  readonly sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

const PROVIDER = "openai-compatible";
/** Backoff before retry n (0-based) when the server gives no `retry-after`: 0.5 s, 1 s, 2 s, 4 s ... capped at 20 s. */
const backoffMs = (attempt: number) => Math.min(20_000, 500 * 2 ** attempt);
/** A `retry-after` longer than this is not waited for: the error is reported instead. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * An embedder over an OpenAI-compatible `/embeddings` endpoint. Splits inputs into batches of
 * `maxBatchSize`, retries retryable failures (honouring `retry-after`), abandons a request after
 * `timeoutMs`, and rejects a malformed response (wrong count, wrong length, non-numbers) with a
 * ProviderError that is not retried.
 */
export async function createOpenAICompatibleEmbedder(
  options: OpenAICompatibleEmbedderOptions,
): Promise<Embedder> {
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxBatchSize = options.maxBatchSize ?? 64;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 4;
  const url = `${options.baseURL.replace(/\/+$/u, "")}/embeddings`;
  let dimensions = options.dimensions ?? 0;

  async function request(input: readonly string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetchImplementation(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: options.model,
          input,
          encoding_format: "float",
          ...(options.dimensions ? { dimensions: options.dimensions } : {}),
        }),
        signal: combined,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const timedOut = timeout.aborted;
      throw new ProviderError(
        timedOut
          ? `The embeddings API at ${url} did not answer within ${timeoutMs} ms`
          : `Cannot reach the embeddings API at ${url}: ${error instanceof Error ? error.message : String(error)}`,
        {
          provider: PROVIDER,
          code: timedOut ? "PROVIDER_TIMEOUT" : "PROVIDER_UNAVAILABLE",
          isRetryable: true,
          cause: error,
        },
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ProviderError(`The embeddings API at ${url} dropped the response (${describe(error)})`, {
        provider: PROVIDER,
        code: timeout.aborted ? "PROVIDER_TIMEOUT" : "PROVIDER_UNAVAILABLE",
        isRetryable: true,
        cause: error,
      });
    }
    if (!response.ok) {
      const headers = Object.fromEntries(response.headers.entries());
      throw new ProviderError(
        `The embeddings API at ${url} answered ${response.status}: ${text.slice(0, 300)}${response.status === 401 ? " (check the API key)" : ""}`,
        {
          provider: PROVIDER,
          statusCode: response.status,
          isRetryable: isRetryableStatus(response.status),
          retryAfterMs: parseRetryAfter(headers),
        },
      );
    }
    return parseEmbeddings(text, input.length, dimensions, url);
  }

  async function requestWithRetries(input: readonly string[], signal: AbortSignal | undefined) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await request(input, signal);
      } catch (error) {
        if (!(error instanceof ProviderError) || !error.isRetryable || attempt >= maxRetries) throw error;
        const wait = error.retryAfterMs ?? backoffMs(attempt);
        if (wait > MAX_RETRY_AFTER_MS) throw error;
        await sleep(wait, signal);
      }
    }
  }

  async function embed(texts: readonly string[], { signal, inputType = "document" }: EmbedOptions = {}) {
    const prefix = (inputType === "query" ? options.queryPrefix : options.documentPrefix) ?? "";
    return embedInBatches(
      texts.map((text) => prefix + text),
      maxBatchSize,
      async (batch) => {
        const batchVectors = await requestWithRetries(batch, signal);
        if (dimensions === 0) dimensions = batchVectors[0]?.length ?? 0;
        return batchVectors;
      },
      signal,
    );
  }

  if (dimensions === 0) await embed(["dimension probe"]);
  return { provider: PROVIDER, modelId: options.model, dimensions, maxBatchSize, embed };
}

/** Checks and reads an embeddings response body: `{ data: [{ index, embedding: number[] }] }`. */
function parseEmbeddings(text: string, count: number, dimensions: number, url: string): Float32Array[] {
  const malformed = (why: string) =>
    new ProviderError(`The embeddings API at ${url} sent a malformed response: ${why}`, {
      provider: PROVIDER,
      isRetryable: false,
    });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformed(`not JSON (${text.slice(0, 80)})`);
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw malformed("no `data` array");
  if (data.length !== count) throw malformed(`${data.length} embeddings for ${count} inputs`);
  const vectors: Array<Float32Array | undefined> = new Array(count);
  for (const [position, item] of data.entries()) {
    const { embedding, index } = (item ?? {}) as { embedding?: unknown; index?: unknown };
    const slot = typeof index === "number" ? index : position;
    if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every(Number.isFinite)) {
      throw malformed(`item ${position} has no numeric \`embedding\` array`);
    }
    if (dimensions !== 0 && embedding.length !== dimensions) {
      throw malformed(`item ${position} has ${embedding.length} dimensions, expected ${dimensions}`);
    }
    if (slot < 0 || slot >= count || vectors[slot] !== undefined)
      throw malformed(`bad or repeated index ${slot}`);
    vectors[slot] = normalise(Float32Array.from(embedding as number[]));
  }
  return vectors as Float32Array[];
}

/** Scales a vector to unit length (OpenAI's are already; Ollama's need not be). */
function normalise(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i += 1) vector[i] = (vector[i] as number) / norm;
  return vector;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function defaultSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
