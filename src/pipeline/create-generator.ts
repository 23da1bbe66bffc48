import { createExtractiveGenerator } from "../answer/extractive-generator.ts";
import type { Config } from "../config/schema.ts";
import type { Generator } from "../core/answer.ts";

/** The generator the configuration asks for (`answer.provider`). */
export function createGenerator(config: Config): Generator {
  switch (config.answer.provider) {
    case "extractive":
      return createExtractiveGenerator({
        refusalThreshold: config.answer.refusalThreshold,
        maxSentences: config.answer.maxSentences,
      });
  }
}
