import type { FastifyInstance } from "fastify";
import { describeError } from "../../core/errors.ts";
import type { ServerContext } from "../server-context.ts";

/** `GET /healthz` (the process is up), `GET /readyz` (index open and not empty, generator set), `GET /metrics`. */
export function registerHealthRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get("/healthz", { schema: { summary: "Liveness", tags: ["operations"] } }, async () => ({
    status: "ok",
  }));

  app.get(
    "/readyz",
    { schema: { summary: "Readiness: index open, provider configured", tags: ["operations"] } },
    async (_request, reply) => {
      if (context.lifecycle.draining) return reply.code(503).send({ status: "draining" });
      try {
        const stats = await context.store.stats();
        const checks = {
          index: stats.chunks > 0 ? "ok" : "empty",
          provider: `${context.generator.provider}/${context.generator.modelId}`,
        };
        return reply
          .code(stats.chunks > 0 ? 200 : 503)
          .send({ status: stats.chunks > 0 ? "ready" : "not-ready", checks, stats });
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
