import { DEFAULT_ANSWER_PII_TYPES, type PiiType } from "../core/pii-type.ts";
import { createRedactor, type RedactionResult, type Redactor } from "./redact/create-redactor.ts";
import { detectEmails } from "./redact/detect-emails.ts";
import { detectGovernmentIds } from "./redact/detect-government-ids.ts";
import { detectIbans } from "./redact/detect-ibans.ts";
import { detectIpAddresses } from "./redact/detect-ip-addresses.ts";
import { detectNamesAndAddresses } from "./redact/detect-names-and-addresses.ts";
import { detectPaymentCards } from "./redact/detect-payment-cards.ts";
import { createPhoneNumberDetector } from "./redact/detect-phone-numbers.ts";
import { detectSecrets } from "./redact/detect-secrets.ts";
import { maskEntities } from "./redact/mask-entities.ts";
import type { PiiDetector, PiiEntity } from "./redact/pii-entity.ts";

/**
 * Local parts of role addresses that documentation publishes on purpose (`support@acme.com`,
 * `security@...`): they identify a function, not a person, so answers keep them. Any other
 * address is masked, including ones on the reserved example domains (`jane@example.org`):
 * fixtures and pasted support tickets use those domains too, and an example address shown as
 * `[EMAIL]` costs a reader little (the cited source shows the original).
 */
export const ROLE_EMAIL_LOCAL_PARTS: ReadonlySet<string> = new Set(
  "support help helpdesk info contact sales security privacy legal billing admin noreply no-reply hello feedback abuse postmaster webmaster docs team press jobs careers".split(
    " ",
  ),
);

/** Masks personal data and secrets in answer text before a user sees it. */
export interface AnswerRedactor {
  /** `text` with every entity replaced by its placeholder (`[EMAIL]`, `[SECRET]`, ...). */
  redact(text: string): RedactionResult;
  /** A redactor for text that arrives in pieces (a streamed answer). */
  createStream(): RedactingStream;
}

/**
 * Redacts streamed text. It holds back the text after the last sentence or line end, so an
 * entity split across two pieces (`mara.lind` + `qvist@example.com`) is seen whole; a long run
 * without one is released at its last space. Entities never span a sentence end or a space.
 */
export interface RedactingStream {
  /** Takes the next piece; returns the redacted text that is safe to show now (maybe empty). */
  push(text: string): string;
  /** Returns the redacted rest at the end of the stream. */
  flush(): string;
  /** Entities masked so far. */
  readonly masked: number;
}

export interface AnswerRedactorOptions {
  /** Types to mask. Default {@link DEFAULT_ANSWER_PII_TYPES}. */
  readonly types?: readonly PiiType[];
  /** The redactor to find entities with; default `createRedactor({ types })`. */
  readonly redactor?: Redactor;
}

/** Text held back longer than this is released up to its last space, so the stream never stalls. */
const MAX_HELD_CHARACTERS = 2000;
/** A boundary no entity crosses: a sentence end followed by a space, or a line break (not `:`, which separates `password: value`). */
const BOUNDARY = /[.!?]\s|\n/gu;

/**
 * Builds the redactor that answers pass through (`answer.redactPii`). It uses the same detectors
 * as the quality log's redactor (`createRedactor`), limited to `types`, and keeps role addresses
 * ({@link ROLE_EMAIL_LOCAL_PARTS}).
 */
export function createAnswerRedactor(options: AnswerRedactorOptions = {}): AnswerRedactor {
  const types = options.types ?? DEFAULT_ANSWER_PII_TYPES;
  const redactor = options.redactor ?? createRedactor({ types, detectors: detectorsFor(types) });
  const wanted = new Set(types);
  const redact = (text: string): RedactionResult => {
    const entities = redactor
      .find(text)
      .filter((entity) => wanted.has(entity.type) && !isRoleEmail(text, entity));
    return { text: maskEntities(text, entities), entities };
  };
  return {
    redact,
    createStream() {
      let held = "";
      let masked = 0;
      const release = (text: string) => {
        const result = redact(text);
        masked += result.entities.length;
        return result.text;
      };
      return {
        get masked() {
          return masked;
        },
        push(text) {
          held += text;
          let cut = -1;
          for (const match of held.matchAll(BOUNDARY)) cut = match.index + match[0].length;
          if (cut < 0 && held.length > MAX_HELD_CHARACTERS) {
            const space = held.lastIndexOf(" ");
            if (space > 0) cut = space + 1;
          }
          if (cut <= 0) return "";
          const ready = held.slice(0, cut);
          held = held.slice(cut);
          return release(ready);
        },
        flush() {
          const rest = held;
          held = "";
          return rest === "" ? "" : release(rest);
        },
      };
    },
  };
}

/** Only the detectors that find `types`, so an answer does not pay for the NLP tagger unless names are wanted. */
function detectorsFor(types: readonly PiiType[]): PiiDetector[] {
  const wanted = new Set(types);
  const detectors: PiiDetector[] = [];
  if (wanted.has("secret")) detectors.push(detectSecrets);
  if (wanted.has("email")) detectors.push(detectEmails);
  if (wanted.has("iban")) detectors.push(detectIbans);
  if (wanted.has("payment-card")) detectors.push(detectPaymentCards);
  if (wanted.has("government-id")) detectors.push(detectGovernmentIds);
  if (wanted.has("ip-address")) detectors.push(detectIpAddresses);
  if (wanted.has("phone")) detectors.push(createPhoneNumberDetector());
  if (wanted.has("person") || wanted.has("street-address")) detectors.push(detectNamesAndAddresses);
  return detectors;
}

function isRoleEmail(text: string, entity: PiiEntity): boolean {
  if (entity.type !== "email") return false;
  const local = text.slice(entity.start, entity.end).split("@")[0]?.toLowerCase() ?? "";
  return ROLE_EMAIL_LOCAL_PARTS.has(local);
}
