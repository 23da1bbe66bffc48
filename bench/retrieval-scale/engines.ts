/**
 * The engines compared by the benchmark, each with its best settings for English docs. Every
 * engine builds an index from the chunks, persists it (size on disk), and reopens it.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { create, insertMultiple, load, search as oramaSearch, save } from "@orama/orama";
import BetterSqlite3 from "better-sqlite3";
import { Charset, Encoder, Index } from "flexsearch";
import MiniSearch from "minisearch";
import { stemmer } from "stemmer";
import { chunkDocument } from "../../src/chunk/chunk-document.ts";
import { configSchema } from "../../src/config/schema.ts";
import type { Chunk } from "../../src/core/document.ts";
import { stableId } from "../../src/core/hash.ts";
import { ingestFolders } from "../../src/pipeline/ingest-folders.ts";
import { queryTerms, STOP_WORDS } from "../../src/retrieve/analyze-text.ts";
import { retrieve } from "../../src/retrieve/retrieve.ts";
import { buildMatchExpression } from "../../src/store/sqlite/build-match-expression.ts";
import { createSqliteStore } from "../../src/store/sqlite/create-sqlite-store.ts";
import type { DocumentWrite } from "../../src/store/store.ts";
import type { BenchChunk } from "./build-corpus.ts";
import { windowOfChunk, writeMarkdownCorpus } from "./markdown-corpus.ts";

export interface Searcher {
  /** Ids of the best `limit` chunks, best first. */
  search(text: string, limit: number): Promise<string[]>;
  close(): Promise<void>;
}

export interface BuiltIndex {
  /** Writes the index to disk (if the engine keeps it in memory) and returns its size in bytes. */
  persist(): Promise<number>;
  /** Opens the persisted index as a new searcher (the cost of a restart). */
  reopen(): Promise<Searcher>;
}

export interface Engine {
  readonly label: string;
  /** Untimed set-up before `build` (writing the corpus as files for a whole-pipeline engine). */
  prepare?(chunks: readonly BenchChunk[], folder: string): Promise<void>;
  build(chunks: readonly BenchChunk[], folder: string): Promise<BuiltIndex>;
}

const config = configSchema.parse({});
/** Documents chunked and written per part of Docent's sync session (the ingest pipeline's batch). */
const BATCH_DOCUMENTS = 1000;
/** Docent's ingest split into its stages (chunking with BPE token counts; the store's write). */
export const phases: { chunkSeconds?: number; storeSeconds?: number } = {};
const fileSize = (...paths: string[]) =>
  paths.reduce((sum, path) => {
    try {
      return sum + statSync(path).size;
    } catch {
      return sum;
    }
  }, 0);

/** A built Docent index file, searched as `docent ask` retrieves; `benchIdOf` names a chunk's window. */
function docentIndex(path: string, benchIdOf: (chunk: Chunk) => string): BuiltIndex {
  return {
    async persist() {
      return fileSize(path, `${path}-wal`);
    },
    async reopen() {
      const reader = createSqliteStore({ path, mode: "read" });
      return {
        async search(text, limit) {
          const retrieved = await retrieve(reader, text, {
            topK: limit,
            candidates: limit,
            fieldWeights: config.retrieval.fieldWeights,
          });
          return retrieved.map(({ chunk }) => benchIdOf(chunk));
        },
        close: () => reader.close(),
      };
    },
  };
}

const docent: Engine = {
  label: "Docent (own BM25 index, MaxScore)",
  async build(chunks, folder) {
    const path = join(folder, "index.db");
    const store = createSqliteStore({ path, mode: "write" });
    const benchIdByDocument = new Map<string, string>();
    // The ingest pipeline's shape: chunk a batch of documents, write it into the open sync
    // session, let it go; one transaction for the whole corpus.
    const sync = await store.beginSync();
    let chunkSeconds = 0;
    let storeSeconds = 0;
    for (let from = 0; from < chunks.length; from += BATCH_DOCUMENTS) {
      const chunkStarted = performance.now();
      const upserts: DocumentWrite[] = [];
      for (const chunk of chunks.slice(from, from + BATCH_DOCUMENTS)) {
        const source = `bench:${chunk.id}`;
        const document = {
          id: stableId(source),
          source,
          url: source,
          title: chunk.title,
          format: "markdown" as const,
          contentHash: stableId(`${chunk.title}\u0000${chunk.text}`),
        };
        benchIdByDocument.set(document.id, chunk.id);
        const chunked = chunkDocument(
          { ...document, blocks: [{ type: "paragraph", text: chunk.text }] },
          config.chunk,
        );
        upserts.push({ document, chunks: chunked });
      }
      const storeStarted = performance.now();
      await sync.write(upserts);
      chunkSeconds += (storeStarted - chunkStarted) / 1000;
      storeSeconds += (performance.now() - storeStarted) / 1000;
    }
    const commitStarted = performance.now();
    await sync.commit();
    storeSeconds += (performance.now() - commitStarted) / 1000;
    phases.chunkSeconds = chunkSeconds;
    phases.storeSeconds = storeSeconds;
    await store.close();
    return docentIndex(path, (chunk) => benchIdByDocument.get(chunk.documentId) ?? chunk.id);
  },
};

