/** @module pipeline: wires the stages together: folder sync into the index, and question to cited answer. */
export { createGenerator } from "./create-generator.ts";
export {
  type IngestFoldersOptions,
  type IngestProgress,
  type IngestSummary,
  ingestFolders,
} from "./ingest-folders.ts";
export { type AnswerEvent, answerQuestion, type StreamAnswerOptions, streamAnswer } from "./stream-answer.ts";
