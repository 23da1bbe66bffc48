import { luhnValid } from "./luhn-valid.ts";
import type { PiiEntity } from "./pii-entity.ts";

// 12 to 19 digits, optionally grouped by single spaces or dashes, not glued to other digits.
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])/g;

/** Finds payment card numbers (12-19 digits, separators allowed) whose Luhn checksum holds. */
export function detectPaymentCards(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(CARD_CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, "");
    // All-same digits (0000 0000 0000 0000) pass Luhn but are placeholders, not cards.
    if (/^(\d)\1+$/.test(digits) || !luhnValid(digits)) continue;
    found.push({
      type: "payment-card",
      start: match.index,
      end: match.index + match[0].length,
      rule: "luhn",
    });
  }
  return found;
}
