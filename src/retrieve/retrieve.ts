import type { RetrievedChunk } from "../core/answer.ts";
import type { FieldWeights, Store } from "../store/store.ts";
import { queryTerms } from "./analyze-text.ts";

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
  readonly signal?: AbortSignal;
}

/**
 * Lexical retrieval: analyses the question into terms, fetches the `candidates` best BM25
 * matches, loads their chunks and drops exact duplicates (same `contentHash`, e.g. a page copied
 * into two folders), keeping the better-ranked copy. Returns at most `topK` chunks, best first.
 * A question with no content words (empty, or only stop words) returns `[]`.
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
  const terms = (options.analyzeQuery ?? queryTerms)(question);
  if (terms.length === 0 || options.topK <= 0) return [];
  const hits = await store.searchLexical(
    { terms, limit: Math.max(options.candidates, options.topK), fieldWeights: options.fieldWeights },
    { signal },
  );
  if (hits.length === 0) return [];
  const chunks = await store.getChunks(
    hits.map((hit) => hit.chunkId),
    { signal },
  );
  const chunksById = new Map(chunks.map((chunk) => [chunk.id, chunk]));

  const retrieved: RetrievedChunk[] = [];
  const seenContent = new Set<string>();
  for (const [index, hit] of hits.entries()) {
    const chunk = chunksById.get(hit.chunkId);
    // A chunk deleted between the search and the load is skipped, as is a repeat of seen content.
    if (!chunk || seenContent.has(chunk.contentHash)) continue;
    seenContent.add(chunk.contentHash);
    retrieved.push({ chunk, score: hit.score, lexicalRank: index + 1 });
    if (retrieved.length >= options.topK) break;
  }
  return retrieved;
}
