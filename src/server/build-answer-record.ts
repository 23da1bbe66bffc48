import type { Answer } from "../core/answer.ts";
import type { Redactor } from "../guard/redact/create-redactor.ts";
import type { AnswerRecord } from "../observe/quality-log.ts";

/** What is known about an answer when it is recorded; `answer` is null when it failed. */
export interface AnswerOutcome {
  readonly id: string;
  readonly question: string;
  readonly answer: Answer | null;
  readonly refusalReason: string | null;
  readonly error: string | null;
  readonly retrievedIds: readonly string[];
  readonly topSourceTitle: string | null;
  readonly totalMs: number;
  readonly provider: string;
  readonly model: string;
  readonly corpusVersion: number;
  readonly userHash: string | null;
  readonly conversationId: string | null;
  readonly createdAt: string;
}

/** The fields of an Answer that newer pipelines add (provider, usage, ...); read defensively. */
interface AnswerTrace {
  readonly provider?: string;
  readonly model?: string;
  readonly promptVersion?: string;
  readonly usage?: {
    readonly inputTokens?: number;
    readonly outputTokens?: number;
    readonly costUsd?: number | null;
  };
}

/**
 * Builds the quality-log record of an answer. The question, the answer text and the error pass
 * through the redactor first: nothing raw reaches storage.
 */
export function buildAnswerRecord(outcome: AnswerOutcome, redactor: Redactor): AnswerRecord {
  const answer = outcome.answer;
  const trace = (answer ?? {}) as AnswerTrace;
  return {
    id: outcome.id,
    createdAt: outcome.createdAt,
    question: redactor.redact(outcome.question).text,
    answer: answer ? redactor.redact(answer.answer).text : "",
    refused: answer?.refused ?? false,
    refusalReason: outcome.refusalReason === null ? null : redactor.redact(outcome.refusalReason).text,
    userHash: outcome.userHash,
    conversationId: outcome.conversationId,
    provider: trace.provider ?? outcome.provider,
    model: trace.model ?? outcome.model,
    promptVersion: trace.promptVersion ?? null,
    corpusVersion: outcome.corpusVersion,
    timings: {
      retrieveMs: answer?.timings.retrieveMs ?? null,
      generateMs: answer?.timings.generateMs ?? null,
      totalMs: answer?.timings.totalMs ?? outcome.totalMs,
    },
    inputTokens: trace.usage?.inputTokens ?? null,
    outputTokens: trace.usage?.outputTokens ?? null,
    costUsd: trace.usage?.costUsd ?? null,
    error: outcome.error === null ? null : redactor.redact(outcome.error).text,
    retrievedIds: answer ? answer.retrieved.map((item) => item.chunkId) : outcome.retrievedIds,
    citedIds: answer ? answer.citations.map((citation) => citation.chunkId) : [],
    topSourceTitle: answer?.retrieved[0]?.title ?? outcome.topSourceTitle,
  };
}
