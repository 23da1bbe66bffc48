import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChunkDocumentOptions, chunkDocument } from "../chunk/chunk-document.ts";
import type { Document } from "../core/document.ts";
import { sha256, stableId } from "../core/hash.ts";
import { percentile } from "../core/percentile.ts";
import type { ConfiguredEmbedder } from "../embed/create-embedder.ts";
import { embedChanges } from "../pipeline/embed-changes.ts";
import { type RetrieveOptions, retrieve } from "../retrieve/retrieve.ts";
import { createSqliteStore } from "../store/sqlite/create-sqlite-store.ts";
import type { VectorSearchSettings } from "../store/sqlite/vector-scan/vector-search-settings.ts";
import type { DocumentWrite, FieldWeights, Store } from "../store/store.ts";
import { type BeirDocument, loadBeirDataset } from "./load-beir-dataset.ts";
import { mrrAtK } from "./mrr-at-k.ts";
import { ndcgAtK } from "./ndcg-at-k.ts";
import { recallAtK } from "./recall-at-k.ts";

/** Progress of a BEIR run: documents indexed, then queries answered. */
export interface BeirProgress {
  readonly phase: "index" | "query";
  readonly done: number;
  readonly total: number;
}

/** Settings of a BEIR retrieval run. */
export interface BeirRetrievalOptions {
  /** The dataset folder in BEIR layout (`corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`). */
  readonly datasetDir: string;
  /** The qrels split to score, e.g. `test`; only queries judged in it count. */
  readonly split: string;
  /**
   * Where to keep the index. Default: a temporary file, deleted afterwards. When given, the file
   * is kept and reused: documents whose text and chunk settings are unchanged are not rewritten.
   */
  readonly indexPath?: string;
  /** Retrieval settings (the configuration's `retrieval.fieldWeights`, and a query analyser). */
  readonly retrieval: {
    readonly fieldWeights: FieldWeights;
    /** Turns a query into search terms. Default `queryTerms`. */
    readonly analyzeQuery?: (question: string) => readonly string[];
    /** How vector candidates are searched (`retrieval.vectorSearch`); default the store's. */
    readonly vectorSearch?: VectorSearchSettings;
  };
  /** Chunk sizes, as the configuration's `chunk` section. */
  readonly chunk: ChunkDocumentOptions;
  readonly onProgress?: (progress: BeirProgress) => void;
  /** Embeds the corpus (cached in the index by content) for `vector`/`hybrid` runs. */
  readonly embedder?: ConfiguredEmbedder | null;
  /** Vector, fusion and rerank settings handed to `retrieve` (default BM25 only). */
  readonly hybrid?: Pick<RetrieveOptions, "mode" | "embedder" | "fusion" | "reranker" | "rerankCandidates">;
  /**
   * Wraps the opened store before any query (calibration passes a candidate cache's
   * `wrapStore`, so later runs over the same queries re-fuse in memory).
   */
  readonly wrapStore?: (store: Store) => Store;
  readonly signal?: AbortSignal;
}

/** Scores of a BEIR run, each the mean over the split's judged queries (trec_eval semantics). */
export interface BeirRetrievalResult {
  readonly ndcg10: number;
  readonly recall10: number;
  readonly recall100: number;
  readonly mrr10: number;
  /** How many queries were scored. */
  readonly queries: number;
  /** Seconds spent chunking and writing the corpus into the index (near 0 when reused). */
  readonly indexSeconds: number;
  /** Per-query retrieval time (search, chunk loading, de-duplication), in milliseconds. */
  readonly queryMilliseconds: { readonly p50: number; readonly p95: number };
  /** Per-query retrieval time percentiles in milliseconds (the same timings, with p99). */
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  readonly documents: number;
  readonly chunks: number;
}

/** Documents ranked per query: enough chunk candidates are fetched to fill this many. */
const RANKED_DOCUMENTS = 100;
const FIRST_CANDIDATES = 2 * RANKED_DOCUMENTS;

/**
 * Scores Docent's retrieval on a BEIR dataset. Each corpus document becomes a `Document` (its
 * title, one paragraph with its text, format `beir`) and goes through the same chunker and
 * SQLite store as any ingested document; each query goes through `retrieve`. A document's score
 * is its best chunk's score; chunk candidates are fetched until 100 distinct documents are
 * ranked (or the matches run out).
 */
