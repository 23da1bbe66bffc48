import type { Chunk } from "./document.ts";

/** A retrieved chunk with the scores that chose it. */
export interface RetrievedChunk {
  readonly chunk: Chunk;
  /** The final score used for ranking (higher is better). */
  readonly score: number;
  /** 1-based rank in the lexical (BM25) candidate list, or null when it was not a lexical candidate. */
  readonly lexicalRank: number | null;
  /** 1-based rank in the vector candidate list, or null (not a vector candidate, or no vector search). */
  readonly vectorRank?: number | null;
}

/** One numbered source given to a generator. `n` is what the answer cites as `[n]`. */
export interface NumberedSource {
  readonly n: number;
  readonly chunk: Chunk;
}

/** The grounded prompt: what any generator (extractive or LLM) receives. */
export interface GroundedPrompt {
  readonly question: string;
  readonly sources: readonly NumberedSource[];
  /** System instructions (rules), for LLM generators. */
  readonly system: string;
  /** The user message with the fenced, numbered sources and the question, for LLM generators. */
  readonly user: string;
  /** Hash of the template that produced `system` and `user`; recorded with every answer. */
  readonly templateVersion: string;
}

/** Token usage reported by a generator. */
export interface Usage {
  readonly inputTokens: number;
  /** Input tokens read from the provider's prompt cache (part of `inputTokens`). */
  readonly cachedInputTokens: number;
  /**
   * Input tokens written to the provider's prompt cache (part of `inputTokens`; Anthropic's
   * `cache_creation_input_tokens`, billed above the input price). 0 or absent when none.
   */
  readonly cacheWriteInputTokens?: number;
  readonly outputTokens: number;
  /** True when counts were estimated with a tokenizer rather than reported by the provider. */
  readonly estimated: boolean;
}

/** Usage of one answer with its price: the `usage` field of `docent ask --json`. */
export interface AnswerUsage extends Usage {
  /** Cost in US dollars from the configured price table; null when the model has no price entry. */
  readonly costUsd: number | null;
}

/**
 * Events a generator streams. Noun-verb names, a discriminated union on `type`.
 * `usage` and `finish` name the provider and model that actually answered (a fallback chain
 * may answer with a later member); `provider-failed` reports an attempt that failed before any
 * text was streamed and what happens next (a retry after `delayMs`, or the next fallback).
 */
export type GenerateEvent =
  | { readonly type: "text-delta"; readonly text: string }
  | { readonly type: "citation"; readonly n: number }
  | { readonly type: "refusal"; readonly reason: string }
  | {
      readonly type: "usage";
      readonly usage: Usage;
      readonly provider?: string;
      readonly modelId?: string;
    }
  | {
      readonly type: "provider-failed";
      readonly provider: string;
      readonly modelId: string;
      readonly error: Error;
      readonly action: "retry" | "fallback";
      readonly delayMs: number;
    }
  | {
      readonly type: "finish";
      readonly provider?: string;
      readonly modelId?: string;
      /** Why the model stopped; `length` means the output-token limit cut the answer off. */
      readonly finishReason?: FinishReason;
    }
  | { readonly type: "error"; readonly error: Error };

/** Why a generator stopped: done, cut off at the output-token limit, stopped by a content filter, or other. */
export type FinishReason = "stop" | "length" | "content-filter" | "other";

/** Per-call options of {@link Generator.generate}. */
export interface GenerateOptions {
  readonly signal?: AbortSignal;
  /** Most output tokens for this call; the generator's configured limit when absent. */
  readonly maxOutputTokens?: number;
}

/** Something that turns a grounded prompt into an answer. */
export interface Generator {
  /** e.g. `extractive`, `openai`. */
  readonly provider: string;
  readonly modelId: string;
  generate(prompt: GroundedPrompt, options?: GenerateOptions): AsyncIterable<GenerateEvent>;
}

/** A citation in a final answer. */
export interface Citation {
  readonly n: number;
  readonly chunkId: string;
  readonly url: string;
  readonly title: string;
}

/** The answer a user receives (the shape of `docent ask --json`). */
export interface Answer {
  readonly id: string;
  readonly question: string;
  /** The answer text with `[n]` markers, or the refusal message. */
  readonly answer: string;
  readonly refused: boolean;
  readonly citations: readonly Citation[];
  readonly retrieved: ReadonlyArray<{
    readonly chunkId: string;
    readonly url: string;
    readonly title: string;
    /** The final ranking score (as `fusedScore`; kept for compatibility). */
    readonly score: number;
    /** 1-based rank among BM25 candidates, or null when BM25 did not find it (always set by `streamAnswer`). */
    readonly lexicalRank?: number | null;
    /** 1-based rank among vector candidates, or null (not found, or no vector search). */
    readonly vectorRank?: number | null;
    /** The score it was ranked by: fused (hybrid), BM25 (bm25 mode), cosine (vector), or reranker. */
    readonly fusedScore?: number;
  }>;
  readonly timings: { readonly retrieveMs: number; readonly generateMs: number; readonly totalMs: number };
  /** Provider and model that produced the answer (`extractive`/`extractive-v1` by default). */
  readonly provider: string;
  readonly model: string;
  /** Hash of the prompt template (see `templateVersion`), so a change of prompt shows in logs and evals. */
  readonly promptVersion: string;
  /** Tokens and cost of this answer. */
  readonly usage: AnswerUsage;
  /** What the post-generation checks changed; all zero for a clean answer. */
  readonly checks: AnswerChecks;
  /**
   * True when the answer was cut off at the output-token limit (`answer.maxOutputTokens`; the
   * provider's finish reason `length` / `max_tokens`): the text is incomplete.
   */
  readonly truncated: boolean;
  /** Attempts that failed before the answer (retries and fallbacks), oldest first. */
  readonly attempts: ReadonlyArray<{
    readonly provider: string;
    readonly model: string;
    readonly error: string;
    readonly action: "retry" | "fallback";
  }>;
}

/** What the answer checks (`src/guard/`) found and changed in a generated answer. */
export interface AnswerChecks {
  /** `[n]` markers that referred to no provided source and were removed. */
  readonly removedCitations: number;
  /** Sentences whose cited source shares too few words with them (see `guard.minSupport`). */
  readonly unsupportedSentences: readonly string[];
  /** Links and images pointing outside the ingested sources that were removed. */
  readonly strippedLinks: number;
  /** Sentences removed because they repeated text from a passage flagged as prompt injection. */
  readonly injectionEchoes: number;
  /** A caveat shown with the answer (e.g. it cites no source), or null. */
  readonly caveat: string | null;
  /** Personal data and secrets masked in the answer (`answer.redactPii`); absent when not checked. */
  readonly redacted?: number;
}
