import type { PiiType } from "../../core/pii-type.ts";

export { PII_TYPES, type PiiType } from "../../core/pii-type.ts";

/** The placeholder that replaces each type of entity in redacted text. */
export const PII_PLACEHOLDERS: Readonly<Record<PiiType, string>> = {
  email: "[EMAIL]",
  phone: "[PHONE]",
  "payment-card": "[CARD]",
  iban: "[IBAN]",
  "ip-address": "[IP]",
  secret: "[SECRET]",
  "government-id": "[GOV_ID]",
  person: "[PERSON]",
  "street-address": "[ADDRESS]",
};

/** One entity found in a text. Offsets are UTF-16 code units, `end` exclusive (like `String.slice`). */
export interface PiiEntity {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
  /** What made it match, e.g. `luhn`, `iban-checksum`, `ssn-rules`, `nlp`. */
  readonly rule: string;
}

/** A detector: finds entities of one or more types in a text. Pure; no I/O. */
export type PiiDetector = (text: string) => PiiEntity[];
