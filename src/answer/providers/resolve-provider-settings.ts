import { ollamaBaseUrl } from "../../config/provider-environment.ts";
import { DocentError } from "../../core/errors.ts";

export { ollamaBaseUrl };

/** The LLM providers Docent has adapters for. */
export type LlmProvider = "openai" | "anthropic" | "openai-compatible";

/** What a user gave (flags or config) for one provider; each may be missing. */
export interface ProviderChoice {
  readonly provider: LlmProvider;
  readonly model?: string;
  readonly baseUrl?: string;
  readonly apiKey?: string;
}

/** Settings ready for an adapter factory. */
export interface ResolvedProviderSettings {
  readonly provider: LlmProvider;
  readonly modelId: string;
  readonly baseURL: string | undefined;
  readonly apiKey: string | undefined;
}

const KEY_VARIABLES: Readonly<Record<LlmProvider, string | null>> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  "openai-compatible": null,
};
const BASE_URL_VARIABLES: Readonly<Record<LlmProvider, string>> = {
  openai: "OPENAI_BASE_URL",
  anthropic: "ANTHROPIC_BASE_URL",
  "openai-compatible": "OLLAMA_HOST",
};
const EXAMPLE_MODELS: Readonly<Record<LlmProvider, string>> = {
  openai: "gpt-4.1-mini",
  anthropic: "claude-sonnet-4-5",
  "openai-compatible": "llama3.2",
};

/**
 * Fills in a provider's model, base URL and key from what the user gave, else the usual
 * environment variables (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `ANTHROPIC_API_KEY`,
 * `ANTHROPIC_BASE_URL`, `OLLAMA_HOST`). A missing model or key is a `CONFIG_INVALID` error that
 * names the flag and the variable to set.
 */
export function resolveProviderSettings(
  choice: ProviderChoice,
  environment: Readonly<Record<string, string | undefined>>,
): ResolvedProviderSettings {
  const { provider } = choice;
  if (!choice.model) {
    throw new DocentError(
      "CONFIG_INVALID",
      `No model is set for provider ${provider}: pass --model <id> (e.g. ${EXAMPLE_MODELS[provider]}) or set DOCENT_MODEL`,
      { details: { option: "answer.model", provider } },
    );
  }
  const keyVariable = KEY_VARIABLES[provider];
  const apiKey = choice.apiKey ?? (keyVariable ? environment[keyVariable] || undefined : undefined);
  if (keyVariable && !apiKey) {
    throw new DocentError(
      "CONFIG_INVALID",
      `${keyVariable} is not set: pass --api-key or set the ${keyVariable} environment variable to use --provider ${provider}`,
      { details: { option: "answer.apiKey", variable: keyVariable, provider } },
    );
  }
  const fromEnvironment = environment[BASE_URL_VARIABLES[provider]] || undefined;
  let baseURL = choice.baseUrl ?? fromEnvironment;
  if (provider === "openai-compatible") {
    baseURL =
      choice.baseUrl ?? (fromEnvironment ? ollamaBaseUrl(fromEnvironment) : "http://127.0.0.1:11434/v1");
  }
  return { provider, modelId: choice.model, baseURL: baseURL?.replace(/\/+$/u, ""), apiKey };
}
