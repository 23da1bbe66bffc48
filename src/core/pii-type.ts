/**
 * Every kind of personal or secret data the redactor finds, in the order detectors win an
 * overlap (earlier wins). Here in `core/` so that the config schema (`answer.redactPiiTypes`)
 * and the redactor in `guard/` share one list without `config/` importing `guard/`.
 */
export const PII_TYPES = [
  "secret",
  "email",
  "iban",
  "payment-card",
  "government-id",
  "ip-address",
  "phone",
  "street-address",
  "person",
] as const;

/** The kinds of personal or secret data the redactor finds. */
export type PiiType = (typeof PII_TYPES)[number];

/**
 * What answers mask by default: data that identifies a person or grants access and that the
 * detectors find with high precision in documentation text. Phone numbers, IP addresses, person
 * names and street addresses are left out: on technical docs they are mostly false matches
 * (`5242880` and `10 0.6919` parse as phone numbers, `127.0.0.1` and `10.0.0.0` are configuration
 * examples, the name tagger marks `ms` and `Cohen's`), and masking them would break true answers.
 * Add them with `answer.redactPiiTypes` for a corpus that holds such data.
 */
export const DEFAULT_ANSWER_PII_TYPES: readonly PiiType[] = [
  "secret",
  "email",
  "payment-card",
  "iban",
  "government-id",
];
