import type { Chunk } from "../core/document.ts";
import type { Embedder } from "../core/embedder.ts";
import type { LexicalHit, Store, VectorHit } from "../store/store.ts";

/** Counts of a candidate cache, to show that a calibration computed each list only once. */
export interface CandidateCacheStats {
  readonly queryEmbeddings: number;
  readonly lexicalSearches: number;
  readonly vectorSearches: number;
  readonly hits: number;
}

/** Remembers query vectors and candidate lists, so retrieval can be re-run with other fusion settings. */
export interface CandidateCache {
  /** The store, with `searchLexical`, `searchVector` and `getChunks` answered from memory when seen before. */
  wrapStore(store: Store): Store;
  /** The embedder, with each (text, input type) embedded once. */
  wrapEmbedder(embedder: Embedder): Embedder;
  stats(): CandidateCacheStats;
}

/**
 * A memo of everything in retrieval that does not depend on the fusion settings: the question's
 * vector, the lexical and vector candidate lists, and the chunks loaded. Calibration wraps the
 * store and the query embedder with it and runs the same `retrieve` once per dense weight: the
 * first weight pays for embedding and searching, every other one only re-fuses in memory.
 *
 * Valid only while the index does not change: the cache is keyed by the query, not by the
 * corpus version. Keeps every list it saw (a few MB for a thousand queries).
 */
export function createCandidateCache(): CandidateCache {
  const vectors = new Map<string, Promise<Float32Array>>();
  const lexical = new Map<string, Promise<LexicalHit[]>>();
  const vectorLists = new WeakMap<Float32Array, Map<number, Promise<VectorHit[]>>>();
  const chunks = new Map<string, Chunk>();
  const counts = { queryEmbeddings: 0, lexicalSearches: 0, vectorSearches: 0, hits: 0 };

  return {
    wrapStore(store: Store): Store {
      return overrideStore(store, {
        searchLexical(query, options) {
          const key = JSON.stringify([query.terms, query.limit, query.fieldWeights]);
          const known = lexical.get(key);
          if (known) {
            counts.hits += 1;
            return known;
          }
          counts.lexicalSearches += 1;
          const result = store.searchLexical(query, options);
          lexical.set(key, result);
          result.catch(() => lexical.delete(key));
          return result;
        },
        searchVector(query, options) {
          let byLimit = vectorLists.get(query.vector);
          if (!byLimit) {
            byLimit = new Map();
            vectorLists.set(query.vector, byLimit);
          }
          const known = byLimit.get(query.limit);
          if (known) {
            counts.hits += 1;
            return known;
          }
          counts.vectorSearches += 1;
          const result = store.searchVector(query, options);
          byLimit.set(query.limit, result);
          result.catch(() => byLimit.delete(query.limit));
          return result;
        },
        async getChunks(ids, options) {
          const missing = ids.filter((id) => !chunks.has(id));
          if (missing.length > 0)
            for (const chunk of await store.getChunks(missing, options)) chunks.set(chunk.id, chunk);
          const found: Chunk[] = [];
          for (const id of ids) {
            const chunk = chunks.get(id);
            if (chunk) found.push(chunk);
          }
          return found;
        },
      });
    },

    wrapEmbedder(embedder: Embedder): Embedder {
      async function embedOne(text: string, inputType: "query" | "document", signal?: AbortSignal) {
        const key = `${inputType}\u0000${text}`;
        let vector = vectors.get(key);
        if (vector) counts.hits += 1;
        else {
          counts.queryEmbeddings += 1;
          vector = embedder.embed([text], { inputType, signal }).then(([first]) => {
            if (!first) throw new Error(`${embedder.modelId} returned no vector`);
            return first;
          });
          vectors.set(key, vector);
          vector.catch(() => vectors.delete(key));
        }
        return vector;
      }
      return {
        provider: embedder.provider,
        modelId: embedder.modelId,
        dimensions: embedder.dimensions,
        maxBatchSize: embedder.maxBatchSize,
        embed(texts, options = {}) {
          return Promise.all(
            texts.map((text) => embedOne(text, options.inputType ?? "document", options.signal)),
          );
        },
      };
    },

    stats: () => ({ ...counts }),
  };
}

/**
 * The store with some methods replaced; every other member (including ones added to `Store`
 * later) is the store's own, bound to it.
 */
function overrideStore(store: Store, overrides: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof Store];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
