import type { FastifyInstance } from "fastify";
import { describeError } from "../../core/errors.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * `GET /healthz` (the process is up), `GET /readyz` (the index is open and not empty and, with an
 * LLM provider, the provider answers), `GET /metrics`.
 *
 * `/readyz` answers 200 `ready` when the index holds chunks and the provider probe (`GET
 * <baseUrl>/models`, cached for `server.providerProbeCacheMs`) is `ok`; 200 `degraded` when the
 * provider is down or rejects the key but `answer.fallback` ends in `extractive` (answers go on);
 * 503 `not-ready` otherwise, or while shutting down (`draining`).
 */
export function registerHealthRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get("/healthz", { schema: { summary: "Liveness", tags: ["operations"] } }, async () => ({
    status: "ok",
  }));

  app.get(
    "/readyz",
    {
      schema: {
        summary: "Readiness: index open and not empty; the LLM provider, if any, reachable",
        tags: ["operations"],
      },
    },
    async (_request, reply) => {
      if (context.lifecycle.draining) return reply.code(503).send({ status: "draining" });
      try {
        const [stats, provider] = await Promise.all([
          context.store.stats(),
          context.providerReadiness?.check() ?? Promise.resolve(null),
        ]);
        const indexReady = stats.chunks > 0;
        const providerStatus = provider === null ? "not-needed" : provider.status;
        const providerReady = provider === null || provider.status === "ok";
        const status = !indexReady
          ? "not-ready"
          : providerReady
            ? "ready"
            : provider?.canFallBack
              ? "degraded"
              : "not-ready";
        const checks = {
          index: indexReady ? "ok" : "empty",
          provider: providerStatus,
          generator: `${context.generator.provider}/${context.generator.modelId}`,
        };
        return reply.code(status === "not-ready" ? 503 : 200).send({ status, checks, provider, stats });
      } catch (error) {
        return reply.code(503).send({ status: "not-ready", error: describeError(error) });
      }
    },
  );

  app.get(
    "/metrics",
    { schema: { summary: "Prometheus metrics", tags: ["operations"] } },
    async (_request, reply) => {
      reply.type(context.metrics.registry.contentType);
      return context.metrics.registry.metrics();
    },
  );
}
