/** @module answer: numbered sources -> grounded prompt -> generator -> cited answer or refusal, plus refusal calibration. */
export {
  buildGroundedPrompt,
  GROUNDED_PROMPT_TEMPLATE,
  neutralizeFences,
  type PromptTemplate,
  templateVersion,
} from "./build-grounded-prompt.ts";
export {
  type CalibrationResult,
  type CalibrationSample,
  calibrateThreshold,
  type ThresholdRow,
} from "./calibrate-threshold.ts";
export { createExtractiveGenerator, type ExtractiveGeneratorOptions } from "./extractive-generator.ts";
export {
  type AnthropicGeneratorSettings,
  createAnthropicGenerator,
} from "./providers/create-anthropic-generator.ts";
export {
  createOpenAICompatibleGenerator,
  type OpenAICompatibleGeneratorSettings,
} from "./providers/create-openai-compatible-generator.ts";
export { createOpenAIGenerator, type OpenAIGeneratorSettings } from "./providers/create-openai-generator.ts";
export {
  createLanguageModelGenerator,
  DEFAULT_PROVIDER_TIMEOUTS,
  type LanguageModelAdapterSettings,
  type ProviderTimeouts,
} from "./providers/language-model-generator.ts";
export {
  type ProbeProviderOptions,
  type ProviderProbeResult,
  probeProvider,
} from "./providers/probe-provider.ts";
export {
  isProviderError,
  isRetryableStatus,
  ProviderError,
  parseRetryAfter,
} from "./providers/provider-error.ts";
export {
  type LlmProvider,
  ollamaBaseUrl,
  type ProviderChoice,
  resolveProviderSettings,
} from "./providers/resolve-provider-settings.ts";
export { isRefusal, REFUSAL_MESSAGE } from "./refusal-message.ts";
export { type BackoffOptions, backoffDelay } from "./resilience/backoff-delay.ts";
export {
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
  createCircuitBreaker,
} from "./resilience/circuit-breaker.ts";
export { createFallbackGenerator } from "./resilience/create-fallback-generator.ts";
export { type BudgetOptions, withBudget } from "./resilience/with-budget.ts";
export { type RetryOptions, sleep, withRetries } from "./resilience/with-retries.ts";
export {
  type EvidenceReport,
  type ExcludedPassage,
  type QuestionTerm,
  type ScoredPassage,
  type ScoreEvidenceOptions,
  scoreEvidence,
} from "./score-evidence.ts";
export { cleanInlineMarkdown, splitIntoUnits, type TextUnit, type TextUnitKind } from "./split-into-units.ts";
export {
  computeCostUsd,
  DEFAULT_PRICES,
  findModelPrice,
  type ModelPrice,
  type PriceTable,
} from "./usage/price-table.ts";
export {
  createFileSpendLedger,
  createMemorySpendLedger,
  type SpendLedger,
  utcDay,
} from "./usage/spend-ledger.ts";
