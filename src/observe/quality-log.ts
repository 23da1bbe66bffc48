/** One answer as the quality log keeps it: redacted text plus its trace. */
export interface AnswerRecord {
  readonly id: string;
  /** ISO 8601 time the answer finished. */
  readonly createdAt: string;
  /** Redacted question. */
  readonly question: string;
  /** Redacted answer text (or refusal message). */
  readonly answer: string;
  readonly refused: boolean;
  readonly refusalReason: string | null;
  /** Salted hash of the user id, or null when the request named no user. */
  readonly userHash: string | null;
  readonly conversationId: string | null;
  readonly provider: string;
  readonly model: string;
  readonly promptVersion: string | null;
  readonly corpusVersion: number;
  readonly timings: {
    readonly retrieveMs: number | null;
    readonly generateMs: number | null;
    readonly totalMs: number;
  };
  readonly inputTokens: number | null;
  /** Input tokens read from the provider's prompt cache (part of `inputTokens`). */
  readonly cachedInputTokens: number | null;
  /** Input tokens written to the provider's prompt cache (part of `inputTokens`). */
  readonly cacheWriteInputTokens: number | null;
  readonly outputTokens: number | null;
  readonly costUsd: number | null;
  /** True when the model hit the output-token limit and the answer is cut off. */
  readonly truncated: boolean;
  /** Provider attempts that failed before the answer (retries, fallbacks), oldest first; errors redacted. */
  readonly attempts: ReadonlyArray<{
    readonly provider: string;
    readonly model: string;
    readonly action: "retry" | "fallback";
    readonly error: string;
  }>;
  /** Error message (redacted) when the answer failed, else null. */
  readonly error: string | null;
  readonly retrievedIds: readonly string[];
  readonly citedIds: readonly string[];
  /** Title of the best retrieved source: the "topic" refused questions are grouped by. */
  readonly topSourceTitle: string | null;
}

/** Feedback on one answer. */
export interface FeedbackRecord {
  readonly answerId: string;
  readonly createdAt: string;
  readonly rating: "up" | "down";
  /** Redacted comment. */
  readonly comment: string | null;
  readonly userHash: string | null;
}

/** An answer with the feedback given on it. */
export interface AnswerWithFeedback extends AnswerRecord {
  readonly feedback: readonly FeedbackRecord[];
}

/** Refused or down-rated questions that share a topic: a gap in the docs. */
export interface TopicGap {
  /** The best-matching source title, or `(no matching page)`. */
  readonly topic: string;
  readonly refused: number;
  readonly downRated: number;
  readonly examples: ReadonlyArray<{ readonly answerId: string; readonly question: string }>;
}

/** Figures of one day (UTC). */
export interface DailyStats {
  readonly day: string;
  readonly answers: number;
  readonly errors: number;
  readonly refusals: number;
  readonly costUsd: number;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
  readonly latencyP99Ms: number | null;
}

/**
 * Where answers and feedback are recorded for quality review. The SQLite version keeps them in
 * the index file; a Postgres version implements the same interface.
 */
export interface QualityLog {
  readonly kind: string;
  recordAnswer(record: AnswerRecord): Promise<void>;
  /** Returns false when no answer with that id was recorded. */
  recordFeedback(record: FeedbackRecord): Promise<boolean>;
  recentAnswers(options: { limit: number }): Promise<AnswerWithFeedback[]>;
  getAnswer(id: string): Promise<AnswerWithFeedback | null>;
  gaps(options: { since: string; limit: number }): Promise<TopicGap[]>;
  dailyStats(options: { since: string }): Promise<DailyStats[]>;
  /** Deletes answers (and their feedback) and feedback older than `before`; returns rows deleted. */
  deleteOlderThan(before: string): Promise<number>;
  close(): Promise<void>;
}
