import { electronicFormatIBAN, isValidIBAN } from "ibantools";
import type { PiiEntity } from "./pii-entity.ts";

// Country code, two check digits, then 11-30 alphanumerics, optionally in groups of four.
const IBAN_CANDIDATE = /\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}\b/g;

/** Finds IBANs whose country length and mod-97 checksum hold (ibantools), in any letter case. */
export function detectIbans(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(IBAN_CANDIDATE)) {
    // A candidate may run on into the next word; try it shortened to each group boundary.
    let candidate = match[0];
    while (candidate.length >= 15) {
      const electronic = electronicFormatIBAN(candidate.toUpperCase()) ?? "";
      if (isValidIBAN(electronic)) {
        found.push({
          type: "iban",
          start: match.index,
          end: match.index + candidate.length,
          rule: "iban-checksum",
        });
        break;
      }
      const lastSpace = candidate.lastIndexOf(" ");
      if (lastSpace < 0) break;
      candidate = candidate.slice(0, lastSpace);
    }
  }
  return found;
}
