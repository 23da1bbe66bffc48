import { type ProviderProbeResult, probeProvider } from "../answer/providers/probe-provider.ts";
import { type LlmProvider, resolveProviderSettings } from "../answer/providers/resolve-provider-settings.ts";
import type { Config } from "../config/schema.ts";

/** The provider part of `/readyz`. */
export interface ProviderReadinessReport extends ProviderProbeResult {
  /** When the probe ran (ISO 8601); a report is reused for `cacheMs`. */
  readonly checkedAt: string;
  /** True when the fallback chain ends in the extractive answerer, so answers go on while the provider is down. */
  readonly canFallBack: boolean;
}

/** Probes the configured LLM provider for `/readyz`, at most once per `cacheMs`. */
export interface ProviderReadiness {
  check(): Promise<ProviderReadinessReport>;
}

/** Settings of {@link createProviderReadiness}. */
export interface ProviderReadinessOptions {
  /** One probe of the provider (see `probeProvider`). */
  readonly probe: () => Promise<ProviderProbeResult>;
  /** How long a result is reused, ms; concurrent checks share one probe. Default 15 000. */
  readonly cacheMs?: number;
  readonly canFallBack: boolean;
  /** Epoch-ms clock, for tests. */
  readonly now?: () => number;
}

/** Caches probe results so a load balancer polling `/readyz` every second costs one probe per `cacheMs`. */
export function createProviderReadiness(options: ProviderReadinessOptions): ProviderReadiness {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 15_000;
  let last: { at: number; report: Promise<ProviderReadinessReport> } | null = null;
  return {
    check() {
      const at = now();
      if (last && at - last.at < cacheMs) return last.report;
      const report = options.probe().then((result) => ({
        ...result,
        checkedAt: new Date(at).toISOString(),
        canFallBack: options.canFallBack,
      }));
      last = { at, report };
      return report;
    },
  };
}

/**
 * The readiness probe of the provider `config.answer.provider` names, or null for the extractive
 * answerer (nothing to reach). Keys and base URLs are resolved exactly as for answering
 * (`server.providerProbeTimeoutMs`, `server.providerProbeCacheMs`).
 */
export function createProviderReadinessFromConfig(
  config: Config,
  options: {
    readonly environment: Readonly<Record<string, string | undefined>>;
    readonly fetch?: typeof fetch;
  },
): ProviderReadiness | null {
  const { answer, server } = config;
  if (answer.provider === "extractive") return null;
  const settings = resolveProviderSettings(
    {
      provider: answer.provider as LlmProvider,
      model: answer.model,
      baseUrl: answer.baseUrl,
      apiKey: answer.apiKey,
    },
    options.environment,
  );
  return createProviderReadiness({
    probe: () => probeProvider(settings, { timeoutMs: server.providerProbeTimeoutMs, fetch: options.fetch }),
    cacheMs: server.providerProbeCacheMs,
    canFallBack: answer.fallback.includes("extractive"),
  });
}