/**
 * Docent's whole ingest pipeline, as `docent ingest <folder>` runs it: the corpus written as
 * Markdown files (untimed), then scanned, hashed, parsed, chunked (in parse workers, as the
 * default `ingest.parseWorkers` "auto" does for a large folder) and written to the index.
 */
const docentFiles: Engine = {
  label: "Docent, whole `docent ingest` pipeline from Markdown files",
  async prepare(chunks, folder) {
    writeMarkdownCorpus(chunks, join(folder, "markdown"));
  },
  async build(chunks, folder) {
    const path = join(folder, "index.db");
    const store = createSqliteStore({ path, mode: "write" });
    const summary = await ingestFolders({ store, paths: [join(folder, "markdown")], config, cwd: folder });
    await store.close();
    if (summary.skipped.length > 0) throw new Error(`ingest skipped ${summary.skipped.length} files`);
    // Every chunk back to its window: by file, and the `(part n)` heading it sits under.
    const database = new BetterSqlite3(path, { readonly: true });
    const benchIdOfChunk = new Map<string, string>();
    const fileIndexOf = (source: string) => Number(/page-(\d+)\.md$/u.exec(source)?.[1] ?? -1);
    for (const row of database
      .prepare(
        "SELECT chunks.id, documents.source, chunks.heading_path FROM chunks JOIN documents ON documents.id = chunks.document_id",
      )
      .raw()
      .iterate() as IterableIterator<[string, string, string]>) {
      const heading = (JSON.parse(row[2]) as string[]).at(-1) ?? "";
      const window = chunks[windowOfChunk(fileIndexOf, row[1], heading)];
      if (window) benchIdOfChunk.set(row[0], window.id);
    }
    database.close();
    return docentIndex(path, (chunk) => benchIdOfChunk.get(chunk.id) ?? chunk.id);
  },
};

const fts5: Engine = {
  label: "SQLite FTS5 ORDER BY bm25 (previous Docent path)",
  async build(chunks, folder) {
    const path = join(folder, "fts.db");
    const database = new BetterSqlite3(path);
    database.pragma("journal_mode = WAL");
    database.exec(`CREATE VIRTUAL TABLE fts USING fts5(title, body, content = '', contentless_delete = 1,
      tokenize = 'porter unicode61 remove_diacritics 2')`);
    const insert = database.prepare("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)");
    database.transaction(() => {
      for (const [index, chunk] of chunks.entries()) insert.run(index + 1, chunk.title, chunk.text);
      database.exec("INSERT INTO fts (fts) VALUES ('optimize')");
    })();
    database.close();
    return {
      async persist() {
        return fileSize(path, `${path}-wal`);
      },
      async reopen() {
        const reader = new BetterSqlite3(path, { readonly: true });
        reader.pragma("cache_size = -65536");
        const { title, body } = config.retrieval.fieldWeights;
        const statement = reader
          .prepare(
            `SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, ${title}, ${body}), rowid LIMIT ?`,
          )
          .pluck();
        return {
          async search(text, limit) {
            const match = buildMatchExpression(queryTerms(text));
            if (!match) return [];
            return (statement.all(match, limit) as number[]).map((rowid) => chunks[rowid - 1]?.id ?? "");
          },
          async close() {
            reader.close();
          },
        };
      },
    };
  },
};

const englishTerm = (term: string) => {
  const lower = term.toLowerCase();
  return STOP_WORDS.has(lower) ? null : stemmer(lower);
};
const miniSearchOptions = {
  fields: ["title", "text"],
  idField: "id",
  processTerm: englishTerm,
  searchOptions: { boost: { title: 2 }, combineWith: "OR" as const, processTerm: englishTerm },
};

