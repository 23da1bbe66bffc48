import type { RetrievedChunk } from "../core/answer.ts";
import type { Chunk } from "../core/document.ts";
import type { Embedder } from "../core/embedder.ts";
import type { Reranker } from "../core/reranker.ts";
import type { FieldWeights, Store } from "../store/store.ts";
import { queryTerms } from "./analyze-text.ts";
import { capPerDocument } from "./cap-per-document.ts";
import { DEFAULT_DENSE_WEIGHT } from "./default-dense-weight.ts";
import type { FusedCandidate, ScoredHit } from "./fused-candidate.ts";
import { reciprocalRankFusion } from "./reciprocal-rank-fusion.ts";
import { removeNearDuplicates } from "./remove-near-duplicates.ts";
import { weightedScoreFusion } from "./weighted-score-fusion.ts";

export { DEFAULT_DENSE_WEIGHT };

/** How lexical and vector candidates are fused (the configuration's `retrieval.fusion`). */
export interface FusionOptions {
  /** `weighted` (normalised scores, default) or `rrf` (reciprocal rank fusion). */
  readonly method: "weighted" | "rrf";
  /** Weight of the vector score in weighted fusion, 0-1; default `DEFAULT_DENSE_WEIGHT`. */
  readonly denseWeight?: number;
  /** RRF's rank constant, default 60. */
  readonly rrfK: number;
  /** Nearest chunks fetched by vector search, default 50 (raised to `candidates`). */
  readonly vectorCandidates: number;
}

/** Settings of one retrieval (the `retrieval` section of the configuration, plus a signal). */
export interface RetrieveOptions {
  /** How many chunks to return at most, after de-duplication. Config default 5, range 1-50. */
  readonly topK: number;
  /**
   * How many lexical candidates to fetch before de-duplication. More candidates cost a little
   * time and let duplicates be dropped without returning fewer than `topK`. Config default 50;
   * values below `topK` are raised to `topK`.
   */
  readonly candidates: number;
  /** BM25 weight of each field (title, headings, body); see the configuration schema. */
  readonly fieldWeights: FieldWeights;
  /** Turns the question into search terms. Default `queryTerms` (lower-case words, stop words removed). */
  readonly analyzeQuery?: (question: string) => readonly string[];
  /**
   * `bm25`, `vector` or `hybrid`; `auto` (default) is `hybrid` when an `embedder` is given,
   * else `bm25`. `vector` and `hybrid` need an embedder of the index's model.
   */
  readonly mode?: "auto" | "bm25" | "vector" | "hybrid";
  /** Embeds the question (as a query) for vector search. */
  readonly embedder?: Embedder | null;
  readonly fusion?: FusionOptions;
  /** Word-trigram Jaccard at or above which a lower-ranked chunk is dropped. Default 1 (exact copies only). */
  readonly nearDuplicateThreshold?: number;
  /** Most chunks per document in the result. Default unlimited. */
  readonly maxChunksPerDocument?: number;
  /** Re-scores the best `rerankCandidates` fused chunks jointly with the question. */
  readonly reranker?: Reranker | null;
  /** How many fused candidates the reranker sees. Default 30. */
  readonly rerankCandidates?: number;
  readonly signal?: AbortSignal;
}

/**
 * Retrieval: lexical (BM25) candidates, vector candidates, or both fused; then exact and near
 * duplicates dropped (keeping the better-ranked copy), an optional cross-encoder rerank, and at
 * most `maxChunksPerDocument` per document. Returns at most `topK` chunks, best first, each with
 * its lexical rank, vector rank and the score it was ranked by. A question with no content
 * words returns `[]` in `bm25` mode; the other modes still embed it.
 *
 * @param store - the index to search.
 * @param question - the user's question, as typed.
 */
export async function retrieve(
  store: Store,
  question: string,
  options: RetrieveOptions,
): Promise<RetrievedChunk[]> {
  const { signal } = options;
  if (options.topK <= 0) return [];
  const embedder = options.embedder ?? null;
  const mode =
    options.mode === undefined || options.mode === "auto" ? (embedder ? "hybrid" : "bm25") : options.mode;
  const candidates = Math.max(options.candidates, options.topK);
  const useLexical = mode !== "vector";
  const useVector = mode !== "bm25";
  if (useVector && !embedder) throw new Error(`retrieval mode "${mode}" needs an embedder`);

  const terms = useLexical ? (options.analyzeQuery ?? queryTerms)(question) : [];
  const lexicalSearch: Promise<ScoredHit[]> =
    useLexical && terms.length > 0
      ? store.searchLexical({ terms, limit: candidates, fieldWeights: options.fieldWeights }, { signal })
      : Promise.resolve([]);
  const vectorSearch: Promise<ScoredHit[]> =
    useVector && embedder && question.trim() !== ""
      ? embedder
          .embed([question], { inputType: "query", signal })
          .then(([vector]) =>
            vector
              ? store.searchVector(
                  { vector, limit: Math.max(options.fusion?.vectorCandidates ?? 50, candidates) },
                  { signal },
                )
              : [],
          )
      : Promise.resolve([]);
  const [lexical, vector] = await Promise.all([lexicalSearch, vectorSearch]);

  let fused: FusedCandidate[];
  if (mode === "bm25") fused = asCandidates(lexical, "lexical");
  else if (mode === "vector") fused = asCandidates(vector, "vector");
  else if (options.fusion?.method === "rrf")
    fused = reciprocalRankFusion(lexical, vector, options.fusion.rrfK);
  else fused = weightedScoreFusion(lexical, vector, options.fusion?.denseWeight ?? DEFAULT_DENSE_WEIGHT);
  if (fused.length === 0) return [];

  const chunks = await store.getChunks(
    fused.map((candidate) => candidate.chunkId),
    { signal },
  );
  const chunksById = new Map(chunks.map((chunk) => [chunk.id, chunk]));
  // A chunk deleted between the search and the load is skipped.
  let ranked: Array<{ chunk: Chunk; candidate: FusedCandidate; score: number }> = [];
  for (const candidate of fused) {
    const chunk = chunksById.get(candidate.chunkId);
    if (chunk) ranked.push({ chunk, candidate, score: candidate.fusedScore });
  }
  ranked = removeNearDuplicates(ranked, (item) => item.chunk, options.nearDuplicateThreshold ?? 1);

  if (options.reranker) {
    const head = ranked.slice(0, options.rerankCandidates ?? 30);
    const scores = await options.reranker.rerank(
      question,
      head.map((item) => item.chunk.text),
      { signal },
    );
    const reranked = head
      .map((item, index) => ({ ...item, score: scores[index] ?? Number.NEGATIVE_INFINITY }))
      .sort((left, right) => right.score - left.score);
    ranked = [...reranked, ...ranked.slice(head.length)];
  }

  if (options.maxChunksPerDocument !== undefined) {
    ranked = capPerDocument(ranked, (item) => item.chunk.documentId, options.maxChunksPerDocument);
  }
  return ranked.slice(0, options.topK).map(({ chunk, candidate, score }) => ({
    chunk,
    score,
    lexicalRank: candidate.lexicalRank,
    vectorRank: candidate.vectorRank,
  }));
}

/** One list as fused candidates, keeping its own scores. */
function asCandidates(hits: readonly ScoredHit[], list: "lexical" | "vector"): FusedCandidate[] {
  return hits.map((hit, index) => ({
    chunkId: hit.chunkId,
    fusedScore: hit.score,
    lexicalRank: list === "lexical" ? index + 1 : null,
    vectorRank: list === "vector" ? index + 1 : null,
  }));
}
