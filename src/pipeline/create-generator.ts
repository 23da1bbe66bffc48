import { dirname, join, resolve } from "node:path";
import { createExtractiveGenerator } from "../answer/extractive-generator.ts";
import { createAnthropicGenerator } from "../answer/providers/create-anthropic-generator.ts";
import { createOpenAICompatibleGenerator } from "../answer/providers/create-openai-compatible-generator.ts";
import { createOpenAIGenerator } from "../answer/providers/create-openai-generator.ts";
import {
  type LlmProvider,
  type ProviderChoice,
  resolveProviderSettings,
} from "../answer/providers/resolve-provider-settings.ts";
import { type CircuitBreaker, createCircuitBreaker } from "../answer/resilience/circuit-breaker.ts";
import { createFallbackGenerator } from "../answer/resilience/create-fallback-generator.ts";
import { withBudget } from "../answer/resilience/with-budget.ts";
import { withRetries } from "../answer/resilience/with-retries.ts";
import { DEFAULT_PRICES } from "../answer/usage/price-table.ts";
import { createFileSpendLedger, type SpendLedger } from "../answer/usage/spend-ledger.ts";
import type { Config } from "../config/schema.ts";
import type { Generator } from "../core/answer.ts";

/** Optional surroundings of {@link createGenerator}; every field has a sensible default. */
export interface CreateGeneratorOptions {
  /** Environment for keys and base URLs; `process.env` by default. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Working directory that relative paths (index, spend ledger) resolve against; `process.cwd()`. */
  readonly cwd?: string;
  /** `fetch` for every provider (tests, proxies). */
  readonly fetch?: typeof fetch;
  /** Where the daily spend is kept; a file next to the index by default. */
  readonly ledger?: SpendLedger;
  /** Circuit breakers by `provider|model|baseURL`; one map per process by default. */
  readonly breakers?: Map<string, CircuitBreaker>;
  /** Clock (epoch ms) for the breaker and the budget day; `Date.now` by default. */
  readonly now?: () => number;
  /** Random source of the backoff jitter; `Math.random` by default. */
  readonly random?: () => number;
  /** Sleep used between retries; real timers by default. */
  readonly sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

const processBreakers = new Map<string, CircuitBreaker>();

/**
 * The generator the configuration asks for: `answer.provider` (extractive by default), wrapped
 * for an LLM provider in Docent's retry policy and circuit breaker and, with
 * `answer.dailyBudgetUsd`, the daily budget; followed by the `answer.fallback` chain.
 * Throws `CONFIG_INVALID` (naming the flag and the variable) when a model or key is missing.
 */
export function createGenerator(config: Config, options: CreateGeneratorOptions = {}): Generator {
  const answer = config.answer;
  const environment = options.environment ?? process.env;
  const breakers = options.breakers ?? processBreakers;
  const prices = { ...DEFAULT_PRICES, ...answer.prices };
  let ledger = options.ledger;
  const extractive = () =>
    createExtractiveGenerator({
      refusalThreshold: answer.refusalThreshold,
      maxSentences: answer.maxSentences,
    });

  const build = (choice: ProviderChoice): Generator => {
    const settings = resolveProviderSettings(choice, environment);
    const common = {
      modelId: settings.modelId,
      fetch: options.fetch,
      maxOutputTokens: answer.maxOutputTokens,
      timeouts: answer.timeouts,
    };
    const adapter =
      settings.provider === "openai"
        ? createOpenAIGenerator({ ...common, apiKey: settings.apiKey ?? "", baseURL: settings.baseURL })
        : settings.provider === "anthropic"
          ? createAnthropicGenerator({ ...common, apiKey: settings.apiKey ?? "", baseURL: settings.baseURL })
          : createOpenAICompatibleGenerator({
              ...common,
              apiKey: settings.apiKey,
              baseURL: settings.baseURL ?? "http://127.0.0.1:11434/v1",
            });
    const key = `${settings.provider}|${settings.modelId}|${settings.baseURL ?? ""}`;
    let breaker = breakers.get(key);
    if (!breaker) {
      breaker = createCircuitBreaker({ ...answer.circuitBreaker, now: options.now });
      breakers.set(key, breaker);
    }
    const retried = withRetries(adapter, {
      ...answer.retry,
      breaker,
      random: options.random,
      sleep: options.sleep,
    });
    if (answer.dailyBudgetUsd === undefined) return retried;
    ledger ??= createFileSpendLedger(
      resolve(
        options.cwd ?? process.cwd(),
        answer.spendLedgerPath ?? join(dirname(config.index.path), "spend.json"),
      ),
    );
    return withBudget(retried, { dailyUsd: answer.dailyBudgetUsd, ledger, prices, now: options.now });
  };

  const members: Generator[] = [];
  if (answer.provider === "extractive") members.push(extractive());
  else {
    members.push(
      build({
        provider: answer.provider,
        model: answer.model,
        baseUrl: answer.baseUrl,
        apiKey: answer.apiKey,
      }),
    );
  }
  for (const entry of answer.fallback) {
    if (entry === "extractive") {
      members.push(extractive());
      continue;
    }
    const at = entry.indexOf(":");
    members.push(build({ provider: entry.slice(0, at) as LlmProvider, model: entry.slice(at + 1) }));
  }
  return createFallbackGenerator(members);
}