export async function runBeirRetrieval(options: BeirRetrievalOptions): Promise<BeirRetrievalResult> {
  const { signal } = options;
  const dataset = await loadBeirDataset(options.datasetDir, options.split, { signal });
  const temporaryFolder = options.indexPath ? null : mkdtempSync(join(tmpdir(), "docent-beir-"));
  const opened = createSqliteStore({
    path: options.indexPath ?? join(temporaryFolder as string, "index.db"),
    mode: "write",
    vectorSearch: options.retrieval.vectorSearch,
  });
  const store = options.wrapStore ? options.wrapStore(opened) : opened;
  try {
    const started = performance.now();
    const corpusIdByDocumentId = await indexCorpus(store, dataset.corpus, options);
    const indexSeconds = (performance.now() - started) / 1000;

    const totals = { ndcg10: 0, recall10: 0, recall100: 0, mrr10: 0 };
    const latencies: number[] = [];
    for (const [index, query] of dataset.queries.entries()) {
      const queryStarted = performance.now();
      const ranking = await rankDocuments(store, query.text, options, corpusIdByDocumentId);
      latencies.push(performance.now() - queryStarted);
      const relevance = dataset.qrels.get(query.id) ?? new Map<string, number>();
      totals.ndcg10 += ndcgAtK(ranking, relevance, 10);
      totals.recall10 += recallAtK(ranking, relevance, 10);
      totals.recall100 += recallAtK(ranking, relevance, 100);
      totals.mrr10 += mrrAtK(ranking, relevance, 10);
      options.onProgress?.({ phase: "query", done: index + 1, total: dataset.queries.length });
    }
    const count = dataset.queries.length;
    const stats = await store.stats({ signal });
    return {
      ndcg10: count ? totals.ndcg10 / count : 0,
      recall10: count ? totals.recall10 / count : 0,
      recall100: count ? totals.recall100 / count : 0,
      mrr10: count ? totals.mrr10 / count : 0,
      queries: count,
      indexSeconds,
      queryMilliseconds: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
      },
      documents: stats.documents,
      chunks: stats.chunks,
    };
  } finally {
    await store.close();
    if (temporaryFolder) rmSync(temporaryFolder, { recursive: true, force: true });
  }
}

/**
 * Brings the store in line with the corpus in one change set and returns the map from Docent
 * document ids back to corpus ids. A document's hash covers its text and the chunk settings,
 * so a reused index is rewritten where either changed.
 */
async function indexCorpus(
  store: Store,
  corpus: readonly BeirDocument[],
  options: BeirRetrievalOptions,
): Promise<Map<string, string>> {
  const stored = await store.documentHashes({ signal: options.signal });
  const corpusIdByDocumentId = new Map<string, string>();
  const upserts: DocumentWrite[] = [];
  const settings = `${options.chunk.targetTokens}/${options.chunk.overlapTokens}`;
  for (const [index, beirDocument] of corpus.entries()) {
    const document = toDocument(beirDocument, settings);
    corpusIdByDocumentId.set(document.id, beirDocument.id);
    if (stored.get(document.source) !== document.contentHash) {
      const { blocks: _blocks, ...documentFields } = document;
      upserts.push({ document: documentFields, chunks: chunkDocument(document, options.chunk) });
    }
    stored.delete(document.source);
    if ((index + 1) % 500 === 0 || index + 1 === corpus.length) {
      options.signal?.throwIfAborted();
      options.onProgress?.({ phase: "index", done: index + 1, total: corpus.length });
    }
  }
  const deletions = [...stored.keys()];
  const embedded = options.embedder
    ? await embedChanges(store, options.embedder, { upserts, deletions }, { signal: options.signal })
    : null;
  if (upserts.length > 0 || deletions.length > 0 || embedded?.write) {
    await store.applyChanges({ upserts, deletions, embeddings: embedded?.write }, { signal: options.signal });
  }
  return corpusIdByDocumentId;
}

function toDocument(beirDocument: BeirDocument, chunkSettings: string): Document {
  const source = `beir:${beirDocument.id}`;
  return {
    id: stableId(source),
    source,
    url: source,
    title: beirDocument.title,
    format: "beir",
    contentHash: sha256([beirDocument.title, beirDocument.text, chunkSettings].join("\u0000")),
    blocks: [{ type: "paragraph", text: beirDocument.text }],
  };
}

/** Corpus ids ranked by their best chunk, up to 100 distinct documents. */
async function rankDocuments(
  store: Store,
  question: string,
  options: BeirRetrievalOptions,
  corpusIdByDocumentId: ReadonlyMap<string, string>,
): Promise<string[]> {
  let limit = FIRST_CANDIDATES;
  let previousCount = -1;
  for (;;) {
    const retrieved = await retrieve(store, question, {
      topK: limit,
      candidates: limit,
      fieldWeights: options.retrieval.fieldWeights,
      analyzeQuery: options.retrieval.analyzeQuery,
      ...options.hybrid,
      signal: options.signal,
    });
    // Results come best first, so a document's first chunk is its best one.
    const ranking = new Set<string>();
    for (const { chunk } of retrieved) {
      ranking.add(corpusIdByDocumentId.get(chunk.documentId) ?? chunk.documentId);
      if (ranking.size >= RANKED_DOCUMENTS) break;
    }
    if (ranking.size >= RANKED_DOCUMENTS || ranking.size === previousCount) return [...ranking];
    previousCount = ranking.size;
    limit *= 4;
  }
}