const minisearch: Engine = {
  label: "MiniSearch 7 (Porter stemmer, stop words, title boost 2)",
  async build(chunks, folder) {
    const path = join(folder, "minisearch.json");
    let index: MiniSearch | undefined = new MiniSearch(miniSearchOptions);
    index.addAll(chunks.map(({ id, title, text }) => ({ id, title, text })));
    return {
      async persist() {
        writeFileSync(path, JSON.stringify(index));
        index = undefined;
        return fileSize(path);
      },
      async reopen() {
        const loaded = MiniSearch.loadJSON(readFileSync(path, "utf8"), miniSearchOptions);
        return {
          async search(text, limit) {
            return loaded
              .search(text)
              .slice(0, limit)
              .map((result) => String(result.id));
          },
          async close() {},
        };
      },
    };
  },
};

const oramaSchema = { title: "string", text: "string" } as const;
const oramaComponents = { tokenizer: { stemming: true, stopWords: [...STOP_WORDS] } };
const orama: Engine = {
  label: "Orama 3 (stemming, stop words, title boost 2)",
  async build(chunks, folder) {
    const path = join(folder, "orama.json");
    let database: ReturnType<typeof create> | undefined = create({
      schema: oramaSchema,
      components: oramaComponents,
    });
    await insertMultiple(
      database,
      chunks.map(({ id, title, text }) => ({ id, title, text })),
      5000,
    );
    return {
      async persist() {
        writeFileSync(path, JSON.stringify(save(database as ReturnType<typeof create>)));
        database = undefined;
        return fileSize(path);
      },
      async reopen() {
        const loaded = create({ schema: oramaSchema, components: oramaComponents });
        load(loaded, JSON.parse(readFileSync(path, "utf8")));
        return {
          async search(text, limit) {
            const result = await oramaSearch(loaded, {
              term: text,
              limit,
              properties: ["title", "text"],
              boost: { title: 2 },
            });
            return result.hits.map((hit) => String(hit.id));
          },
          async close() {},
        };
      },
    };
  },
};

const flexsearch: Engine = {
  label: "FlexSearch 0.8 (LatinBalance encoder, English stemmer + stop words, suggest)",
  async build(chunks, folder) {
    const path = join(folder, "flexsearch.json");
    const english = (await import("flexsearch/lang/en")).default;
    const makeIndex = () =>
      new Index({
        tokenize: "strict",
        resolution: 9,
        encoder: new (Encoder as unknown as new (...options: unknown[]) => Encoder)(
          Charset.LatinBalance,
          english,
        ),
      });
    let index: Index | undefined = makeIndex();
    for (const [position, chunk] of chunks.entries()) index.add(position, `${chunk.title} ${chunk.text}`);
    return {
      async persist() {
        const parts: Record<string, string> = {};
        await (index as Index).export((key: string | number, data: string) => {
          parts[String(key)] = data;
        });
        writeFileSync(path, JSON.stringify(parts));
        index = undefined;
        return fileSize(path);
      },
      async reopen() {
        const loaded = makeIndex();
        const parts = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
        for (const [key, data] of Object.entries(parts)) await loaded.import(key, data);
        return {
          async search(text, limit) {
            const ids = loaded.search(text, { limit, suggest: true }) as number[];
            return ids.map((position) => chunks[position]?.id ?? "");
          },
          async close() {},
        };
      },
    };
  },
};

/** LangChain.js's BM25Retriever keeps documents in memory and scores all of them per query. */
const langchain: Engine = {
  label: "LangChain.js BM25Retriever (@langchain/community)",
  async build(chunks) {
    const folder = process.env.LANGCHAIN_MODULES;
    if (!folder)
      throw new Error("set LANGCHAIN_MODULES to a node_modules folder holding @langchain/community");
    const { BM25Retriever } = (await import(
      pathToFileURL(join(folder, "@langchain/community/dist/retrievers/bm25.js")).href
    )) as {
      BM25Retriever: {
        fromDocuments(
          documents: Array<{ pageContent: string; metadata: Record<string, string> }>,
          options: { k: number },
        ): { k: number; invoke(query: string): Promise<Array<{ metadata: Record<string, string> }>> };
      };
    };
    const documents = chunks.map((chunk) => ({
      pageContent: `${chunk.title}\n${chunk.text}`,
      metadata: { id: chunk.id },
    }));
    return {
      async persist() {
        return 0;
      },
      async reopen() {
        const retriever = BM25Retriever.fromDocuments(documents, { k: 10 });
        return {
          async search(text, limit) {
            retriever.k = limit;
            return (await retriever.invoke(text)).map((document) => document.metadata.id ?? "");
          },
          async close() {},
        };
      },
    };
  },
};

export const ENGINES: Record<string, Engine> = {
  docent,
  "docent-files": docentFiles,
  fts5,
  flexsearch,
  minisearch,
  orama,
  langchain,
};
