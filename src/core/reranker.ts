/** Something that re-scores (question, passage) pairs jointly, e.g. a cross-encoder. */
export interface Reranker {
  /** e.g. `local`. */
  readonly provider: string;
  readonly modelId: string;
  /** One relevance score per passage, in order; higher is more relevant. */
  rerank(
    question: string,
    passages: readonly string[],
    options?: { signal?: AbortSignal },
  ): Promise<number[]>;
  close?(): Promise<void>;
}
