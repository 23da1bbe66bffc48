/** @module guard/redact: finds personal data and secrets in text and replaces them with typed placeholders. */
export {
  createRedactor,
  defaultDetectors,
  type RedactionResult,
  type Redactor,
  type RedactorOptions,
  resolveOverlaps,
} from "./create-redactor.ts";
export { detectEmails } from "./detect-emails.ts";
export { detectGovernmentIds } from "./detect-government-ids.ts";
export { detectIbans } from "./detect-ibans.ts";
export { detectIpAddresses } from "./detect-ip-addresses.ts";
export { detectNamesAndAddresses } from "./detect-names-and-addresses.ts";
export { detectPaymentCards } from "./detect-payment-cards.ts";
export { createPhoneNumberDetector, DEFAULT_PHONE_REGIONS } from "./detect-phone-numbers.ts";
export { detectSecrets } from "./detect-secrets.ts";
export { hashUserId } from "./hash-user-id.ts";
export { luhnValid } from "./luhn-valid.ts";
export { maskEntities } from "./mask-entities.ts";
export { PII_PLACEHOLDERS, PII_TYPES, type PiiDetector, type PiiEntity, type PiiType } from "./pii-entity.ts";
