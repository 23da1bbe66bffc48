import type { Chunk } from "./document.ts";

/** A retrieved chunk with the scores that chose it. */
export interface RetrievedChunk {
  readonly chunk: Chunk;
  /** The final score used for ranking (higher is better). */
  readonly score: number;
  /** 1-based rank in the lexical (BM25) candidate list, or null when it was not a lexical candidate. */
  readonly lexicalRank: number | null;
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
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
  /** True when counts were estimated with a tokenizer rather than reported by the provider. */
  readonly estimated: boolean;
}

/** Events a generator streams. Noun-verb names, a discriminated union on `type`. */
export type GenerateEvent =
  | { readonly type: "text-delta"; readonly text: string }
  | { readonly type: "citation"; readonly n: number }
  | { readonly type: "refusal"; readonly reason: string }
  | { readonly type: "usage"; readonly usage: Usage }
  | { readonly type: "finish" }
  | { readonly type: "error"; readonly error: Error };

/** Something that turns a grounded prompt into an answer. */
export interface Generator {
  /** e.g. `extractive`, `openai`. */
  readonly provider: string;
  readonly modelId: string;
  generate(prompt: GroundedPrompt, options?: { signal?: AbortSignal }): AsyncIterable<GenerateEvent>;
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
    readonly score: number;
  }>;
  readonly timings: { readonly retrieveMs: number; readonly generateMs: number; readonly totalMs: number };
}
