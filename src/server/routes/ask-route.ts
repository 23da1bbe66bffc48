import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isProviderError } from "../../answer/providers/provider-error.ts";
import type { Answer } from "../../core/answer.ts";
import { describeError, isDocentError } from "../../core/errors.ts";
import { type AnswerEvent, streamAnswer } from "../../pipeline/stream-answer.ts";
import { buildAnswerRecord } from "../build-answer-record.ts";
import { sendError, statusForDocentError } from "../http-error.ts";
import type { ServerContext } from "../server-context.ts";
import { userHashOf } from "../user-hash-of.ts";

interface AskBody {
  readonly question: string;
  readonly conversationId?: string;
}

const askBodySchema = {
  type: "object",
  required: ["question"],
  additionalProperties: false,
  properties: {
    question: {
      type: "string",
      minLength: 1,
      maxLength: 4000,
      description: "The question, as the user typed it",
    },
    conversationId: { type: "string", maxLength: 200, description: "Groups the answers of one conversation" },
  },
} as const;

/**
 * Turns an answer event into an SSE event name and JSON payload. Generic on purpose: an event
 * type this route does not know is passed on under its own name, with errors turned into text.
 * `provider-failed` tells the client a retry or fallback is under way, with the provider, the
 * status code and the wait, but not the provider's own error text (it can quote request details;
 * the redacted text is in the quality log). Error messages pass through `redact`.
 */
export function toServerSentEvent(
  event: AnswerEvent | { type: string },
  redact: (text: string) => string = (text) => text,
): { name: string; data: unknown } {
  const typed = event as AnswerEvent;
  switch (typed.type) {
    case "provider-failed":
      return {
        name: typed.type,
        data: {
          provider: typed.provider,
          model: typed.model,
          action: typed.action,
          delayMs: typed.delayMs,
          code: isDocentError(typed.error) ? typed.error.code : "INTERNAL",
          statusCode: isProviderError(typed.error) ? typed.error.statusCode : null,
        },
      };
    case "retrieval-done":
      return {
        name: typed.type,
        data: {
          retrieved: typed.retrieved.map((item) => ({
            chunkId: item.chunk.id,
            url: item.chunk.url,
            title: item.chunk.title,
            score: item.score,
          })),
        },
      };
    case "error":
      return {
        name: "error",
        data: {
          code: isDocentError(typed.error) ? typed.error.code : "INTERNAL",
          message: isDocentError(typed.error)
            ? redact(typed.error.message)
            : "The answer failed; see the server log",
        },
      };
    default: {
      const { type, ...rest } = event as { type: string } & Record<string, unknown>;
      const data: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(rest))
        data[key] = value instanceof Error ? describeError(value) : value;
      return { name: type, data };
    }
  }
}

function wantsEventStream(request: FastifyRequest): boolean {
  return (request.headers.accept ?? "").includes("text/event-stream");
}

