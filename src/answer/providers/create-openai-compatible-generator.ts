import type { Generator } from "../../core/answer.ts";
import {
  createLanguageModelGenerator,
  type LanguageModelAdapterSettings,
} from "./language-model-generator.ts";

/** Settings of the adapter for OpenAI-compatible servers (Ollama, vLLM, llama.cpp server, LM Studio). */
export interface OpenAICompatibleGeneratorSettings extends LanguageModelAdapterSettings {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:11434/v1` for Ollama (`OLLAMA_HOST` + `/v1`). */
  readonly baseURL: string;
  /** API key, when the server wants one (local servers usually do not). */
  readonly apiKey?: string;
}

/**
 * A {@link Generator} on any server that speaks OpenAI's Chat Completions wire format, through
 * the AI SDK (`@ai-sdk/openai-compatible`). Asks for usage in the stream (`include_usage`); a
 * server that sends none gets its usage estimated and marked so.
 */
export function createOpenAICompatibleGenerator(settings: OpenAICompatibleGeneratorSettings): Generator {
  return createLanguageModelGenerator({
    ...settings,
    provider: "openai-compatible",
    createModel: async (fetch) => {
      const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: settings.baseURL,
        apiKey: settings.apiKey,
        fetch,
        includeUsage: true,
      }).chatModel(settings.modelId);
    },
  });
}
