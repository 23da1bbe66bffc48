/** @module guard: checks on answers: citation verification and injected-instruction detection. */
export { detectInjection, type InjectionVerdict } from "./detect-injection.ts";
export { type VerifiedCitations, verifyCitations } from "./verify-citations.ts";
