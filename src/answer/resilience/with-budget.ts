import type { GenerateEvent, GenerateOptions, Generator, GroundedPrompt } from "../../core/answer.ts";
import { ProviderError } from "../providers/provider-error.ts";
import { computeCostUsd, type PriceTable } from "../usage/price-table.ts";
import { type SpendLedger, utcDay } from "../usage/spend-ledger.ts";

/** Settings of {@link withBudget}. */
export interface BudgetOptions {
  /** Most US dollars to spend per UTC day on this generator and every other one sharing the ledger. */
  readonly dailyUsd: number;
  readonly ledger: SpendLedger;
  readonly prices: PriceTable;
  /** Epoch-milliseconds clock; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * Guards a paid generator with a daily cost budget: when the ledger shows `dailyUsd` or more
 * spent today (UTC), the call fails at once with `BUDGET_EXHAUSTED` (not retryable, so a
 * fallback chain moves on, e.g. to the extractive answerer) and nothing is sent to the provider.
 * Otherwise each `usage` event's cost is added to the ledger. A model with no price costs 0 here.
 */
export function withBudget(generator: Generator, options: BudgetOptions): Generator {
  const now = options.now ?? Date.now;
  return {
    provider: generator.provider,
    modelId: generator.modelId,
    async *generate(prompt: GroundedPrompt, callOptions: GenerateOptions = {}) {
      const day = utcDay(now());
      const spent = options.ledger.spentOn(day);
      if (spent >= options.dailyUsd) {
        yield {
          type: "error",
          error: new ProviderError(
            `The daily cost budget of $${options.dailyUsd.toFixed(2)} is spent ($${spent.toFixed(4)} on ${day} UTC), so ${generator.provider} was not called. It resets at midnight UTC; raise answer.dailyBudgetUsd or use --provider extractive.`,
            { provider: generator.provider, code: "BUDGET_EXHAUSTED", isRetryable: false },
          ),
        } satisfies GenerateEvent;
        return;
      }
      for await (const event of generator.generate(prompt, callOptions)) {
        if (event.type === "usage") {
          const cost = computeCostUsd(event.usage, event.modelId ?? generator.modelId, options.prices);
          if (cost !== null && cost > 0) options.ledger.add(utcDay(now()), cost);
        }
        yield event;
      }
    },
  };
}
