import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type DocentError, isDocentError } from "../core/errors.ts";

/** The JSON body of every error response: a stable code and a message that says how to fix it. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** Sends an error response. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .type("application/json")
    .send({ error: { code, message } } satisfies ErrorBody);
}

/** HTTP status for a DocentError code (bad input 400, missing index 503, provider down 502/503/504). */
export function statusForDocentError(error: DocentError): number {
  switch (error.code) {
    case "INPUT_INVALID":
      return 400;
    case "INDEX_MISSING":
    case "INDEX_EMPTY":
    case "PROVIDER_UNAVAILABLE":
    case "BUDGET_EXHAUSTED":
      return 503;
    case "PROVIDER_TIMEOUT":
      return 504;
    case "PROVIDER_ERROR":
      return 502;
    default:
      return 500;
  }
}

/**
 * Turns anything thrown in a route into a clear JSON error: Fastify's body-parser and schema
 * errors keep their 4xx status and name the problem; a DocentError maps by its code; anything
 * else is a 500 with no internals (the stack goes to the log only).
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const fastifyError = error as FastifyError;
  if (isDocentError(error)) {
    sendError(reply, statusForDocentError(error), error.code, error.message);
    return;
  }
  if (fastifyError.validation) {
    const context = fastifyError.validationContext ?? "request";
    sendError(reply, 400, "INPUT_INVALID", `Invalid ${context}: ${fastifyError.message}`);
    return;
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) {
    sendError(
      reply,
      413,
      "BODY_TOO_LARGE",
      `The request body is larger than this server accepts: ${fastifyError.message}`,
    );
    return;
  }
  if (fastifyError.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError) {
    sendError(reply, 400, "INPUT_INVALID", `The body is not valid JSON: ${error.message}`);
    return;
  }
  if (status === 429) {
    sendError(reply, 429, "RATE_LIMITED", error.message);
    return;
  }
  if (status >= 400 && status < 500) {
    sendError(reply, status, fastifyError.code ?? "BAD_REQUEST", error.message);
    return;
  }
  request.log.error({ err: error }, "request failed");
  sendError(reply, 500, "INTERNAL", "The server failed to handle the request; see the server log");
}
