import type { FastifyInstance } from "fastify";
import { retrieve } from "../../retrieve/retrieve.ts";
import { sendError } from "../http-error.ts";
import type { ServerContext } from "../server-context.ts";
import { userHashOf } from "../user-hash-of.ts";

/** `POST /api/feedback`, `GET /api/search`, `GET /api/sources`, `GET /api/chunks/:id`. */
export function registerPublicRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post<{ Body: { answerId: string; rating: "up" | "down"; comment?: string } }>(
    "/api/feedback",
    {
      schema: {
        summary: "Rate an answer (thumbs up or down) with an optional comment",
        tags: ["answers"],
        body: {
          type: "object",
          required: ["answerId", "rating"],
          additionalProperties: false,
          properties: {
            answerId: { type: "string", minLength: 1, maxLength: 100 },
            rating: { type: "string", enum: ["up", "down"] },
            comment: { type: "string", maxLength: 2000 },
          },
        },
      },
    },
    async (request, reply) => {
      const { answerId, rating, comment } = request.body;
      const stored = await context.qualityLog.recordFeedback({
        answerId,
        rating,
        createdAt: context.now().toISOString(),
        comment:
          comment === undefined || comment.trim() === "" ? null : context.redactor.redact(comment).text,
        userHash: userHashOf(request, context.settings.userIdSalt),
      });
      if (!stored)
        return sendError(reply, 404, "ANSWER_NOT_FOUND", `No answer with id "${answerId}" was recorded`);
      context.metrics.feedback.inc({ rating });
      return reply.code(201).send({ ok: true });
    },
  );

  app.get<{ Querystring: { q: string; k?: number } }>(
    "/api/search",
    {
      schema: {
        summary: "Retrieve the chunks that best match a query (no answer is generated)",
        tags: ["search"],
        querystring: {
          type: "object",
          required: ["q"],
          properties: {
            q: { type: "string", minLength: 1, maxLength: 1000, description: "The query" },
            k: {
              type: "integer",
              minimum: 1,
              maximum: 50,
              description: "How many chunks (default retrieval.topK)",
            },
          },
        },
      },
    },
    async (request) => {
      const retrieved = await retrieve(context.store, request.query.q, {
        ...context.config.retrieval,
        topK: request.query.k ?? context.config.retrieval.topK,
      });
      return {
        results: retrieved.map((item) => ({
          chunkId: item.chunk.id,
          title: item.chunk.title,
          headingPath: item.chunk.headingPath,
          url: item.chunk.url,
          score: item.score,
          text: item.chunk.text,
        })),
      };
    },
  );

  app.get("/api/sources", { schema: { summary: "The ingested documents", tags: ["search"] } }, async () => {
    const documents = await context.store.listDocuments();
    return {
      documents: documents.map(({ id, url, title, format, chunkCount, ingestedAt }) => ({
        id,
        url,
        title,
        format,
        chunkCount,
        ingestedAt,
      })),
    };
  });

  app.get<{ Params: { id: string } }>(
    "/api/chunks/:id",
    { schema: { summary: "One chunk's text, for citation previews and the source view", tags: ["search"] } },
    async (request, reply) => {
      const [chunk] = await context.store.getChunks([request.params.id]);
      if (!chunk)
        return sendError(reply, 404, "CHUNK_NOT_FOUND", `No chunk with id "${request.params.id}" is indexed`);
      return {
        chunkId: chunk.id,
        title: chunk.title,
        headingPath: chunk.headingPath,
        anchor: chunk.anchor,
        url: chunk.url,
        text: chunk.text,
      };
    },
  );
}
