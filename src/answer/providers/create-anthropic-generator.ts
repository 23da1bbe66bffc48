import type { Generator } from "../../core/answer.ts";
import {
  createLanguageModelGenerator,
  type LanguageModelAdapterSettings,
} from "./language-model-generator.ts";

/** Settings of the Anthropic adapter (Messages API). */
export interface AnthropicGeneratorSettings extends LanguageModelAdapterSettings {
  /** The API key (`ANTHROPIC_API_KEY`). */
  readonly apiKey: string;
  /** API base URL including `/v1`; default `https://api.anthropic.com/v1` (`ANTHROPIC_BASE_URL`). */
  readonly baseURL?: string;
}

/** A {@link Generator} on Anthropic's Messages API through the AI SDK (`@ai-sdk/anthropic`). */
export function createAnthropicGenerator(settings: AnthropicGeneratorSettings): Generator {
  return createLanguageModelGenerator({
    ...settings,
    provider: "anthropic",
    createModel: async (fetch) => {
      const { createAnthropic } = await import("@ai-sdk/anthropic");
      return createAnthropic({ apiKey: settings.apiKey, baseURL: settings.baseURL, fetch })(settings.modelId);
    },
  });
}
