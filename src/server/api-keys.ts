import { createHash, timingSafeEqual } from "node:crypto";

/** sha256 of an API key, hex: the only form in which keys are kept. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * Parses a key list such as `DOCENT_ADMIN_KEYS`: comma-separated entries, each either a key
 * (hashed at once; the plain key is not kept) or `sha256:<64 hex>`, the hash of a key, so the
 * plain key need not sit in the environment at all.
 */
export function parseApiKeyHashes(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) =>
      /^sha256:[0-9a-f]{64}$/i.test(entry) ? entry.slice(7).toLowerCase() : hashApiKey(entry),
    );
}

/** True when `key` hashes to one of `hashes` (constant-time comparison of the hashes). */
export function matchesApiKey(key: string, hashes: readonly string[]): boolean {
  const candidate = Buffer.from(hashApiKey(key), "hex");
  let found = false;
  for (const hash of hashes) {
    if (timingSafeEqual(candidate, Buffer.from(hash, "hex"))) found = true;
  }
  return found;
}

/** The key a request carries: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function apiKeyOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | null {
  const authorization = headers.authorization;
  if (typeof authorization === "string") {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match?.[1]) return match[1];
  }
  const header = headers["x-api-key"];
  return typeof header === "string" && header !== "" ? header : null;
}
