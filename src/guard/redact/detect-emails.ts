import type { PiiEntity } from "./pii-entity.ts";

// Local part and domain as found in practice (RFC 5322's quoted forms are left out on purpose).
const EMAIL = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}/g;

/** Finds e-mail addresses. */
export function detectEmails(text: string): PiiEntity[] {
  return [...text.matchAll(EMAIL)].map((match) => ({
    type: "email",
    start: match.index,
    end: match.index + match[0].length,
    rule: "email-pattern",
  }));
}
