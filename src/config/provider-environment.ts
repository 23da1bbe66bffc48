/**
 * The usual environment variables of the LLM providers, and the settings they stand for. They
 * apply to the provider in effect (`answer.provider` after flags, environment and file), at the
 * environment's precedence: `--api-key` beats `OPENAI_API_KEY`, which beats `answer.apiKey` in
 * a config file.
 */
export const PROVIDER_ENVIRONMENT_SETTINGS: Readonly<
  Record<string, ReadonlyArray<readonly [variable: string, key: "answer.apiKey" | "answer.baseUrl"]>>
> = {
  openai: [
    ["OPENAI_API_KEY", "answer.apiKey"],
    ["OPENAI_BASE_URL", "answer.baseUrl"],
  ],
  anthropic: [
    ["ANTHROPIC_API_KEY", "answer.apiKey"],
    ["ANTHROPIC_BASE_URL", "answer.baseUrl"],
  ],
  "openai-compatible": [["OLLAMA_HOST", "answer.baseUrl"]],
};

/**
 * `OLLAMA_HOST` (`0.0.0.0:11434`, `localhost`, `http://gpu-box:11434`) as an OpenAI-compatible
 * base URL: scheme `http` when none is given, `0.0.0.0` read as loopback, port 11434 when none
 * is given, and `/v1` appended.
 */
export function ollamaBaseUrl(host: string): string {
  let url = host.trim();
  if (!/^[a-z]+:\/\//iu.test(url)) url = `http://${url}`;
  const parsed = new URL(url);
  if (parsed.hostname === "0.0.0.0") parsed.hostname = "127.0.0.1";
  if (!parsed.port && !host.includes("://")) parsed.port = "11434";
  const base = parsed.toString().replace(/\/+$/u, "");
  return base.endsWith("/v1") ? base : `${base}/v1`;
}

/**
 * The value a provider variable contributes to the configuration: `OLLAMA_HOST` turned into a
 * base URL (left as given when it cannot be read, so validation names it), others unchanged.
 */
export function providerEnvironmentValue(variable: string, value: string): string {
  if (variable !== "OLLAMA_HOST") return value;
  try {
    return ollamaBaseUrl(value);
  } catch {
    return value;
  }
}
