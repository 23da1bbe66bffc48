import { createHmac } from "node:crypto";

/**
 * A user id as it may be stored: HMAC-SHA256 of the id keyed with a secret salt, hex. The same
 * id and salt give the same hash (so one user's answers can be grouped), and without the salt the
 * id cannot be recovered by hashing guesses.
 *
 * @param userId - the id as the client sent it.
 * @param salt - a secret of at least 16 characters, kept out of the database (`DOCENT_LOG_SALT`).
 */
export function hashUserId(userId: string, salt: string): string {
  if (salt.length < 16) throw new RangeError("The user-id salt must be at least 16 characters long");
  return createHmac("sha256", salt).update(userId, "utf8").digest("hex");
}
