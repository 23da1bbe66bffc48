import type { ResolvedProviderSettings } from "./resolve-provider-settings.ts";

/** Default API roots when no base URL is set. */
const DEFAULT_BASE_URLS: Readonly<Record<ResolvedProviderSettings["provider"], string>> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
  "openai-compatible": "http://127.0.0.1:11434/v1",
};

/** What one probe found. */
export interface ProviderProbeResult {
  /** `ok`: answered; `unauthorized`: answered 401/403 (the key is wrong); `down`: no answer, 5xx or timeout. */
  readonly status: "ok" | "unauthorized" | "down";
  readonly provider: string;
  /** The URL probed (no key in it: keys travel in headers). */
  readonly url: string;
  /** HTTP status, or null when there was no response. */
  readonly statusCode: number | null;
  readonly latencyMs: number;
  /** Why it is not `ok`, for the operator. */
  readonly detail: string | null;
}

/** Settings of {@link probeProvider}. */
export interface ProbeProviderOptions {
  /** Give up after this many milliseconds. Default 2000. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

/**
 * Checks that an LLM provider answers, cheaply: `GET <baseURL>/models` with the provider's auth
 * headers (OpenAI, Anthropic, Ollama, vLLM, llama.cpp server and LM Studio all serve it; nothing
 * is generated, nothing is billed). A 2xx, or any 4xx but 401/403 (a server without that
 * route still answered), is `ok`; 401/403 is `unauthorized`; a 5xx, a refused connection or
 * no answer within `timeoutMs` is `down`.
 */
export async function probeProvider(
  settings: ResolvedProviderSettings,
  options: ProbeProviderOptions = {},
): Promise<ProviderProbeResult> {
  const url = `${settings.baseURL ?? DEFAULT_BASE_URLS[settings.provider]}/models`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (settings.provider === "anthropic") {
    if (settings.apiKey) headers["x-api-key"] = settings.apiKey;
    headers["anthropic-version"] = "2023-06-01";
  } else if (settings.apiKey) {
    headers.authorization = `Bearer ${settings.apiKey}`;
  }
  const timeoutMs = options.timeoutMs ?? 2000;
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
  const started = performance.now();
  const result = (
    status: ProviderProbeResult["status"],
    statusCode: number | null,
    detail: string | null,
  ) => ({
    status,
    provider: settings.provider,
    url,
    statusCode,
    latencyMs: Math.round(performance.now() - started),
    detail,
  });
  try {
    const response = await (options.fetch ?? fetch)(url, { headers, signal: AbortSignal.any(signals) });
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 401 || response.status === 403)
      return result("unauthorized", response.status, `HTTP ${response.status}: check the API key`);
    if (response.status >= 500) return result("down", response.status, `HTTP ${response.status}`);
    return result("ok", response.status, null);
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    const detail = timedOut
      ? `no answer within ${timeoutMs} ms`
      : `could not connect${cause ? ` (${cause})` : error instanceof Error ? ` (${error.message})` : ""}`;
    return result("down", null, detail);
  }
}
