import type { FastifyInstance } from "fastify";
import { sendError } from "../http-error.ts";
import type { ServerContext } from "../server-context.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** `/api/admin/*`: the quality log for the admin page. The API-key check is a hook in `createServer`. */
export function registerAdminRoutes(app: FastifyInstance, context: ServerContext): void {
  const tags = ["admin"];
  const security = [{ apiKey: [] }];
  const since = (days: number) => new Date(context.now().getTime() - days * DAY_MS).toISOString();
  const daysQuery = {
    type: "object",
    properties: { days: { type: "integer", minimum: 1, maximum: 366, default: 30 } },
  } as const;

  app.get<{ Querystring: { limit: number } }>(
    "/api/admin/answers",
    {
      schema: {
        summary: "Recent answers (redacted) with their feedback",
        tags,
        security,
        querystring: {
          type: "object",
          properties: { limit: { type: "integer", minimum: 1, maximum: 500, default: 50 } },
        },
      },
    },
    async (request) => ({ answers: await context.qualityLog.recentAnswers({ limit: request.query.limit }) }),
  );

  app.get<{ Params: { id: string } }>(
    "/api/admin/answers/:id",
    { schema: { summary: "One answer with its full trace", tags, security } },
    async (request, reply) => {
      const answer = await context.qualityLog.getAnswer(request.params.id);
      if (!answer)
        return sendError(
          reply,
          404,
          "ANSWER_NOT_FOUND",
          `No answer with id "${request.params.id}" was recorded`,
        );
      return answer;
    },
  );

  app.get<{ Querystring: { days: number } }>(
    "/api/admin/gaps",
    {
      schema: {
        summary: "Refused and down-rated questions grouped by topic",
        tags,
        security,
        querystring: daysQuery,
      },
    },
    async (request) => ({
      gaps: await context.qualityLog.gaps({ since: since(request.query.days), limit: 50 }),
    }),
  );

  app.get<{ Querystring: { days: number } }>(
    "/api/admin/stats",
    {
      schema: {
        summary: "Per-day latency percentiles, cost, error and refusal counts",
        tags,
        security,
        querystring: daysQuery,
      },
    },
    async (request) => ({ days: await context.qualityLog.dailyStats({ since: since(request.query.days) }) }),
  );

  app.post(
    "/api/admin/retention",
    { schema: { summary: "Delete quality-log rows older than the retention setting now", tags, security } },
    async () => {
      const days = context.settings.retentionDays;
      if (days === 0) return { deleted: 0, retentionDays: 0 };
      return { deleted: await context.qualityLog.deleteOlderThan(since(days)), retentionDays: days };
    },
  );
}
