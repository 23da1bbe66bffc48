import { hash } from "node:crypto";

/**
 * sha256 of text or bytes, as lower-case hex. One-shot `crypto.hash`: no Hash object per call,
 * which matters when every chunk of a large ingest is hashed (faster, and far less native garbage).
 */
export function sha256(input: string | Uint8Array): string {
  return hash("sha256", input, "hex");
}

/** A short stable id: the first 16 hex digits of sha256 of the parts joined by NUL. */
export function stableId(...parts: readonly string[]): string {
  return sha256(parts.join("\u0000")).slice(0, 16);
}
