import { createHash } from "node:crypto";

/** sha256 of text or bytes, as lower-case hex. */
export function sha256(input: string | Uint8Array): string {
  return createHash("sha256").update(input).digest("hex");
}

/** A short stable id: the first 16 hex digits of sha256 of the parts joined by NUL. */
export function stableId(...parts: readonly string[]): string {
  return sha256(parts.join("\u0000")).slice(0, 16);
}
