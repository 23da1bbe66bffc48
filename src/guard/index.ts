/** @module guard: checks on answers: citation verification, link allowlist, injected-instruction detection and echoes, PII redaction of answers, refusal of requests for other users' data. */

export { DEFAULT_ANSWER_PII_TYPES } from "../core/pii-type.ts";
export {
  type CheckAnswerOptions,
  type CheckedAnswer,
  checkAnswer,
  NO_CITATION_CAVEAT,
  type NoCitationPolicy,
} from "./check-answer.ts";
export {
  type AnswerRedactor,
  type AnswerRedactorOptions,
  createAnswerRedactor,
  type RedactingStream,
  ROLE_EMAIL_LOCAL_PARTS,
} from "./create-answer-redactor.ts";
export { detectInjection, type InjectionVerdict } from "./detect-injection.ts";
export {
  detectOtherUsersDataRequest,
  type OtherUsersDataRequest,
} from "./detect-other-users-data-request.ts";
export { findUnsupportedSentences } from "./find-unsupported-sentences.ts";
export { type InjectionEchoes, removeInjectionEchoes } from "./remove-injection-echoes.ts";
export { allowedUrlsOf, type StrippedLinks, stripUntrustedLinks } from "./strip-untrusted-links.ts";
export { type VerifiedCitations, verifyCitations } from "./verify-citations.ts";
