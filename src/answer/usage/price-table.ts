import type { Usage } from "../../core/answer.ts";

/** Price of one model in US dollars per million tokens. */
export interface ModelPrice {
  readonly inputPerMillion: number;
  /** Price of input tokens read from the provider's prompt cache; the input price when absent. */
  readonly cachedInputPerMillion?: number;
  /**
   * Price of input tokens written to the provider's prompt cache (Anthropic: 1.25× the input
   * price for the 5-minute cache); the input price when absent (OpenAI charges no surcharge).
   */
  readonly cacheWriteInputPerMillion?: number;
  readonly outputPerMillion: number;
}

/** Prices keyed by model id (or id prefix, e.g. `gpt-4o-mini` also prices `gpt-4o-mini-2024-07-18`). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * List prices (USD per million tokens) of common models, as published by OpenAI and Anthropic.
 * Anthropic bills cache reads at 0.1× and 5-minute cache writes at 1.25× the input price.
 * Prices change: override or extend them with `answer.prices` in the configuration. A model not
 * listed has an unknown cost (`costUsd: null`); local models can be priced at 0.
 */
export const DEFAULT_PRICES: PriceTable = {
  "gpt-4o": { inputPerMillion: 2.5, cachedInputPerMillion: 1.25, outputPerMillion: 10 },
  "gpt-4o-mini": { inputPerMillion: 0.15, cachedInputPerMillion: 0.075, outputPerMillion: 0.6 },
  "gpt-4.1": { inputPerMillion: 2, cachedInputPerMillion: 0.5, outputPerMillion: 8 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, cachedInputPerMillion: 0.1, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, cachedInputPerMillion: 0.025, outputPerMillion: 0.4 },
  "claude-opus-4": {
    inputPerMillion: 15,
    cachedInputPerMillion: 1.5,
    cacheWriteInputPerMillion: 18.75,
    outputPerMillion: 75,
  },
  "claude-sonnet-4": {
    inputPerMillion: 3,
    cachedInputPerMillion: 0.3,
    cacheWriteInputPerMillion: 3.75,
    outputPerMillion: 15,
  },
  "claude-3-7-sonnet": {
    inputPerMillion: 3,
    cachedInputPerMillion: 0.3,
    cacheWriteInputPerMillion: 3.75,
    outputPerMillion: 15,
  },
  "claude-3-5-haiku": {
    inputPerMillion: 0.8,
    cachedInputPerMillion: 0.08,
    cacheWriteInputPerMillion: 1,
    outputPerMillion: 4,
  },
  "claude-haiku-4-5": {
    inputPerMillion: 1,
    cachedInputPerMillion: 0.1,
    cacheWriteInputPerMillion: 1.25,
    outputPerMillion: 5,
  },
  "extractive-v1": { inputPerMillion: 0, outputPerMillion: 0 },
};

/** The price entry for `modelId`: an exact match, else the longest listed prefix, else null. */
export function findModelPrice(modelId: string, prices: PriceTable): ModelPrice | null {
  const exact = prices[modelId];
  if (exact) return exact;
  let best: string | null = null;
  for (const key of Object.keys(prices)) {
    if (modelId.startsWith(key) && (best === null || key.length > best.length)) best = key;
  }
  return best === null ? null : (prices[best] ?? null);
}

/**
 * The cost of one answer in US dollars: plain input at the input price, cache reads at the
 * cached price, cache writes at the cache-write price, output at the output price. Null when the
 * model has no price.
 */
export function computeCostUsd(usage: Usage, modelId: string, prices: PriceTable): number | null {
  const price = findModelPrice(modelId, prices);
  if (!price) return null;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const written = Math.min(usage.cacheWriteInputTokens ?? 0, usage.inputTokens - cached);
  const cost =
    ((usage.inputTokens - cached - written) * price.inputPerMillion +
      cached * (price.cachedInputPerMillion ?? price.inputPerMillion) +
      written * (price.cacheWriteInputPerMillion ?? price.inputPerMillion) +
      usage.outputTokens * price.outputPerMillion) /
    1_000_000;
  return Math.round(cost * 1e8) / 1e8;
}
