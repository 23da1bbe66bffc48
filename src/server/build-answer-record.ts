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
  /** The configured generator's provider and model; the Answer's (who really answered) win when there is one. */
  readonly provider: string;
  readonly model: string;
  /** Attempts that failed before the answer (from `provider-failed` events); used when `answer` is null. */
  readonly attempts: AnswerRecord["attempts"];
  readonly corpusVersion: number;
  readonly userHash: string | null;
  readonly conversationId: string | null;
  readonly createdAt: string;
}

/**
 * Builds the quality-log record of an answer: its trace (provider, model, prompt version,
 * usage and cost, truncation, failed attempts) from the finished Answer, or what was known when
 * it failed. The question, the answer text and every error pass through the redactor first:
 * nothing raw reaches storage.
 */
export function buildAnswerRecord(outcome: AnswerOutcome, redactor: Redactor): AnswerRecord {
  const answer = outcome.answer;
  const usage = answer?.usage;
  return {
    id: outcome.id,
    createdAt: outcome.createdAt,
    question: redactor.redact(outcome.question).text,
    answer: answer ? redactor.redact(answer.answer).text : "",
    refused: answer?.refused ?? false,
    refusalReason: outcome.refusalReason === null ? null : redactor.redact(outcome.refusalReason).text,
    userHash: outcome.userHash,
    conversationId: outcome.conversationId,
    provider: answer?.provider ?? outcome.provider,
    model: answer?.model ?? outcome.model,
    promptVersion: answer?.promptVersion ?? null,
    corpusVersion: outcome.corpusVersion,
    timings: {
      retrieveMs: answer?.timings.retrieveMs ?? null,
      generateMs: answer?.timings.generateMs ?? null,
      totalMs: answer?.timings.totalMs ?? outcome.totalMs,
    },
    inputTokens: usage?.inputTokens ?? null,
    cachedInputTokens: usage?.cachedInputTokens ?? null,
    cacheWriteInputTokens: usage ? (usage.cacheWriteInputTokens ?? 0) : null,
    outputTokens: usage?.outputTokens ?? null,
    costUsd: usage?.costUsd ?? null,
    truncated: answer?.truncated ?? false,
    attempts: (answer?.attempts ?? outcome.attempts).map((attempt) => ({
      provider: attempt.provider,
      model: attempt.model,
      action: attempt.action,
      error: redactor.redact(attempt.error).text,
    })),
    error: outcome.error === null ? null : redactor.redact(outcome.error).text,
    retrievedIds: answer ? answer.retrieved.map((item) => item.chunkId) : outcome.retrievedIds,
    citedIds: answer ? answer.citations.map((citation) => citation.chunkId) : [],
    topSourceTitle: answer?.retrieved[0]?.title ?? outcome.topSourceTitle,
  };
}
