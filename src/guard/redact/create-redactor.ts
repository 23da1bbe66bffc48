import { detectEmails } from "./detect-emails.ts";
import { detectGovernmentIds } from "./detect-government-ids.ts";
import { detectIbans } from "./detect-ibans.ts";
import { detectIpAddresses } from "./detect-ip-addresses.ts";
import { detectNamesAndAddresses } from "./detect-names-and-addresses.ts";
import { detectPaymentCards } from "./detect-payment-cards.ts";
import { createPhoneNumberDetector } from "./detect-phone-numbers.ts";
import { detectSecrets } from "./detect-secrets.ts";
import { maskEntities } from "./mask-entities.ts";
import { PII_TYPES, type PiiDetector, type PiiEntity, type PiiType } from "./pii-entity.ts";

/** A redacted text and the entities that were replaced (offsets into the original text). */
export interface RedactionResult {
  readonly text: string;
  readonly entities: readonly PiiEntity[];
}

/** Finds PII and secrets in text and replaces them with typed placeholders. */
export interface Redactor {
  /** Entities in `text`, non-overlapping, in order. */
  find(text: string): PiiEntity[];
  /** `text` with every entity replaced by its placeholder (`[EMAIL]`, `[PERSON]`, ...). */
  redact(text: string): RedactionResult;
}

export interface RedactorOptions {
  /** Types to look for. Default: all of `PII_TYPES`. */
  readonly types?: readonly PiiType[];
  /** Detectors to use instead of the built-in ones (each may return any types). */
  readonly detectors?: readonly PiiDetector[];
}

/** The built-in detectors: checksummed patterns for structured ids, libphonenumber, compromise NLP. */
export function defaultDetectors(): PiiDetector[] {
  return [
    detectSecrets,
    detectEmails,
    detectIbans,
    detectPaymentCards,
    detectGovernmentIds,
    detectIpAddresses,
    createPhoneNumberDetector(),
    detectNamesAndAddresses,
  ];
}

/**
 * Resolves overlaps: an entity of an earlier type in `PII_TYPES` wins over a later one it
 * overlaps (an e-mail over the name inside it, a card over a phone-like run of its digits); among
 * the same type the longer span wins.
 */
export function resolveOverlaps(entities: readonly PiiEntity[]): PiiEntity[] {
  const rank = (entity: PiiEntity) => PII_TYPES.indexOf(entity.type);
  const byPreference = [...entities].sort(
    (a, b) => rank(a) - rank(b) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PiiEntity[] = [];
  for (const entity of byPreference) {
    if (kept.some((other) => entity.start < other.end && other.start < entity.end)) continue;
    kept.push(entity);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Builds a redactor. Detection is deterministic and local (no network, no model download):
 * regular expressions with checksums (Luhn, IBAN mod 97, SSN and NINO rules, DNI letter),
 * libphonenumber-js for phone numbers, and compromise for person names and street addresses.
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const types = new Set(options.types ?? PII_TYPES);
  const detectors = options.detectors ?? defaultDetectors();
  const find = (text: string): PiiEntity[] => {
    if (text === "") return [];
    const all = detectors.flatMap((detect) => detect(text)).filter((entity) => types.has(entity.type));
    return resolveOverlaps(all);
  };
  return {
    find,
    redact(text) {
      const entities = find(text);
      return { text: maskEntities(text, entities), entities };
    },
  };
}
