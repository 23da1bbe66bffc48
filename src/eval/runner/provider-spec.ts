import { DocentError } from "../../core/errors.ts";

/** One configuration to evaluate, parsed from `--providers`. */
export interface ProviderSpec {
  /** As written, used as the column label: `openai:gpt-4.1-mini`, `extractive@retrieval.topK=1`. */
  readonly label: string;
  /** Settings it sets, as dotted keys for the configuration (`answer.provider`, `answer.model`, ...). */
  readonly settings: ReadonlyArray<readonly [string, string]>;
}

/**
 * Parses a provider list: comma-separated `provider[:model][@key=value...]`. `provider` sets
 * `answer.provider`, `model` sets `answer.model`, each `@key=value` any other setting, so one
 * provider can be compared under two settings: `extractive,extractive@retrieval.topK=1`.
 */
export function parseProviderSpecs(text: string): ProviderSpec[] {
  const specs = text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  if (specs.length === 0)
    throw new DocentError("INPUT_INVALID", "--providers is empty: give e.g. extractive,openai:gpt-4.1-mini");
  return specs.map((label) => {
    const [head = "", ...overrides] = label.split("@");
    const colon = head.indexOf(":");
    const provider = colon < 0 ? head : head.slice(0, colon);
    const model = colon < 0 ? "" : head.slice(colon + 1);
    if (!/^[\w-]+$/u.test(provider)) {
      throw new DocentError(
        "INPUT_INVALID",
        `--providers: "${label}" must look like provider[:model][@key=value]`,
      );
    }
    const settings: Array<[string, string]> = [["answer.provider", provider]];
    if (model !== "") settings.push(["answer.model", model]);
    for (const override of overrides) {
      const at = override.indexOf("=");
      if (at <= 0)
        throw new DocentError(
          "INPUT_INVALID",
          `--providers: "@${override}" in "${label}" must be @key=value`,
        );
      settings.push([override.slice(0, at), override.slice(at + 1)]);
    }
    return { label, settings };
  });
}
