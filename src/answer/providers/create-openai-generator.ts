import type { Generator } from "../../core/answer.ts";
import {
  createLanguageModelGenerator,
  type LanguageModelAdapterSettings,
} from "./language-model-generator.ts";

/** Settings of the OpenAI adapter (Chat Completions API). */
export interface OpenAIGeneratorSettings extends LanguageModelAdapterSettings {
  /** The API key (`OPENAI_API_KEY`). */
  readonly apiKey: string;
  /** API base URL including `/v1`; default `https://api.openai.com/v1` (`OPENAI_BASE_URL`). */
  readonly baseURL?: string;
}

/**
 * A {@link Generator} on OpenAI's Chat Completions API through the AI SDK (`@ai-sdk/openai`).
 * Chat Completions rather than the Responses API so that gateways speaking the OpenAI wire
 * format (Azure-style proxies, LiteLLM, the local test server) work with the same adapter.
 */
export function createOpenAIGenerator(settings: OpenAIGeneratorSettings): Generator {
  return createLanguageModelGenerator({
    ...settings,
    provider: "openai",
    createModel: async (fetch) => {
      const { createOpenAI } = await import("@ai-sdk/openai");
      return createOpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, fetch }).chat(
        settings.modelId,
      );
    },
  });
}
