import type { PiiEntity } from "./pii-entity.ts";

// US Social Security number, dashed or spaced (a bare 9-digit run is too often something else).
const US_SSN = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g;
// UK National Insurance number: two letters, six digits, a suffix A-D.
const UK_NINO = /\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])\b/g;
// Spanish DNI (8 digits) or NIE (X/Y/Z + 7 digits) with its check letter.
const SPANISH_ID = /\b([XYZ]?)(\d{7,8})-?([A-Z])\b/g;
const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

/**
 * Finds government identity numbers that pass their validity rules:
 * - US SSN: area not 000, 666 or 900-999; group not 00; serial not 0000 (SSA rules).
 * - UK National Insurance number: HMRC's prefix rules (no D, F, I, Q, U, V; not BG, GB, NK, KN, TN, NT, ZZ).
 * - Spanish DNI/NIE: the mod-23 check letter.
 */
export function detectGovernmentIds(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(US_SSN)) {
    const [, area = "", , group = "", serial = ""] = match;
    const areaNumber = Number(area);
    if (areaNumber === 0 || areaNumber === 666 || areaNumber >= 900 || group === "00" || serial === "0000")
      continue;
    found.push({
      type: "government-id",
      start: match.index,
      end: match.index + match[0].length,
      rule: "us-ssn",
    });
  }
  for (const match of text.matchAll(UK_NINO)) {
    if (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(match[1] ?? "")) continue;
    found.push({
      type: "government-id",
      start: match.index,
      end: match.index + match[0].length,
      rule: "uk-nino",
    });
  }
  for (const match of text.matchAll(SPANISH_ID)) {
    const [, prefix = "", digits = "", letter = ""] = match;
    if (prefix === "" && digits.length !== 8) continue;
    if (prefix !== "" && digits.length !== 7) continue;
    const number = Number(
      `${"XYZ".indexOf(prefix) >= 0 && prefix !== "" ? "XYZ".indexOf(prefix) : ""}${digits}`,
    );
    if (DNI_LETTERS[number % 23] !== letter) continue;
    found.push({
      type: "government-id",
      start: match.index,
      end: match.index + match[0].length,
      rule: "es-dni",
    });
  }
  return found;
}
