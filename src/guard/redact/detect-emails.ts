import type { PiiEntity } from "./pii-entity.ts";

// Local part and domain as found in practice (RFC 5322's quoted forms are left out on purpose).
const EMAIL = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}/g;

/** A camelCase last label (`extractive@retrieval.topK`) is a code path, not a top-level domain. */
const CAMEL_CASE_LABEL = /\.[A-Za-z]*[a-z][A-Z][A-Za-z]*$/;

/** Finds e-mail addresses (not `name@setting.camelCase` code such as `extractive@retrieval.topK`). */
export function detectEmails(text: string): PiiEntity[] {
  return [...text.matchAll(EMAIL)]
    .filter((match) => !CAMEL_CASE_LABEL.test(match[0]))
    .map((match) => ({
      type: "email",
      start: match.index,
      end: match.index + match[0].length,
      rule: "email-pattern",
    }));
}
