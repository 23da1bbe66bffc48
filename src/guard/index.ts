/** @module guard: checks on answers: citation verification, link allowlist, injected-instruction detection and echoes. */

export {
  type CheckAnswerOptions,
  type CheckedAnswer,
  checkAnswer,
  NO_CITATION_CAVEAT,
  type NoCitationPolicy,
} from "./check-answer.ts";
export { detectInjection, type InjectionVerdict } from "./detect-injection.ts";
export { findUnsupportedSentences } from "./find-unsupported-sentences.ts";
export { type InjectionEchoes, removeInjectionEchoes } from "./remove-injection-echoes.ts";
export { allowedUrlsOf, type StrippedLinks, stripUntrustedLinks } from "./strip-untrusted-links.ts";
export { type VerifiedCitations, verifyCitations } from "./verify-citations.ts";
