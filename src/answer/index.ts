/** @module answer: numbered sources -> grounded prompt -> generator -> cited answer or refusal, plus refusal calibration. */
export {
  buildGroundedPrompt,
  GROUNDED_PROMPT_TEMPLATE,
  neutralizeFences,
  type PromptTemplate,
  templateVersion,
} from "./build-grounded-prompt.ts";
export {
  type CalibrationResult,
  type CalibrationSample,
  calibrateThreshold,
  type ThresholdRow,
} from "./calibrate-threshold.ts";
export { createExtractiveGenerator, type ExtractiveGeneratorOptions } from "./extractive-generator.ts";
export { isRefusal, REFUSAL_MESSAGE } from "./refusal-message.ts";
export {
  type EvidenceReport,
  type ExcludedPassage,
  type QuestionTerm,
  type ScoredPassage,
  type ScoreEvidenceOptions,
  scoreEvidence,
} from "./score-evidence.ts";
export { cleanInlineMarkdown, splitIntoUnits, type TextUnit, type TextUnitKind } from "./split-into-units.ts";
