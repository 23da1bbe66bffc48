import type { FastifyRequest } from "fastify";
import { hashUserId } from "../guard/redact/hash-user-id.ts";

/** The salted hash of the request's `x-docent-user` header, or null when it is absent or empty. */
export function userHashOf(request: FastifyRequest, salt: string): string | null {
  const userHeader = request.headers["x-docent-user"];
  return typeof userHeader === "string" && userHeader !== "" ? hashUserId(userHeader, salt) : null;
}