/** `POST /api/ask`: the same pipeline as `docent ask`, as JSON or as a server-sent event stream. */
export function registerAskRoute(app: FastifyInstance, context: ServerContext): void {
  app.post<{ Body: AskBody }>(
    "/api/ask",
    {
      schema: {
        summary: "Answer a question with cited sources, or refuse",
        description:
          "Returns the same JSON as `docent ask --json`. With `Accept: text/event-stream` streams events: " +
          "retrieval-done, text-delta, citation, refusal, finish (with the whole answer), error.",
        tags: ["answers"],
        body: askBodySchema,
      },
    },
    async (request, reply) => {
      const { lifecycle, metrics, settings, generator } = context;
      const redact = (text: string) => context.redactor.redact(text).text;
      const id = randomUUID();
      const started = performance.now();
      const abort = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableFinished) abort.abort(new Error("The client disconnected"));
      };
      reply.raw.on("close", onClose);
      const userHash = userHashOf(request, settings.userIdSalt);
      if (settings.logQuestions)
        request.log.info({ answerId: id, question: request.body.question }, "question");
      else request.log.info({ answerId: id, questionLength: request.body.question.length }, "question");

      lifecycle.inflight++;
      metrics.inflightAnswers.inc();
      const stream = wantsEventStream(request);
      let answer: Answer | null = null;
      let failure: Error | null = null;
      let refusalReason: string | null = null;
      let retrievedIds: string[] = [];
      const attempts: Array<Answer["attempts"][number]> = [];
      let topSourceTitle: string | null = null;
      try {
        const corpusVersion = (await context.store.stats({ signal: abort.signal })).corpusVersion;
        if (stream) {
          reply.hijack();
          reply.raw.writeHead(200, {
            "content-type": "text/event-stream; charset=utf-8",
            "cache-control": "no-cache, no-transform",
            connection: "keep-alive",
            "x-accel-buffering": "no",
            ...securityHeadersOf(reply.getHeaders()),
          });
          reply.raw.write(`event: answer-id\ndata: ${JSON.stringify({ answerId: id })}\n\n`);
        }
        for await (const event of streamAnswer({
          store: context.store,
          generator,
          question: request.body.question,
          config: context.config,
          signal: abort.signal,
          createId: () => id,
        })) {
          if (event.type === "retrieval-done") {
            retrievedIds = event.retrieved.map((item) => item.chunk.id);
            topSourceTitle = event.retrieved[0]?.chunk.title ?? null;
          } else if (event.type === "refusal") refusalReason = event.reason;
          else if (event.type === "finish") {
            // Failed attempts quote providers' error text: it leaves the server redacted.
            answer = {
              ...event.answer,
              attempts: event.answer.attempts.map((attempt) => ({
                ...attempt,
                error: redact(attempt.error),
              })),
            };
          } else if (event.type === "error") failure = event.error;
          else if (event.type === "provider-failed") {
            metrics.providerFailures.inc({ provider: event.provider, action: event.action });
            attempts.push({
              provider: event.provider,
              model: event.model,
              action: event.action,
              error: describeError(event.error),
            });
          }
          if (stream && !abort.signal.aborted) {
            const outgoing = event.type === "finish" && answer ? { type: "finish" as const, answer } : event;
            const { name, data } = toServerSentEvent(outgoing, redact);
            reply.raw.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
          }
        }
        if (abort.signal.aborted && failure === null) failure = new Error("The client disconnected");
        await record(corpusVersion);
        if (stream) {
          reply.raw.end();
          return reply;
        }
        if (failure !== null) {
          if (isDocentError(failure))
            return sendError(reply, statusForDocentError(failure), failure.code, redact(failure.message));
          request.log.error({ err: failure, answerId: id }, "answer failed");
          return sendError(reply, 500, "INTERNAL", "The answer failed; see the server log");
        }
        return reply.send(answer);
      } finally {
        reply.raw.off("close", onClose);
        lifecycle.inflight--;
        metrics.inflightAnswers.dec();
        if (lifecycle.inflight === 0) for (const resolve of lifecycle.idle) resolve();
      }

      async function record(corpusVersion: number): Promise<void> {
        const totalMs = performance.now() - started;
        const outcome =
          failure !== null
            ? abort.signal.aborted
              ? "aborted"
              : "error"
            : answer?.refused
              ? "refused"
              : "answered";
        metrics.answers.inc({ outcome });
        if (answer) {
          metrics.stageSeconds.observe({ stage: "retrieve" }, answer.timings.retrieveMs / 1000);
          metrics.stageSeconds.observe({ stage: "generate" }, answer.timings.generateMs / 1000);
          metrics.stageSeconds.observe({ stage: "total" }, answer.timings.totalMs / 1000);
        }
        const entry = buildAnswerRecord(
          {
            id,
            question: request.body.question,
            answer,
            refusalReason,
            error: failure === null ? null : describeError(failure),
            retrievedIds,
            topSourceTitle,
            totalMs,
            provider: generator.provider,
            model: generator.modelId,
            attempts,
            corpusVersion,
            userHash,
            conversationId: request.body.conversationId ?? null,
            createdAt: context.now().toISOString(),
          },
          context.redactor,
        );
        if (entry.inputTokens !== null) metrics.tokens.inc({ direction: "input" }, entry.inputTokens);
        if (entry.cachedInputTokens)
          metrics.tokens.inc({ direction: "cached-input" }, entry.cachedInputTokens);
        if (entry.outputTokens !== null) metrics.tokens.inc({ direction: "output" }, entry.outputTokens);
        if (entry.costUsd !== null) metrics.costUsd.inc(entry.costUsd);
        try {
          await context.qualityLog.recordAnswer(entry);
        } catch (error) {
          request.log.error({ err: error, answerId: id }, "could not record the answer in the quality log");
        }
        request.log.info(
          {
            answerId: id,
            outcome,
            totalMs: Math.round(totalMs),
            provider: entry.provider,
            model: entry.model,
          },
          "answer",
        );
      }
    },
  );
}

/** Copies the security headers set by helmet onto a hijacked (streamed) response. */
function securityHeadersOf(headers: Record<string, unknown>): Record<string, string> {
  const copied: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string" && !name.startsWith("content-")) copied[name] = value;
  }
  return copied;
}
